"""`python -m graders.cli`: the same as the `hocvuso` command."""

import sys

from graders.cli import main

sys.exit(main())
