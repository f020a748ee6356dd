"""graders models, one module per concern: certificates (issuing, revocation), pipeline (intake, delivery),
classes (classes, members, live activity, attempt resets), agencies (agencies, their officers and staff
lists), quiz_items (the auto_quiz block's item responses, for statistics) and policies (course certificate
policies)."""

from .agencies import *  # noqa: F403
from .certificates import *  # noqa: F403
from .classes import *  # noqa: F403
from .pipeline import *  # noqa: F403
from .policies import *  # noqa: F403
from .quiz_items import *  # noqa: F403
