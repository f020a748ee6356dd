"""graders models, one module per concern: certificates (issuing, revocation), pipeline (intake, delivery)
and quiz_items (the auto_quiz block's item responses, for statistics)."""

from .certificates import *  # noqa: F403
from .pipeline import *  # noqa: F403
from .quiz_items import *  # noqa: F403
