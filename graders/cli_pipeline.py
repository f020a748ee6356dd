"""`hocvuso` subcommands of the pipeline: report, import-grades, link, outbox list|retry|stats.

graders/cli.py registers them with `cli_pipeline.register(subparsers)`; each handler returns an exit
code and prints operator-readable messages (never a stack trace for bad input).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "graders.demo_site.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _progress(done: int, total: int, width: int = 30) -> None:
    """A one-line progress bar on stderr (redrawn in place)."""
    filled = int(width * done / total) if total else width
    percent = 100 * done / total if total else 100
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({percent:3.0f}%)")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


# report ----------------------------------------------------------------------------------------
def cmd_report(args: argparse.Namespace) -> int:
    _django()
    from graders.reports import completion_rows, write_csv

    rows = completion_rows(args.course, args.unit)
    if args.output and args.output != "-":
        with open(args.output, "w", newline="", encoding="utf-8") as out:
            write_csv(rows, out)
        print(f"wrote {len(rows)} rows to {args.output}", file=sys.stderr)
    else:
        write_csv(rows, sys.stdout)
    return 0


# import-grades -----------------------------------------------------------------------------------
def cmd_import_grades(args: argparse.Namespace) -> int:
    _django()
    from graders.grade_report import GradeReportError, count_rows, read_grade_report
    from graders.intake import IntakeError, LearnerInfo, ProgressEvent, course_policies, record_progress

    policies = course_policies()
    course_id = args.course or (next(iter(policies)) if len(policies) == 1 else None)
    if course_id not in policies:
        print(f"error: say which course with --course (known: {', '.join(policies) or 'none'})", file=sys.stderr)
        return 2
    path = Path(args.csv)
    if not path.is_file():
        print(f"error: {path} does not exist", file=sys.stderr)
        return 2
    with path.open(encoding="utf-8-sig", newline="") as stream:
        total = count_rows(stream)
    imported = events_stored = 0
    batch: list = []

    def flush() -> None:
        nonlocal events_stored
        if batch:
            events_stored += record_progress(batch).stored
            batch.clear()

    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            for row in read_grade_report(stream, policies[course_id].structure.blocks):
                learner = LearnerInfo(row.user_id, username=row.username or None, subject_id=row.subject_id,
                                      group=row.group, unit=row.unit)
                batch.extend(ProgressEvent(learner, course_id, url_name, earned=earned, possible=possible,
                                           completed=True) for url_name, earned, possible in row.scores)
                imported += 1
                if len(batch) >= 500:
                    flush()
                if not args.quiet and (imported % 50 == 0 or imported == total):
                    _progress(imported, total)
            flush()
    except (GradeReportError, IntakeError) as error:
        print(f"\nerror: {error} (rows before this batch were imported)", file=sys.stderr)
        return 1
    print(f"imported {imported} learners, {events_stored} block scores into {course_id}", file=sys.stderr)
    return 0


# link ------------------------------------------------------------------------------------------------
def cmd_link(args: argparse.Namespace) -> int:
    _django()
    from graders.intake import IntakeError, LearnerInfo, link_learner

    try:
        link = link_learner(LearnerInfo(args.user_id, display_name=args.name, subject_id=args.subject_id,
                                        group=args.group, unit=args.unit))
    except IntakeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"learner {link.lms_user_id} linked (group {link.group or 'default'}, unit {link.unit or '-'})")
    return 0


# outbox ----------------------------------------------------------------------------------------------
def cmd_outbox(args: argparse.Namespace) -> int:
    _django()
    from django.db.models import Count

    from graders.delivery import retry_dead
    from graders.models import Outbox

    if args.outbox_command == "stats":
        counts = dict(Outbox.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
        print(json.dumps({state: counts.get(state, 0) for state in Outbox.State.values}))
        return 0
    if args.outbox_command == "retry":
        if not args.all and not args.ids:
            print("error: name the outbox ids to retry, or --all", file=sys.stderr)
            return 2
        count = retry_dead(None if args.all else args.ids)
        print(f"{count} dead deliveries queued again")
        if count:
            from graders.tasks import deliver_outbox

            try:
                deliver_outbox.delay(None)
            except Exception as error:  # the worker's sweep picks them up anyway
                print(f"note: could not reach the broker ({error}); the next sweep will send them", file=sys.stderr)
        return 0
    rows = Outbox.objects.select_related("learner").order_by("id")
    if args.state:
        rows = rows.filter(state=args.state)
    rows = list(rows[: args.limit])
    if args.json:
        print(json.dumps([{"id": r.id, "idempotency_key": r.idempotency_key, "state": r.state,
                           "attempts": r.attempts, "learner": r.learner.lms_user_id,
                           "last_error": r.last_error} for r in rows], ensure_ascii=False))
        return 0
    print(f"{'id':>7}  {'state':<9} {'tries':>5}  {'learner':<20} last error")
    for r in rows:
        print(f"{r.id:>7}  {r.state:<9} {r.attempts:>5}  {r.learner.lms_user_id[:20]:<20} {r.last_error[:80]}")
    return 0


def register(subparsers) -> None:
    """Add the pipeline's subcommands to the `hocvuso` parser."""
    report = subparsers.add_parser("report", help="CSV of completions per course, group and unit")
    report.add_argument("--course", help="only this course id")
    report.add_argument("--unit", help="only this unit (school or agency)")
    report.add_argument("-o", "--output", help="write to this file (default: standard output)")
    report.set_defaults(handler=cmd_report)

    grades = subparsers.add_parser("import-grades", help="import an Open edX problem grade report (CSV)")
    grades.add_argument("csv", help="the grade report file")
    grades.add_argument("--course", help="course id (needed when several courses are configured)")
    grades.add_argument("--quiet", action="store_true", help="no progress bar")
    grades.set_defaults(handler=cmd_import_grades)

    link = subparsers.add_parser("link", help="link an LMS learner to their pseudonymous identity-platform id")
    link.add_argument("user_id")
    link.add_argument("subject_id")
    link.add_argument("--group")
    link.add_argument("--unit")
    link.add_argument("--name", help="name printed on the certificate")
    link.set_defaults(handler=cmd_link)

    outbox = subparsers.add_parser("outbox", help="deliveries to the identity platform; dead letters")
    actions = outbox.add_subparsers(dest="outbox_command", required=True)
    listing = actions.add_parser("list", help="list deliveries (e.g. --state dead)")
    listing.add_argument("--state", choices=["pending", "sending", "delivered", "dead"])
    listing.add_argument("--limit", type=int, default=100)
    listing.add_argument("--json", action="store_true")
    retry = actions.add_parser("retry", help="give dead deliveries a fresh set of tries")
    retry.add_argument("ids", nargs="*", type=int)
    retry.add_argument("--all", action="store_true")
    actions.add_parser("stats", help="how many deliveries are in each state (JSON)")
    outbox.set_defaults(handler=cmd_outbox)


def main(argv: list[str] | None = None) -> int:
    """Run only the pipeline's subcommands (until graders/cli.py registers them)."""
    parser = argparse.ArgumentParser(prog="hocvuso")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
