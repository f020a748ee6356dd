"""`learner_progress` XBlock: "Tiến độ của tôi" and the learner's certificate."""

from .block import LearnerProgressBlock

__all__ = ["LearnerProgressBlock"]
