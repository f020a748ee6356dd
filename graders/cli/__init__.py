"""The `hocvuso` command line: keys, issuing, revocation, verification, reports, imports.

SUBCOMMANDS is the one registry: every subcommand is listed here, described where it is defined
(graders.cli.certificates, graders.cli.pipeline, graders.cli.policy, graders.cli.agencies) with @subcommand.
"""

from __future__ import annotations

import argparse
import os
import sys

from graders.cli import agencies, certificates, pipeline, policy
from graders.cli.common import MIGRATE_HINT, CliError, OneLineArgumentParser, Subcommand

SUBCOMMANDS: tuple[Subcommand, ...] = (
    certificates.keys_command,
    certificates.did_document_command,
    certificates.issue_command,
    certificates.revoke_command,
    certificates.verify_command,
    certificates.status_list_command,
    certificates.pdf_command,
    certificates.class_pdf_command,
    pipeline.report_command,
    pipeline.import_grades_command,
    pipeline.link_command,
    pipeline.outbox_command,
    pipeline.sweep_command,
    policy.policy_command,
    agencies.agency_command,
)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineArgumentParser(
        prog="hocvuso",
        description="hocvuso: certificates and reports for the Bình dân học vụ số course.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in SUBCOMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        for names, options in command.arguments:
            sub.add_argument(*names, **options)
        sub.set_defaults(handler=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        return args.handler(args)
    except CliError as error:
        print(f"hocvuso {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"hocvuso {args.command}: error: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback for an operator; HOCVUSO_TRACEBACK=1 shows it
        if os.environ.get("HOCVUSO_TRACEBACK") == "1":
            raise
        from django.db import DatabaseError

        detail = (str(error).splitlines() or [""])[0][:300]
        hint = MIGRATE_HINT if isinstance(error, DatabaseError) else "set HOCVUSO_TRACEBACK=1 to see where it failed"
        print(f"hocvuso {args.command}: error: {type(error).__name__}: {detail}; {hint}", file=sys.stderr)
        return 1

