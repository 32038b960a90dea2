"""PostgreSQL connection settings: the pool docs/deploy.md recommends (DATABASE_POOL, sized
by DATABASE_POOL_SIZE, refused where it cannot work) and JIT off unless DATABASE_JIT=1."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "openipt.settings",
    "SECRET_KEY": "pool-check-" + "k3y" * 20,
    # Settings only: nothing connects to this address.
    "DATABASE_URL": "postgres://openipt@localhost:5432/openipt",
}
PRINT_OPTIONS = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
)


def settings_with(**variables):
    return subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS],
        cwd=ROOT,
        env=ENV | variables,
        capture_output=True,
        text=True,
    )


def test_the_pool_is_off_unless_asked_for():
    result = settings_with()
    assert result.returncode == 0, result.stderr
    assert "pool" not in json.loads(result.stdout)


def test_postgres_jit_is_off_unless_asked_for():
    assert json.loads(settings_with().stdout)["options"] == "-c jit=off"
    kept = settings_with(DATABASE_URL=ENV["DATABASE_URL"] + "?options=-c%20work_mem%3D8MB")
    assert json.loads(kept.stdout)["options"] == "-c work_mem=8MB -c jit=off"
    assert "options" not in json.loads(settings_with(DATABASE_JIT="1").stdout)


def test_database_pool_turns_on_a_bounded_pool():
    result = settings_with(DATABASE_POOL="1", DATABASE_POOL_SIZE="6")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["pool"] == {"min_size": 1, "max_size": 6, "timeout": 10}


def test_the_pool_is_refused_on_sqlite_and_with_persistent_connections():
    on_sqlite = settings_with(DATABASE_POOL="1", DATABASE_URL="sqlite:///var/x.sqlite3")
    assert on_sqlite.returncode != 0 and "DATABASE_POOL needs PostgreSQL" in on_sqlite.stderr
    both = settings_with(DATABASE_POOL="1", DATABASE_CONN_MAX_AGE="60")
    assert both.returncode != 0 and "replaces DATABASE_CONN_MAX_AGE" in both.stderr
