"""The course's achievement catalogue (course_content/certificate_policy.json), with a built-in default."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from graders.credentials.credential import Achievement

POLICY_PATH = Path(__file__).resolve().parent.parent / "course_content" / "certificate_policy.json"
DEFAULT_COURSE_ID = "course-v1:BinhDanHocVuSo+KNS01+2026"
DEFAULT_ACHIEVEMENT = Achievement(
    key="ky-nang-so-co-ban",
    name="Bình dân học vụ số — Kỹ năng số cơ bản",
    description="Người học đã hoàn thành khoá Bình dân học vụ số — Kỹ năng số cơ bản: dùng điện thoại "
    "thông minh, dịch vụ công trực tuyến, thanh toán số an toàn và nhận biết lừa đảo trên mạng.",
    criteria="Hoàn thành các bài thực hành mô phỏng và đạt bài kiểm tra cuối khoá theo quy định của khoá học.",
)


class AchievementError(ValueError):
    """The certificate policy is unreadable or names an achievement that does not exist."""


@dataclass(frozen=True)
class AchievementCatalogue:
    course_id: str
    achievements: dict[str, Achievement]
    default_key: str

    def get(self, key: str | None) -> Achievement:
        key = key or self.default_key
        try:
            return self.achievements[key]
        except KeyError:
            known = ", ".join(sorted(self.achievements))
            raise AchievementError(f"unknown achievement {key!r}; the course defines: {known}") from None


def load_achievements(path: str | Path | None = None) -> AchievementCatalogue:
    """The catalogue from the certificate policy file if present, else the built-in default."""
    policy_path = Path(path) if path else POLICY_PATH
    if not policy_path.exists():
        return AchievementCatalogue(DEFAULT_COURSE_ID, {DEFAULT_ACHIEVEMENT.key: DEFAULT_ACHIEVEMENT},
                                    DEFAULT_ACHIEVEMENT.key)
    try:
        policy = json.loads(policy_path.read_text(encoding="utf-8"))
        achievements = {
            key: Achievement(key=key, name=entry["name"], description=entry["description"],
                             criteria=entry["criteria"] if isinstance(entry["criteria"], str)
                             else entry["criteria"].get("narrative", ""),
                             achievement_type=entry.get("achievement_type",
                                                        entry.get("achievementType", "Certificate")))
            for key, entry in policy["achievements"].items()
        }
        default_key = policy.get("default_achievement") or next(iter(achievements))
        catalogue = AchievementCatalogue(policy.get("course_id", DEFAULT_COURSE_ID), achievements, default_key)
    except (ValueError, KeyError, TypeError, AttributeError, StopIteration) as error:
        raise AchievementError(f"{policy_path} is not a valid certificate policy: {error!r}") from None
    catalogue.get(default_key)
    return catalogue
