"""Backing up and restoring the whole database (docs/deploy.md, Backup and restore).

SQLite: SQLite's online backup API, which copies a consistent snapshot while the site
runs, including what is committed but still only in the write-ahead log (a plain copy of
the file can miss that). PostgreSQL: pg_dump's custom format, restored by pg_restore in
one transaction. Backup files are readable by their owner only, and never overwritten.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.db import connections

# How each engine's backup file starts, so a restore refuses a file of the wrong kind.
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


class BackupError(Exception):
    """Backup or restore refused or failed; the message says why and what to do."""


def back_up(path, *, using="default"):
    """Write a backup of the database to `path`, a new file readable by its owner only."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: backups are never overwritten.")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory.")
    connection = connections[using]
    # mkstemp creates the file readable and writable by its owner only (0600), so the
    # data is never readable by others, not even while it is being written.
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        if connection.vendor == "sqlite":
            os.close(handle)
            connection.ensure_connection()
            copy_sqlite(connection.connection, partial)
        else:
            with os.fdopen(handle, "wb") as file:
                _run(_postgresql("pg_dump", connection, "--format=custom"), stdout=file)
                os.fsync(file.fileno())
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return path


def copy_sqlite(source, target_path):
    """Copy an open SQLite database into a new self-contained file (no -wal beside it)."""
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def restore(path, *, force=False, safety_dir=None, using="default"):
    """Replace the database with the backup at `path`; returns the safety backup taken
    of the database as it was. Refuses a database that holds data unless `force`."""
    path = Path(path)
    connection = connections[using]
    _check_backup_file(path, connection.vendor)
    if holds_data(using) and not force:
        raise BackupError(
            "The database holds data; restoring would replace it. If that is what you "
            "want, run the restore again with --force (a safety backup is taken first)."
        )
    safety = back_up(_safety_path(safety_dir or path.parent, connection.vendor), using=using)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        restore_command = _postgresql(
            "pg_restore",
            connection,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(path),
        )
        # The restore drops and recreates tables: no transaction of ours may hold them.
        connection.close()
        _run(restore_command)
    connection.close()
    return safety


def holds_data(using="default"):
    """Whether any table of OpenIPT's own (people, organisations, records, audit) has a row."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    return any(
        model._base_manager.using(using).exists()
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("openipt.") and model._meta.db_table in tables
    )


def postgresql_program(name):
    """The newest installed PostgreSQL client program: Debian keeps each version's in
    /usr/lib/postgresql/<version>/bin, and a newer pg_dump reads older servers."""
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=_version)
    if installed:
        return str(installed[-1])
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"{name} was not found: install the PostgreSQL client programs "
        "(on Debian, the postgresql-client package) on this machine."
    )


def _postgresql(program, connection, *arguments):
    db = connection.settings_dict
    command = [postgresql_program(program), "--no-password", *arguments]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    command += ["--dbname", db["NAME"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return command, env


def _run(command_and_env, stdout=None):
    command, env = command_and_env
    result = subprocess.run(  # noqa: S603 - our own arguments, no shell
        command,
        env=env,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    if result.returncode != 0:
        program = Path(command[0]).name
        raise BackupError(f"{program} failed: {result.stderr.decode(errors='replace').strip()}")


def _check_backup_file(path, vendor):
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with path.open("rb") as file:
        start = file.read(len(SQLITE_HEADER))
    expected = SQLITE_HEADER if vendor == "sqlite" else PG_DUMP_HEADER
    if not start.startswith(expected):
        engine = "SQLite" if vendor == "sqlite" else "PostgreSQL (pg_dump custom format)"
        raise BackupError(f"{path} is not an OpenIPT backup of a {engine} database.")


def _safety_path(directory, vendor):
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return Path(directory) / f"openipt-before-restore-{stamp}{SUFFIX[vendor]}"


def _version(program_path):
    return [int(part) for part in re.findall(r"\d+", program_path.parent.parent.name)]
