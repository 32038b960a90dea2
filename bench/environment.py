"""The bench's settings and database, chosen before Django is imported.

Shared by `bench/run.py` (pages timed in-process) and `bench/load.py` (gunicorn under
load), so both measure the same settings on the same database file.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = ROOT / "var" / "bench" / "bench.sqlite3"
WITH_POSTGRES = ROOT / "scripts" / "with-postgres.sh"

# Production settings except what a loopback benchmark cannot have (HTTPS, a second
# factor) and what would only add noise (Argon2, hashed static names, a task worker).
# Set unconditionally: a value left in the shell must not change what is measured.
BENCH_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "openipt.settings",
    "SECRET_KEY": "bench-only-secret-key-never-used-outside-the-benchmark-0123456789",
    "DEBUG": "0",
    "OPENIPT_HTTPS": "0",
    "OPENIPT_REQUIRE_2FA": "0",
    "OPENIPT_FAST_PASSWORD_HASHER": "1",
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


def configure(*, reuse):
    """Set the bench settings; return the SQLite file the bench owns, or None.

    With DATABASE_URL set, that database is used as it is and never deleted. Otherwise
    the bench's own SQLite file is deleted and made anew, unless `reuse` is true (the
    database may then be reused if it holds the same scale; see bench/database.py).
    """
    os.environ.pop("SECRET_KEY_FILE", None)  # settings would prefer it to SECRET_KEY
    os.environ.update(BENCH_ENVIRONMENT)
    if os.environ.get("DATABASE_URL"):
        return None
    if not reuse:
        remove_sqlite(DEFAULT_DATABASE)
    DEFAULT_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DATABASE}"
    return DEFAULT_DATABASE


def remove_sqlite(path):
    # WAL mode leaves -wal and -shm files beside the database; the marker says its scale.
    for suffix in ("", "-wal", "-shm", "-journal", ".scale.json"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def rerun_on_postgres(script, argv):
    """Run `script` again with `argv` inside a throwaway PostgreSQL cluster (made and
    removed by scripts/with-postgres.sh, as for `make test-postgres`)."""
    rest = [arg for arg in argv if arg != "--postgres"]
    command = ["bash", str(WITH_POSTGRES), sys.executable, str(script), *rest]
    return subprocess.call(command, cwd=ROOT)  # noqa: S603 (our own script, no shell)


def shown(path):
    path = Path(path)
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
