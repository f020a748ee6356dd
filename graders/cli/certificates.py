"""`hocvuso` subcommands of the certificates: keys, did-document, issue, revoke, verify, status-list, pdf,
class-pdf."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from graders.cli.common import CliError, arg, print_json, setup_django, subcommand, writable_target, write_atomically

# -- keys -------------------------------------------------------------------------------------------


@subcommand("keys", "manage the issuer's signing keys",
            arg("action", choices=["create", "rotate", "list"],
                help="create the first key, rotate to a new one (the old one stays published), or list"),
            arg("--if-missing", action="store_true",
                help="create: do nothing when a key exists already (for init jobs that run again)"))
def keys_command(args: argparse.Namespace) -> int:
    setup_django()
    from graders.certificates.issuing import issuer_did, key_store
    from graders.credentials.keys import KeyStoreError

    store = key_store()
    try:
        if args.action == "create" and args.if_missing and store.list():
            print(f"a key exists already ({issuer_did()}); none created")
        elif args.action == "create":
            info = store.create()
            print(f"created key {issuer_did()}#{info.fragment}")
        elif args.action == "rotate":
            info = store.rotate()
            print(f"new active key {issuer_did()}#{info.fragment}; previous key retired (still published)")
        else:
            keys = store.list()
            if not keys:
                print("no keys yet; run `hocvuso keys create`")
            for info in keys:
                retired = f" retired {info.retired}" if info.retired else ""
                print(f"{info.status:8} {issuer_did()}#{info.fragment} created {info.created}{retired}")
    except KeyStoreError as error:
        raise CliError(str(error)) from None
    return 0


@subcommand("did-document", "print the issuer's DID document (what /.well-known/did.json serves)")
def did_document_command(args: argparse.Namespace) -> int:
    setup_django()
    from graders.certificates.issuing import did_document

    print_json(did_document())
    return 0


# -- certificates -----------------------------------------------------------------------------------


@subcommand("issue", "issue (or re-print) the certificate of one learner",
            arg("--learner", required=True, metavar="SUBJECT_ID",
                help="the identity platform's pseudonymous subject id (never an ID card number)"),
            arg("--name", required=True, help="the learner's name as printed on the PDF (not signed)"),
            arg("--achievement", metavar="ID", help="achievement id (default: the course's main certificate)"),
            arg("--out", metavar="FILE", help="also write the signed credential JSON to FILE"))
def issue_command(args: argparse.Namespace) -> int:
    target = writable_target(args.out) if args.out else None
    setup_django()
    from graders.certificates.issuing import CertificateError, issue_certificate, verify_url

    try:
        certificate, created = issue_certificate(args.learner, args.name, args.achievement)
    except CertificateError as error:
        raise CliError(str(error)) from None
    if target:
        write_atomically(target, certificate.credential_json.encode("utf-8"))
    print(f"{'issued' if created else 'already issued'} certificate {certificate.id}")
    print(f"verify: {verify_url(certificate.id)}")
    return 0


@subcommand("revoke", "revoke a certificate (final) and re-sign its status list",
            arg("cert_id", metavar="CERT_ID", help="the certificate's UUID"),
            arg("--reason", default="", help="why (shown on the verify page and stamped on the PDF)"))
def revoke_command(args: argparse.Namespace) -> int:
    setup_django()
    from graders.certificates.issuing import CertificateError, revoke_certificate

    try:
        certificate = revoke_certificate(args.cert_id, args.reason)
    except CertificateError as error:
        raise CliError(str(error)) from None
    print(f"certificate {certificate.id} revoked at {certificate.revoked_at:%Y-%m-%d %H:%M:%S %Z}")
    return 0


@subcommand("verify", "verify a credential JSON file; exit status 0 only if it is valid",
            arg("file", metavar="FILE"),
            arg("--online", action="store_true",
                help="resolve the issuer's DID and status list over HTTP even for this issuer"))
def verify_command(args: argparse.Namespace) -> int:
    try:
        document = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(f"no such file: {args.file}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise CliError(f"{args.file} is not a JSON credential: {error}") from None
    setup_django()
    from graders.certificates.issuing import issuer_did, verify_own
    from graders.credentials.resolvers import HttpResolvers
    from graders.credentials.verify import verify_credential
    from graders.settings.common import setting

    issuer = document.get("issuer") if isinstance(document, dict) else None
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer == issuer_did() and not args.online:
        result = verify_own(document)
    else:
        resolvers = HttpResolvers(allow_http_hosts=set(setting("HOCVUSO_DID_WEB_HTTP_HOSTS")))
        result = verify_credential(document, resolve_did=resolvers.resolve_did,
                                   fetch_status_list=resolvers.fetch_status_list)
    print(f"status: {result.status}")
    for error in result.errors:
        print(f"  - {error}")
    return 0 if result.ok else 1


@subcommand("status-list", "print a signed status list credential",
            arg("list_id", type=int, metavar="LIST_ID"))
def status_list_command(args: argparse.Namespace) -> int:
    setup_django()
    from graders.models.certificates import StatusList

    found = StatusList.objects.filter(pk=args.list_id).exclude(signed_json="").first()
    if found is None:
        raise CliError(f"no status list {args.list_id}")
    print(found.signed_json)
    return 0


@subcommand("pdf", "write the printable PDF certificate",
            arg("cert_id", metavar="CERT_ID"), arg("--out", required=True, metavar="FILE"))
def pdf_command(args: argparse.Namespace) -> int:
    import uuid

    target = writable_target(args.out)
    try:
        cert_id = uuid.UUID(args.cert_id)
    except ValueError:
        raise CliError(f"{args.cert_id!r} is not a certificate id (a UUID)") from None
    setup_django()
    from graders.certificates.pdf import PdfFontError
    from graders.certificates.printing import certificate_pdf_bytes
    from graders.models.certificates import Certificate

    certificate = Certificate.objects.filter(pk=cert_id).first()
    if certificate is None:
        raise CliError(f"no certificate {cert_id}")
    try:
        write_atomically(target, certificate_pdf_bytes(certificate))
    except PdfFontError as error:
        raise CliError(str(error)) from None
    print(f"wrote {target}")
    return 0


@subcommand("class-pdf", "write one PDF with a class's list and every certificate its learners earned",
            arg("class_id", metavar="CLASS_ID", type=int), arg("--out", required=True, metavar="FILE"))
def class_pdf_command(args: argparse.Namespace) -> int:
    target = writable_target(args.out)
    setup_django()
    from graders.certificates.pdf import PdfFontError
    from graders.certificates.views import class_pdf_bytes
    from graders.models import Class

    klass = Class.objects.filter(pk=args.class_id).first()
    if klass is None:
        raise CliError(f"no class {args.class_id}")
    try:
        write_atomically(target, class_pdf_bytes(klass))
    except PdfFontError as error:
        raise CliError(str(error)) from None
    print(f"wrote {target} ({klass.memberships.count()} learners)")
    return 0
