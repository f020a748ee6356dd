"""`hocvuso agency create|list|officer|import|export|pdf`: agencies, their officers and staff lists.

    hocvuso agency create "UBND phường Tân Định" [--course COURSE_ID] [--parent AGENCY]
    hocvuso agency officer AGENCY USERNAME [--remove]
    hocvuso agency import AGENCY staff.xlsx          # or .csv; all rows or none, bad rows named by line
    hocvuso agency export AGENCY --out list.xlsx     # or .csv; --unit "phuong tan dinh" --status not_finished
    hocvuso agency pdf AGENCY --out chung-nhan.pdf   # the list (who has a certificate), then every certificate
    hocvuso agency list [--json]

AGENCY is an agency's id or its exact name. Inside the LMS: `manage.py lms hocvuso agency ...`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graders.cli.common import CliError, arg, print_json, setup_django, subcommand, writable_target, write_atomically

STATUSES = ["finished", "not_finished", "in_progress", "not_started"]


def _agency(reference: str):
    from graders.models import Agency

    found = Agency.objects.filter(pk=int(reference)).first() if reference.isdigit() else None
    found = found or Agency.objects.filter(name=reference).first()
    if found is None:
        raise CliError(f"no agency {reference!r} (see `hocvuso agency list`)")
    return found


def _targets(args: argparse.Namespace, count: int, usage: str) -> list[str]:
    if len(args.targets) != count:
        raise CliError(f"usage: hocvuso agency {args.action} {usage}")
    return args.targets


@subcommand("agency", "agencies' staff lists: create, list, officer (grant or --remove), import a list, export, "
            "pdf (every certificate of the agency's people)",
            arg("action", choices=["create", "list", "officer", "import", "export", "pdf"]),
            arg("targets", nargs="*", help="create: NAME; officer: AGENCY USERNAME; import: AGENCY FILE; "
                                           "export, pdf: AGENCY"),
            arg("--course", help="create: the course the agency's staff follow"),
            arg("--parent", help="create: the agency this one belongs to"),
            arg("--remove", action="store_true", help="officer: take the officer's access away"),
            arg("--out", metavar="FILE", help="export: .xlsx or .csv file to write; pdf: .pdf file"),
            arg("--unit", default="", help="export: only units containing this (accents and case ignored)"),
            arg("--status", choices=STATUSES, help="export: only people in this state"),
            arg("--json", action="store_true", help="list as JSON"))
def agency_command(args: argparse.Namespace) -> int:
    target = None
    if args.action == "export":
        if not args.out or Path(args.out).suffix.lower() not in (".csv", ".xlsx"):
            raise CliError("export needs --out FILE ending in .xlsx or .csv")
        target = writable_target(args.out)
    if args.action == "pdf":
        if not args.out:
            raise CliError("pdf needs --out FILE")
        target = writable_target(args.out)
    if args.action == "import":
        path = Path(_targets(args, 2, "AGENCY FILE")[1])
        if not path.is_file():
            raise CliError(f"{path} does not exist")
    setup_django()
    return ACTIONS[args.action](args, target)


def _create(args: argparse.Namespace, _target) -> int:
    from graders.models import Agency

    (name,) = _targets(args, 1, "NAME")
    name = " ".join(name.split())
    if not name or len(name) > 255:
        raise CliError("an agency's name is 1 to 255 characters")
    if Agency.objects.filter(name=name).exists():
        raise CliError(f"an agency named {name!r} exists already")
    parent = _agency(args.parent) if args.parent else None
    agency = Agency.objects.create(name=name, parent=parent, course_id=args.course or "")
    print(f"agency {agency.pk} created: {agency.name}")
    return 0


def _list(args: argparse.Namespace, _target) -> int:
    from django.db.models import Count

    from graders.models import Agency

    rows = [{"id": agency.pk, "name": agency.name, "course_id": agency.course_id, "parent": agency.parent_id,
             "people": agency.people, "officers": agency.officer_count}
            for agency in Agency.objects.annotate(people=Count("members", distinct=True),
                                                  officer_count=Count("officers", distinct=True)).order_by("name")]
    if args.json:
        print_json({"agencies": rows})
        return 0
    for row in rows:
        print(f"{row['id']:>5}  {row['name']}  ({row['people']} people, {row['officers']} officers)")
    return 0


def _officer(args: argparse.Namespace, _target) -> int:
    from django.contrib.auth import get_user_model

    from graders.models import AgencyOfficer

    reference, username = _targets(args, 2, "AGENCY USERNAME")
    agency = _agency(reference)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CliError(f"no user {username!r}")
    if args.remove:
        removed, _ = AgencyOfficer.objects.filter(agency=agency, user=user).delete()
        print(f"{username} {'is no longer' if removed else 'was not'} an officer of {agency.name}")
        return 0
    AgencyOfficer.objects.get_or_create(agency=agency, user=user)
    print(f"{username} is an officer of {agency.name}")
    return 0


def _import(args: argparse.Namespace, _target) -> int:
    from graders.agencies.roster import RosterError
    from graders.agencies.staff_list import StaffListRefused, import_staff_list

    reference, file_name = args.targets
    agency = _agency(reference)
    path = Path(file_name)
    try:
        summary = import_staff_list(agency, path.read_bytes())
    except RosterError as error:
        raise CliError(f"{path}: {error}; nothing was imported") from None
    except StaffListRefused as error:
        for problem in error.problems:
            print(f"{path}: {problem}", file=sys.stderr)
        more = error.count - len(error.problems)
        raise CliError(f"{error}{f' ({more} not shown)' if more else ''}") from None
    if summary.personal_columns:
        print(f"not stored (personal data): {', '.join(summary.personal_columns)}", file=sys.stderr)
    print(f"imported {summary.people} people into {agency.name} ({summary.linked} already learning, "
          f"{summary.groups_changed} learners' group or unit changed)")
    return 0


def _export(args: argparse.Namespace, target: Path) -> int:
    from django.utils import timezone

    from graders.agencies.staff_list import export_csv, export_xlsx, staff_rows

    (reference,) = _targets(args, 1, "AGENCY --out FILE")
    agency = _agency(reference)
    rows = staff_rows(agency, unit=args.unit, status=args.status or "")
    writer = export_xlsx if target.suffix.lower() == ".xlsx" else export_csv
    write_atomically(target, writer(agency, rows, timezone.localdate()))
    print(f"wrote {target}")
    return 0


def _pdf(args: argparse.Namespace, target: Path) -> int:
    from graders.certificates.pdf import PdfFontError
    from graders.certificates.printing import group_certificates_pdf
    from graders.models import AgencyMember

    (reference,) = _targets(args, 1, "AGENCY --out FILE")
    agency = _agency(reference)
    people = [(learner_id, name or username or subject_id) for learner_id, name, username, subject_id in
              AgencyMember.objects.filter(agency=agency).order_by("unit_key", "name_key", "id")
              .values_list("learner_id", "name", "username", "subject_id")]
    try:
        write_atomically(target, group_certificates_pdf(agency.name, people, agency.course_id or None))
    except PdfFontError as error:
        raise CliError(str(error)) from None
    print(f"wrote {target} ({len(people)} people)")
    return 0


ACTIONS = {"create": _create, "list": _list, "officer": _officer, "import": _import, "export": _export,
           "pdf": _pdf}
