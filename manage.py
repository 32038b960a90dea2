#!/usr/bin/env python
"""Django's command-line utility for OpenIPT (the `openipt` command wraps it)."""

import sys

from openipt.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
