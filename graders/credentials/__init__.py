"""Verifiable certificates, framework-free: Open Badges 3.0 credentials, eddsa-rdfc-2022 proofs,
did:web keys, Bitstring status lists and a verifier. The Django layer is graders.certificates.issuing and friends."""
