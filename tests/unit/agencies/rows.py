"""Rows as the pipeline leaves them, written straight to the database for list tests that need many
learners (signing hundreds of real credentials would only slow the tests; one test issues a real one)."""

from __future__ import annotations

import uuid

from django.utils import timezone

from graders.models import BlockProgress, Certificate, LearnerLink, Outbox, StatusList


def learners(count: int, *, prefix: str = "p") -> list[LearnerLink]:
    now = timezone.now()
    LearnerLink.objects.bulk_create([
        LearnerLink(lms_user_id=f"{prefix}{n}", username=f"{prefix}{n}", subject_id=f"sub-{prefix}{n}",
                    display_name=f"Người {n}", created_at=now, updated_at=now) for n in range(count)])
    return list(LearnerLink.objects.filter(lms_user_id__startswith=prefix).order_by("id"))


def started(links: list[LearnerLink], course_id: str) -> None:
    BlockProgress.objects.bulk_create([BlockProgress(learner=link, course_id=course_id, url_name="s1_mo_khoa",
                                                     block_type="phone_sim", earned=1, possible=1, completed=True)
                                       for link in links])


def finished(links: list[LearnerLink], course_id: str, *, revoked: bool = False) -> list[Certificate]:
    status_list = StatusList.objects.first() or StatusList.objects.create(bits=b"\x00")
    start = status_list.allocated
    now = timezone.now()
    certificates = [Certificate(id=uuid.uuid4(), subject_hash=f"h-{link.pk}", display_name=link.display_name,
                                achievement_id="co-ban", course_id=course_id, credential_json="{}",
                                status_list=status_list, status_index=start + n, issued_at=now,
                                revoked_at=now if revoked else None)
                    for n, link in enumerate(links)]
    Certificate.objects.bulk_create(certificates)
    StatusList.objects.filter(pk=status_list.pk).update(allocated=start + len(links))
    Outbox.objects.bulk_create([Outbox(certificate=certificate, learner=link, idempotency_key=str(certificate.id),
                                       state=Outbox.State.DELIVERED)
                                for certificate, link in zip(certificates, links, strict=True)])
    return certificates
