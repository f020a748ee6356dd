"""A small OLX course with a certificate policy, written to a temporary folder for pipeline tests."""

from __future__ import annotations

import json
from pathlib import Path

COURSE_ID = "course-v1:HocVuSo+TEST01+2026"

# chapter -> [(block_type, url_name, weight or None)]
CHAPTERS = {
    "c1_thiet_bi": [("phone_sim", "s1_mo_khoa", None), ("auto_quiz", "q1_thiet_bi", 2.0)],
    "c2_vneid": [("phone_sim", "s2_vneid", None), ("auto_quiz", "q2_vneid", None)],
    "c3_them": [("auto_quiz", "q3_them", None)],
}

POLICY = {
    "course_id": COURSE_ID,
    "default_achievement": "co-ban",
    "achievements": {
        "co-ban": {"name": "Hoàn thành Kỹ năng số cơ bản", "description": "Mô tả", "criteria": "Tiêu chí",
                   "achievement_type": "Certificate"},
        "can-bo": {"name": "Hoàn thành (cán bộ)", "description": "Mô tả", "criteria": "Tiêu chí",
                   "achievement_type": "Certificate"},
    },
    "groups": {
        "nguoi_dan": {"label": "Người dân", "achievement": "co-ban", "required_modules": ["c1_thiet_bi"],
                      "min_module_score": 0.7, "min_course_score": 0.7},
        "can_bo_cong_chuc": {"label": "Cán bộ", "achievement": "can-bo",
                             "required_modules": ["c1_thiet_bi", "c2_vneid"], "required_blocks": ["q3_them"],
                             "min_module_score": 0.5, "min_course_score": 0.8},
    },
}


def write_course(root: Path, policy: dict | None = None) -> Path:
    """Write the mini course under `root` and return its folder."""
    course = root / "course"
    for kind in ("course", "chapter", "sequential", "vertical", "auto_quiz"):
        (course / kind).mkdir(parents=True, exist_ok=True)
    (course / "course.xml").write_text('<course url_name="2026" org="HocVuSo" course="TEST01"/>')
    chapters = "".join(f'<chapter url_name="{name}"/>' for name in CHAPTERS)
    (course / "course" / "2026.xml").write_text(f'<course display_name="Thử">{chapters}</course>')
    for chapter, blocks in CHAPTERS.items():
        (course / "chapter" / f"{chapter}.xml").write_text(
            f'<chapter display_name="{chapter}"><sequential url_name="{chapter}_seq"/></chapter>')
        verticals = "".join(f'<vertical url_name="{chapter}_v{i}"/>' for i in range(len(blocks)))
        (course / "sequential" / f"{chapter}_seq.xml").write_text(f"<sequential>{verticals}</sequential>")
        for i, (block_type, url_name, weight) in enumerate(blocks):
            if block_type == "auto_quiz" and weight is not None:
                # weight in the block's own file, the way Studio exports a changed setting
                (course / "auto_quiz" / f"{url_name}.xml").write_text(f'<auto_quiz weight="{weight}"/>')
            (course / "vertical" / f"{chapter}_v{i}.xml").write_text(
                f'<vertical display_name="Unit {i}"><html url_name="{chapter}_h{i}"/>'
                f'<{block_type} url_name="{url_name}"/></vertical>')
    (course / "certificate_policy.json").write_text(json.dumps(policy or POLICY, ensure_ascii=False))
    return course
