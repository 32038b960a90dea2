"""`make bench`, second part: the documentation burden of a standard middle session.

    .venv/bin/python bench/documentation.py [--json PATH] [--keep]

A therapist records session 5 of a 12-session course of individual IPT on its session page,
in a real browser (Playwright driving Debian's Chromium, launched as the browser tests
launch it), and every interaction is counted: each click, field filled, choice and submit;
a typed address would count as one. The standard session (issue 12): from the caseload to
the session, the attendance, the questionnaire, the agenda (five middle-phase tasks), a
review of the homework the client sent, new homework, and the progress note, signed.

Three runs, each on its own client at the same point of the course:
- the client answered the PHQ-9 at home before the session (goal: at most 20);
- the clinician enters the PHQ-9 in the session (goal: at most 30);
- the clinician enters every questionnaire the modality expects at that session (the PHQ-9
  and the GAD-7; the WAI-SR was given at session 4).

The database is a throwaway SQLite file (var/bench/documentation.sqlite3) built through the
same actions the pages use; Django's live-server thread serves it. A benchmark, not a test:
it prints figures (docs/bench.md) and exits non-zero only when a goal is missed or a step
fails. It is not part of `make test`.
"""

import argparse
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import environment  # noqa: E402 (needs the project root on the path)

DATABASE = ROOT / "var" / "bench" / "documentation.sqlite3"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="The interactions of a standard middle session, counted in a browser.",
        epilog="See docs/bench.md.",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--keep", action="store_true", help=f"keep {environment.shown(DATABASE)}")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_arguments(sys.argv[1:] if argv is None else argv)
    sys.stdout.reconfigure(line_buffering=True)
    environment.remove_sqlite(DATABASE)
    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    # Always a throwaway file of its own, whatever DATABASE_URL the shell holds.
    environment.os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    environment.configure(reuse=True)
    warnings.filterwarnings("ignore", message="No directory at")
    import django  # noqa: PLC0415 (the environment must be set first)

    django.setup()
    from bench import documentation_run  # noqa: PLC0415 (imports models: after django.setup())

    try:
        return documentation_run.run(options)
    finally:
        if options.keep:
            print(f"Database kept at {environment.shown(DATABASE)}")
        else:
            environment.remove_sqlite(DATABASE)


if __name__ == "__main__":
    sys.exit(main())
