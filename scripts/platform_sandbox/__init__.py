"""Identity-platform sandbox: a stand-in for VNeID's side, run as its own process (`python -m platform_sandbox`).

Used by the demo and the tests only; production delivers to the real platform. It imports nothing from
Django: it knows graders only through HTTP (the certificate API it serves, the issuer's public
endpoints it fetches) and the shared, framework-free credential verifier.
"""
