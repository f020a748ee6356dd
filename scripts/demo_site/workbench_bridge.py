"""Intake (b): the grades and completions our blocks publish in the demo site's workbench reach graders.

In Open edX the LMS stores a block's `grade` and raises openedx-events (graders.pipeline.receivers); the
xblock-sdk workbench only logs what blocks publish. The demo site installs this bridge: it wraps
`WorkbenchRuntime.publish`, so what a block publishes on the server is also recorded by
`graders.pipeline.intake.record_progress`. Nothing comes from the browser: the bridge sees only the server-side
block's own `grade` {value, max_value} and `completion` events, and the workbench's student id.

- Which course block: the demo shows each course unit as a workbench scenario (course_units). When a
  unit is registered, `map_unit` records which usage id each of its blocks got, by the unit's url_names.
- Who: the workbench's student (`?student=...`) is a demo learner, linked on first event to a
  pseudonymous subject id ("demo-" + an HMAC of the student id under the site's secret key) and to the
  group in the demo setting DEMO_LEARNER_GROUP (the demo's short track by default).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import DatabaseError

if TYPE_CHECKING:
    from xblock.core import XBlock

    from demo_site.course_units import Unit
    from graders.pipeline.intake import ProgressEvent
    from graders.policy import CompletionPolicy

log = logging.getLogger(__name__)

PUBLISHED_EVENTS = frozenset({"grade", "completion"})
MAX_STUDENT_ID = 100
_blocks: dict[str, tuple[str, str]] = {}  # workbench usage id -> (course id, block url_name)
_lock = threading.Lock()


def map_unit(unit: Unit, vertical_usage_id: str) -> None:
    """Remember which course block (url_name) each child of a registered unit scenario is.

    The scenario's vertical lists its children in the order of `unit.blocks` (course_units builds
    both from the same list)."""
    from workbench.runtime import WorkbenchRuntime

    children = list(WorkbenchRuntime().get_block(vertical_usage_id).children)
    if len(children) != len(unit.blocks):
        log.warning("demo unit %s: %d blocks shown but %d url_names; its grades are not recorded",
                    unit.name, len(children), len(unit.blocks))
        return
    with _lock:
        for usage_id, url_name in zip(children, unit.blocks, strict=True):
            _blocks[str(usage_id)] = (unit.course_id, url_name)


def course_block(usage_id: str) -> tuple[str, str] | None:
    """(course id, url_name) of a workbench block shown from the course, or None."""
    return _blocks.get(str(usage_id))


def demo_subject_id(student_id: str) -> str:
    """The demo learner's pseudonymous subject id: stable, and not the student id itself."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"hocvuso-demo-subject:{student_id}".encode(),
                      hashlib.sha256).hexdigest()
    return f"demo-{digest[:32]}"


def _demo_group(policy: CompletionPolicy) -> str | None:
    group = getattr(settings, "DEMO_LEARNER_GROUP", "") or ""
    if group and group not in policy.groups:
        log.warning("DEMO_LEARNER_GROUP %r is not a group of %s; demo learners follow its default group",
                    group, policy.course_id)
        return None
    return group or None


def progress_event(student_id: str, usage_id: str, event_type: str, data: object) -> ProgressEvent | None:
    """The ProgressEvent for what a block published, or None when graders has no use for it."""
    from graders.course_policies import course_policy
    from graders.models import LearnerLink
    from graders.pipeline.intake import LearnerInfo, ProgressEvent

    target = course_block(usage_id)
    if event_type not in PUBLISHED_EVENTS or target is None or not isinstance(data, dict):
        return None
    course_id, url_name = target
    policy = course_policy(course_id)
    if policy is None or url_name not in policy.structure.blocks:
        return None  # a lesson, or a course graders is not configured for
    student_id = str(student_id or "").strip()
    if not student_id or len(student_id) > MAX_STUDENT_ID:
        log.warning("workbench student id %r not usable as a demo learner; event not recorded", student_id[:120])
        return None
    lms_user_id = f"workbench:{student_id}"
    known = LearnerLink.objects.filter(lms_user_id=lms_user_id).values("group", "display_name").first() or {}
    # A learner who signed in by name (demo_site.learners) keeps that name: it goes on the certificate.
    learner = LearnerInfo(lms_user_id, username=student_id,
                          display_name=None if known.get("display_name") else f"Học viên {student_id}",
                          subject_id=demo_subject_id(student_id),
                          group=None if known.get("group") else _demo_group(policy))
    if event_type == "grade":
        return ProgressEvent(learner, course_id, url_name, earned=data.get("value"), possible=data.get("max_value"),
                             only_if_higher=bool(data.get("only_if_higher", False)))
    completion = data.get("completion")
    if isinstance(completion, int | float) and completion >= 1.0:
        return ProgressEvent(learner, course_id, url_name, completed=True)
    return None


def forward(block: XBlock, event_type: str, data: object) -> None:
    """Record what `block` published; a refused or failed event is logged, never shown to the learner."""
    from graders.pipeline.intake import IntakeError, record_progress
    from graders.pipeline.tasks import schedule_evaluation

    try:
        event = progress_event(block.scope_ids.user_id, block.scope_ids.usage_id, event_type, data)
        if event is not None:
            schedule_evaluation(record_progress([event]).learner_ids)
    except IntakeError as error:
        log.warning("workbench %s event of %s not recorded: %s", event_type, block.scope_ids.usage_id, error)
    except DatabaseError:
        log.exception("workbench %s event of %s not recorded (database)", event_type, block.scope_ids.usage_id)


def install() -> None:
    """Wrap WorkbenchRuntime.publish so that our blocks' grades reach graders (once per process)."""
    from workbench.runtime import WorkbenchRuntime

    original = WorkbenchRuntime.publish
    if getattr(original, "graders_bridge", False):
        return

    def publish(runtime, block, event_type, event_data):
        original(runtime, block, event_type, event_data)
        forward(block, event_type, event_data)

    publish.graders_bridge = True
    WorkbenchRuntime.publish = publish
