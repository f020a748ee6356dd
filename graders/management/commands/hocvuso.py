"""`manage.py lms hocvuso ...`: the `hocvuso` command line inside the host's settings (the LMS's, in Open edX).

Any `hocvuso` subcommand works, e.g. `manage.py lms hocvuso policy load /openedx/data/course.tar.gz`.
"""

import argparse

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a `hocvuso` subcommand (policy, keys, issue, outbox, ...) with this site's settings."

    def add_arguments(self, parser) -> None:
        parser.add_argument("arguments", nargs=argparse.REMAINDER, help="the hocvuso subcommand and its arguments")

    def handle(self, *args, arguments: list[str], **options) -> None:
        from graders.cli import main

        status = main(arguments or ["--help"])
        if status:
            raise CommandError(f"hocvuso {' '.join(arguments)} failed (exit status {status})", returncode=status)
