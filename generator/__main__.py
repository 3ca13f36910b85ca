"""`python -m generator …`: the `competency` command (for the pre-commit hook, tests and benchmarks)."""

import sys

from generator.cli import main

sys.exit(main())
