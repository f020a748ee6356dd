"""`hocvuso policy load|list|remove`: the certificate policies an installed LMS keeps in its database.

An installed LMS has no course folder: its operator loads each course's certificate_policy.json (from the
course folder or the course archive that Studio imports) once, and again after changing it. Inside the
LMS: `manage.py lms hocvuso policy load /path/to/course.tar.gz`.
"""

from __future__ import annotations

import argparse
import json
import tarfile
import tempfile
from pathlib import Path

from graders.cli.common import CliError, arg, setup_django, subcommand


def _course_root(folder: Path) -> Path:
    """The folder holding course.xml: `folder` itself or the one folder of an exported archive."""
    if (folder / "course.xml").is_file():
        return folder
    found = sorted(path.parent for path in folder.glob("*/course.xml"))
    if len(found) != 1:
        raise CliError(f"{folder}: no course.xml here or in exactly one sub-folder; give an OLX course folder "
                       "or a course archive (.tar.gz)")
    return found[0]


def _load_one(path: Path) -> tuple[str, bool]:
    from graders.course_policies import store_course_policy
    from graders.policy import PolicyError, read_course_policy

    with tempfile.TemporaryDirectory(prefix="hocvuso-course-") as temporary:
        if path.is_file():
            try:
                with tarfile.open(path) as archive:
                    archive.extractall(temporary, filter="data")  # refuses absolute paths, links out, devices
            except (tarfile.TarError, OSError) as error:
                raise CliError(f"{path}: not a readable course archive ({error})") from None
            folder = Path(temporary)
        elif path.is_dir():
            folder = path
        else:
            raise CliError(f"{path}: no such course folder or archive")
        try:
            stored = read_course_policy(_course_root(folder))
            row, created = store_course_policy(stored, source=str(path))
        except PolicyError as error:
            raise CliError(f"{path}: nothing loaded: {error}") from None
    return row.course_id, created


@subcommand("policy", "course certificate policies kept in the database: load (check and store), list, remove",
            arg("action", choices=["load", "list", "remove"]),
            arg("targets", nargs="*", help="load: course folders or archives (.tar.gz); remove: course ids"),
            arg("--json", action="store_true", help="list as JSON"))
def policy_command(args: argparse.Namespace) -> int:
    setup_django()
    from graders.models import CoursePolicy

    if args.action == "load":
        if not args.targets:
            raise CliError("name the course folders or archives to load")
        for target in args.targets:
            course_id, created = _load_one(Path(target))
            print(f"{'loaded' if created else 'replaced'} the certificate policy of {course_id} from {target}")
        return 0
    if args.action == "remove":
        if not args.targets:
            raise CliError("name the course ids whose policy to remove")
        stored = set(CoursePolicy.objects.filter(course_id__in=args.targets).values_list("course_id", flat=True))
        unknown = [course_id for course_id in args.targets if course_id not in stored]
        if unknown:
            raise CliError(f"no stored policy for {', '.join(unknown)}; nothing removed")
        CoursePolicy.objects.filter(course_id__in=args.targets).delete()
        print(f"removed the certificate policy of {', '.join(args.targets)}")
        return 0
    rows = [{"course_id": row.course_id, "source": row.source, "loaded_at": row.loaded_at.isoformat(),
             "achievements": sorted(row.document.get("achievements", {})),
             "groups": sorted(row.document.get("groups", {}))}
            for row in CoursePolicy.objects.order_by("course_id")]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("no certificate policy is stored; load one with `hocvuso policy load <course folder or archive>`")
    for row in rows if not args.json else []:
        print(f"{row['course_id']}\t{row['loaded_at']}\t{row['source']}")
    return 0
