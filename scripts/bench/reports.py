"""Benchmark: the staff pages with 10,000 learners (issue 13, point 7; target: each answer in <= 1 s).

Builds, in a throwaway database (SQLite, or a private MariaDB/PostgreSQL server with --db), N learners of
the pipeline tests' mini course with realistic progress: 70 % have started (1 to 5 graded blocks each),
40 % have a certificate (5 % of those revoked), and an agency whose staff list names all N, imported from
a generated XLSX through the officer's own import (timed too). Certificates and progress rows are written
in bulk as the pipeline leaves them: signing N credentials is scripts/bench/issue.py's subject, not this.

Then times, through Django's whole request stack (test Client, signed in as the agency's officer or the
class's teacher), the median of --repeat runs after one warm-up:
  - the agency list, first page, unfiltered and filtered (unit typed without accents + "not finished");
  - the exports: XLSX unfiltered, CSV unfiltered, XLSX filtered;
  - the class view's JSON (graders:class-live-json) for a class of --class-size learners, when main has it.
Prints figures, then a final JSON line {"n": N, "db": ..., "<figure>_s": seconds, ..., "max_s": ...}.

    .venv/bin/python scripts/bench/reports.py [--n 10000] [--db sqlite|mariadb|postgresql]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "scripts")]
os.environ.setdefault("HOCVUSO_VAR_DIR", tempfile.mkdtemp(prefix="hocvuso-bench-reports-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

import django  # noqa: E402

django.setup()

from tests.database_servers import ENGINES, start_server  # noqa: E402
from tests.unit.pipeline.mini_course import CHAPTERS, COURSE_ID, write_course  # noqa: E402

UNITS = ["UBND phường Tân Định", "UBND phường Bến Nghé", "UBND phường Đa Kao", "Phòng Tư pháp", "Phòng Nội vụ",
         "Phòng Tài chính – Kế hoạch", "Văn phòng HĐND và UBND", "Trung tâm Phục vụ hành chính công"]
BLOCKS = [(url_name, block_type) for blocks in CHAPTERS.values() for block_type, url_name, _weight in blocks]


def use_database(engine: str):
    """Point Django at a fresh database of `engine` and migrate it; the server (or None) is returned."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    server = start_server(engine, durable=True)
    if server is not None:
        settings.DATABASES["default"] = server.new_database("reports")
        connections.settings = connections.configure_settings(settings.DATABASES)
        connections.close_all()
        del connections["default"]
    call_command("migrate", verbosity=0)
    return server


def build(n: int, class_size: int, work: Path) -> dict:
    """N learners, their progress and certificates, an agency with all of them, a class of class_size."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from openpyxl import Workbook

    from graders.agencies.staff_list import import_staff_list
    from graders.models import (
        Agency,
        AgencyOfficer,
        BlockProgress,
        Certificate,
        Class,
        ClassMembership,
        LearnerLink,
        Outbox,
        StatusList,
    )

    settings.HOCVUSO_COURSE_DIRS = [str(write_course(work))]
    settings.HOCVUSO_POLICY_OVERLAYS = []
    rng = random.Random(13)
    now = timezone.now()
    LearnerLink.objects.bulk_create([
        LearnerLink(lms_user_id=str(i), username=f"cb{i:05d}", subject_id=f"bench-{i:06d}",
                    display_name=f"Cán bộ {i:05d}", created_at=now, updated_at=now) for i in range(n)],
        batch_size=2000)
    links = list(LearnerLink.objects.order_by("id").values_list("id", flat=True))
    started = [learner for learner in links if rng.random() < 0.7]
    progress = [BlockProgress(learner_id=learner, course_id=COURSE_ID, url_name=url_name, block_type=block_type,
                              earned=1, possible=1, completed=True, updated_at=now)
                for learner in started for url_name, block_type in BLOCKS[: rng.randint(1, len(BLOCKS))]]
    BlockProgress.objects.bulk_create(progress, batch_size=2000)
    finished = [learner for learner in started if rng.random() < 0.4 / 0.7]
    status_list = StatusList.objects.create(bits=b"\x00" * 16384)
    certificates = [Certificate(id=uuid.uuid4(), subject_hash=f"h{learner}", display_name=f"Cán bộ {learner}",
                                achievement_id="co-ban", course_id=COURSE_ID, credential_json="{}",
                                status_list=status_list, status_index=index, issued_at=now,
                                revoked_at=now if rng.random() < 0.05 else None)
                    for index, learner in enumerate(finished)]
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    Outbox.objects.bulk_create([Outbox(certificate_id=certificate.id, learner_id=learner,
                                       idempotency_key=str(certificate.id), state=Outbox.State.DELIVERED)
                                for certificate, learner in zip(certificates, finished, strict=True)], batch_size=2000)
    users = get_user_model().objects
    officer, teacher = users.create_user("can_bo_co_quan"), users.create_user("giao_vien")
    agency = Agency.objects.create(name="UBND Quận 1", course_id=COURSE_ID)
    AgencyOfficer.objects.create(agency=agency, user=officer)
    book = Workbook()
    book.active.append(["Mã người học", "Họ và tên", "Đơn vị", "Nhóm", "Hạn hoàn thành"])
    for i in range(n):
        book.active.append([f"bench-{i:06d}", f"Cán bộ {i:05d}", UNITS[i % len(UNITS)], "can_bo_cong_chuc",
                            "31/12/2026"])
    data = io.BytesIO()
    book.save(data)
    started_at = time.perf_counter()
    summary = import_staff_list(agency, data.getvalue())
    import_s = time.perf_counter() - started_at
    klass = Class.objects.create(name="Lớp đông", teacher=teacher, course_id=COURSE_ID, join_code="BENCH1")
    ClassMembership.objects.bulk_create([ClassMembership(klass=klass, learner_id=learner)
                                         for learner in links[:class_size]], batch_size=2000)
    return {"agency": agency, "officer": officer, "teacher": teacher, "klass": klass, "import_s": import_s,
            "people": summary.people, "started": len(started), "certificates": len(certificates),
            "progress_rows": len(progress)}


def timed(client, url: str, repeat: int) -> tuple[float, int, int]:
    """Median seconds of `repeat` GETs after one warm-up; the status and size of the last answer."""
    response = client.get(url)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), response.status_code, len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="learners (all on the agency's list)")
    parser.add_argument("--class-size", type=int, default=10_000, help="learners in the class whose view is timed")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", choices=ENGINES, default="sqlite")
    args = parser.parse_args()

    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.urls.exceptions import Resolver404  # noqa: F401 (the URL may not exist yet)

    server = use_database(args.db)
    try:
        work = Path(tempfile.mkdtemp(prefix="hocvuso-bench-course-"))
        started = time.perf_counter()
        made = build(args.n, min(args.class_size, args.n), work)
        print(f"built {args.n} learners ({made['started']} started, {made['progress_rows']} progress rows, "
              f"{made['certificates']} certificates) in {time.perf_counter() - started:.1f} s on {args.db}")
        print(f"import of the {made['people']}-person staff list (XLSX): {made['import_s']:.2f} s")
        agency = made["agency"]
        officer = Client()
        officer.force_login(made["officer"])
        staff = reverse("graders:agency-staff", args=[agency.pk])
        filtered = "unit=ubnd+phuong+tan+dinh&status=not_finished"
        export = {fmt: reverse("graders:agency-export", args=[agency.pk, fmt]) for fmt in ("xlsx", "csv")}
        cases = {
            "agency_list_first_page": staff,
            "agency_list_filtered": f"{staff}?{filtered}",
            "agency_export_xlsx": export["xlsx"],
            "agency_export_csv": export["csv"],
            "agency_export_xlsx_filtered": f"{export['xlsx']}?{filtered}",
        }
        teacher = Client()
        teacher.force_login(made["teacher"])
        try:
            cases["class_view_json"] = reverse("graders:class-live-json", args=[made["klass"].pk])
        except NoReverseMatch:
            print("class view JSON: not on this branch yet (graders:class-live-json), not timed")
        figures: dict[str, float | int | str] = {"n": args.n, "db": args.db, "import_s": round(made["import_s"], 3)}
        for name, url in cases.items():
            client = teacher if name.startswith("class") else officer
            seconds, _status, size = timed(client, url, args.repeat)
            figures[f"{name}_s"] = round(seconds, 3)
            print(f"{name:<30} {seconds * 1000:8.1f} ms  ({size / 1024:.0f} KiB)")
        if "class_view_json" in cases:
            figures["class_size"] = min(args.class_size, args.n)
        timings = [value for key, value in figures.items() if key.endswith("_s") and key != "import_s"]
        figures["max_s"] = max(timings)
        figures["load_1min"] = round(os.getloadavg()[0], 2)  # the machine may be shared: say how busy it was
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
