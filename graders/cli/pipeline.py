"""`hocvuso` subcommands of the pipeline: report, import-grades, link, outbox list|retry|stats.

Described with @subcommand and listed in graders.cli.SUBCOMMANDS. Each returns an exit code; expected
errors are raised as CliError (one line, exit status 2, nothing changed).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

from graders.cli.common import CliError, arg, setup_django, subcommand, writable_target, write_atomically

MAX_GRADE_REPORT_BYTES = 200_000_000
GRADE_BATCH_ROWS = 200  # learners per intake call (one transaction holds them all)


def _progress(done: int, total: int, width: int = 30) -> None:
    """A one-line progress bar on stderr (redrawn in place)."""
    filled = int(width * done / total) if total else width
    percent = 100 * done / total if total else 100
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({percent:3.0f}%)")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


# report ----------------------------------------------------------------------------------------
@subcommand("report", "CSV of completions per course, target group and unit (school or agency)",
            arg("--course", help="only this course id"), arg("--unit", help="only this unit"),
            arg("-o", "--output", help="write to this file (default: standard output)"))
def report_command(args: argparse.Namespace) -> int:
    target = writable_target(args.output) if args.output and args.output != "-" else None
    setup_django()
    from graders.pipeline.reports import completion_rows, write_csv

    rows = completion_rows(args.course, args.unit)
    if target:
        out = io.StringIO()
        write_csv(rows, out)
        write_atomically(target, out.getvalue().encode("utf-8"))
        print(f"wrote {len(rows)} rows to {target}", file=sys.stderr)
    else:
        write_csv(rows, sys.stdout)
    return 0


# import-grades -----------------------------------------------------------------------------------
@subcommand("import-grades", "import an Open edX problem grade report (CSV) as block scores",
            arg("csv", help="the grade report file"),
            arg("--course", help="course id (needed when several courses are configured)"),
            arg("--quiet", action="store_true", help="no progress bar"))
def import_grades_command(args: argparse.Namespace) -> int:
    setup_django()
    from django.db import transaction

    from graders.course_policies import course_policies
    from graders.pipeline.grade_report import GradeReportError, read_grade_report
    from graders.pipeline.intake import IntakeError, LearnerInfo, ProgressEvent, record_progress
    from graders.pipeline.tasks import schedule_evaluation

    policies = course_policies()
    course_id = args.course or (next(iter(policies)) if len(policies) == 1 else None)
    if course_id not in policies:
        raise CliError(f"say which course with --course (known: {', '.join(policies) or 'none'})")
    path = Path(args.csv)
    if not path.is_file():
        raise CliError(f"{path} does not exist")
    if path.stat().st_size > MAX_GRADE_REPORT_BYTES:
        raise CliError(f"{path} is larger than {MAX_GRADE_REPORT_BYTES // 1_000_000} MB; split it by learners")
    try:
        report = read_grade_report(path.read_bytes(), policies[course_id].structure.blocks)
    except GradeReportError as error:
        raise CliError(f"{path}: {error}; nothing was imported") from None
    if report.problem_count:
        for problem in report.problems:
            print(f"{path}: {problem}", file=sys.stderr)
        more = report.problem_count - len(report.problems)
        raise CliError(f"{report.problem_count} rows refused{f' ({more} not shown)' if more else ''}; "
                       "correct them and import the file again; nothing was imported")
    total, events_stored = len(report.rows), 0
    try:
        with transaction.atomic():  # all rows or none: a later batch's refusal undoes the earlier ones
            for start in range(0, total, GRADE_BATCH_ROWS):
                batch = [ProgressEvent(LearnerInfo(row.user_id, username=row.username or None,
                                                   subject_id=row.subject_id, group=row.group, unit=row.unit),
                                       course_id, url_name, earned=earned, possible=possible, completed=True)
                         for row in report.rows[start:start + GRADE_BATCH_ROWS]
                         for url_name, earned, possible in row.scores]
                result = record_progress(batch)
                schedule_evaluation(result.learner_ids)  # queued when the whole import commits
                events_stored += result.stored
                if not args.quiet:
                    _progress(min(start + GRADE_BATCH_ROWS, total), total)
    except IntakeError as error:
        sys.stderr.write("\n")
        chunk = report.rows[start:start + GRADE_BATCH_ROWS]  # intake numbers events, so name the lines
        raise CliError(f"lines {chunk[0].line}-{chunk[-1].line}: {error}; nothing was imported") from None
    print(f"imported {total} learners, {events_stored} block scores into {course_id} (read as {report.encoding})",
          file=sys.stderr)
    return 0


# link ------------------------------------------------------------------------------------------------
@subcommand("link", "link an LMS learner to their pseudonymous identity-platform subject id",
            arg("user_id"), arg("subject_id"), arg("--group"), arg("--unit"),
            arg("--name", help="name printed on the certificate"))
def link_command(args: argparse.Namespace) -> int:
    setup_django()
    from graders.pipeline.intake import IntakeError, LearnerInfo, link_learner
    from graders.pipeline.tasks import schedule_evaluation

    try:
        link = link_learner(LearnerInfo(args.user_id, display_name=args.name, subject_id=args.subject_id,
                                        group=args.group, unit=args.unit))
    except IntakeError as error:
        raise CliError(str(error)) from None
    schedule_evaluation([link.id])
    print(f"learner {link.lms_user_id} linked (group {link.group or 'default'}, unit {link.unit or '-'})")
    return 0


# outbox ----------------------------------------------------------------------------------------------
@subcommand("outbox", "deliveries to the identity platform: list, retry dead letters, stats",
            arg("action", choices=["list", "retry", "stats"]),
            arg("ids", nargs="*", type=int, help="outbox ids to retry"),
            arg("--all", action="store_true", help="retry every dead delivery"),
            arg("--state", choices=["pending", "sending", "delivered", "dead"], help="list only this state"),
            arg("--limit", type=int, default=100), arg("--json", action="store_true"))
def outbox_command(args: argparse.Namespace) -> int:
    setup_django()

    from graders.models import Outbox
    from graders.pipeline.delivery import retry_dead

    if args.action == "stats":
        print(json.dumps(outbox_stats()))
        return 0
    if args.action == "retry":
        if not args.all and not args.ids:
            raise CliError("name the outbox ids to retry, or --all")
        count = retry_dead(None if args.all else args.ids)
        print(f"{count} dead deliveries queued again")
        if count:
            from graders.pipeline.tasks import deliver_outbox

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


def outbox_stats() -> dict:
    """What an alert needs: rows per state, how long the oldest undelivered row has waited, dead letters."""
    from django.db.models import Count, Min
    from django.utils import timezone

    from graders.models import Outbox

    counts = dict(Outbox.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    waiting = Outbox.objects.filter(state__in=[Outbox.State.PENDING, Outbox.State.SENDING])
    oldest = waiting.aggregate(oldest=Min("created_at"))["oldest"]
    dead = Outbox.objects.filter(state=Outbox.State.DEAD)
    return {
        "counts": {state: counts.get(state, 0) for state in Outbox.State.values},
        "oldest_pending_age_s": round((timezone.now() - oldest).total_seconds(), 1) if oldest else None,
        "dead_letters": counts.get(Outbox.State.DEAD, 0),
        "dead_letter_ids": list(dead.order_by("id").values_list("id", flat=True)[:100]),
    }


# sweep -----------------------------------------------------------------------------------------------
@subcommand("sweep", "re-queue overdue deliveries and evaluations once, or every N seconds (no Celery beat)",
            arg("--every", type=float, metavar="SECONDS", help="keep sweeping, every SECONDS (a service)"))
def sweep_command(args: argparse.Namespace) -> int:
    setup_django()
    import time

    from graders.pipeline.tasks import sweep

    if args.every is not None and args.every <= 0:
        raise CliError("--every takes a number of seconds above 0")
    while True:
        started = time.monotonic()
        try:
            print(json.dumps(sweep()), flush=True)
        except Exception as error:  # the database or broker is away for a moment: say so, try next round
            if args.every is None:
                raise CliError(f"the sweep failed: {error}") from None
            print(f"sweep failed, trying again in {args.every} s: {type(error).__name__}: {error}",
                  file=sys.stderr, flush=True)
        if args.every is None:
            return 0
        time.sleep(max(0.0, args.every - (time.monotonic() - started)))
