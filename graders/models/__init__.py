"""graders models, one module per concern: certificates (issuing, revocation), pipeline (intake, delivery)
quiz_items (the auto_quiz block's item responses, for statistics) and policies (course certificate policies)."""

from .certificates import *  # noqa: F403
from .pipeline import *  # noqa: F403
from .policies import *  # noqa: F403
from .quiz_items import *  # noqa: F403
