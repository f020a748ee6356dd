"""Grade and completion publishing shared by both blocks, on the XBlock scoring mixins.

Grades are only ever computed on the server; the browser never chooses an event type.
Analytics events go through `publish_analytics`, which accepts only names from an allow-list.
"""

from __future__ import annotations

from xblock.completable import CompletableXBlockMixin
from xblock.fields import Float, Scope
from xblock.scorable import ScorableXBlockMixin, Score

# Event names a block may send to the tracking log, besides grade and completion.
ANALYTICS_EVENTS = frozenset(
    {
        "hocvuso.phone_sim.started",
        "hocvuso.phone_sim.step",
        "hocvuso.phone_sim.finished",
        "hocvuso.auto_quiz.started",
        "hocvuso.auto_quiz.submitted",
        "hocvuso.auto_quiz.answer_shown",
    }
)


class ScoredBlockMixin(ScorableXBlockMixin, CompletableXBlockMixin):
    """Keeps the learner's raw score on the block and publishes it with completion.

    A block sets `has_score`, declares its `max_score()`, and calls `record_score()` once
    its own server-side logic has decided a result.
    """

    weight = Float(
        display_name="Problem weight",
        help="How many points this block is worth in the course grade (0 makes it ungraded).",
        default=1.0,
        values={"min": 0},
        scope=Scope.settings,
    )
    raw_earned = Float(default=None, scope=Scope.user_state, help="Raw points earned (server-computed).")
    raw_possible = Float(default=None, scope=Scope.user_state, help="Raw points possible when scored.")

    def max_score(self) -> float:  # pragma: no cover - each block overrides
        raise NotImplementedError

    # ScorableXBlockMixin contract -------------------------------------------------------
    def has_submitted_answer(self) -> bool:
        return self.raw_earned is not None

    def get_score(self) -> Score:
        if self.raw_earned is None:
            return Score(0.0, float(self.max_score()))
        return Score(float(self.raw_earned), float(self.raw_possible or self.max_score()))

    def set_score(self, score: Score) -> None:
        self.raw_earned = float(score.raw_earned)
        self.raw_possible = float(score.raw_possible)

    def calculate_score(self) -> Score:
        return self.get_score()

    def allows_rescore(self) -> bool:
        return self.raw_earned is not None

    # Publishing --------------------------------------------------------------------------
    def record_score(self, earned: float, possible: float, *, only_if_higher: bool = False) -> Score:
        """Store a server-computed score, publish it as the grade and mark the block complete."""
        earned = max(0.0, min(float(earned), float(possible)))
        score = Score(earned, float(possible))
        if only_if_higher and self.raw_earned is not None and self.raw_earned >= earned:
            score = self.get_score()
        self.set_score(score)
        self._publish_grade(score, only_if_higher)
        self.emit_completion(1.0)
        return score


def publish_analytics(block, name: str, data: dict) -> None:
    """Send an allow-listed analytics event; anything else is a programming error."""
    if name not in ANALYTICS_EVENTS:
        raise ValueError(f"unknown analytics event {name!r}")
    block.runtime.publish(block, name, data)
