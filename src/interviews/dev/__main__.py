"""Developer measurements: `python -m interviews.dev audit|bench` (make audit, make bench)."""

import sys

from .cli import main

sys.exit(main())
