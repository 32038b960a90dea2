"""The `openipt` console command: manage.py with dashed command names.

`openipt demo-data` runs the `demo_data` management command.
"""

import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openipt.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    # After the settings module is chosen above.
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(argv)
    return 0
