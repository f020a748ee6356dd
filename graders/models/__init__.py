"""graders models, one module per concern: certificates (issuing, revocation) and pipeline (intake, delivery)."""

from .certificates import *  # noqa: F403
from .pipeline import *  # noqa: F403
