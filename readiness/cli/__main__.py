"""`python -m readiness.cli`: the same as the `readiness` command."""

import sys

from .main import main

sys.exit(main())
