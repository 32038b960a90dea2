"""`openipt backup` and `openipt restore` (issue 17, item 10). Run on SQLite by `make test`
and on PostgreSQL by `make test-postgres`; on PostgreSQL a missing pg_dump fails them."""

import sqlite3
import stat
from datetime import date, datetime

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from openipt.accounts.actions import invite_client, request_deletion
from openipt.audit import chain
from openipt.audit.database import expected_triggers, installed_triggers
from openipt.audit.record import record
from openipt.caseload.actions import update_client
from openipt.formulation.tests.builders import add_person
from openipt.measures.actions import record_administration
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import answers_totalling
from openipt.operations.backup import copy_sqlite
from openipt.protocol.tests.builders import course_with_sessions
from openipt.testing.people import make_client, make_people
from openipt.worksheets.tests.builders import assign


def records_of_every_kind():
    people = make_people()
    course_with_sessions(people.owner, people.episode, recorded=3, scheduled=5)
    record_administration(
        people.owner,
        people.episode,
        "phq9",
        answers_totalling(QUESTIONNAIRES["phq9"], 12, q9=1),
        administered_on=date(2026, 9, 14),
        respondent="client_in_session",
    )
    add_person(people, "Sister")
    assign(people)
    invite_client(people.owner, make_client(people.owner, "Jo"))  # a client with no account
    request_deletion(people.client_user, people.client, reason="Moving abroad.")
    record(None, "account.sign_in_failed")
    return people


def every_row():
    """Every row of every model's table as Python values (times to the microsecond), and
    the row count of every table."""
    rows = {
        model._meta.db_table: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names
            rows[f"{table} (rows)"] = cursor.fetchone()[0]
    return rows


def times_in(rows):
    return [
        value
        for table in rows.values()
        if isinstance(table, list)
        for row in table
        for value in row.values()
        if isinstance(value, datetime)
    ]


def owner_only(path):
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_backup_restores_every_row_and_every_time_to_the_microsecond(transactional_db, tmp_path):
    people = records_of_every_kind()
    before = every_row()
    assert any(moment.microsecond for moment in times_in(before)), "no time to compare"
    backup = tmp_path / "nightly.backup"
    call_command("backup", str(backup), verbosity=0)
    assert owner_only(backup)

    # Later work that the restore must undo.
    update_client(people.owner, people.client, given_name="Changed")
    record(people.admin, "clients.listed")

    with pytest.raises(CommandError, match="holds data"):
        call_command("restore", str(backup), verbosity=0)
    assert every_row() != before  # refused: nothing was replaced

    safety_dir = tmp_path / "safety"
    safety_dir.mkdir()
    call_command("restore", str(backup), force=True, safety_backup_dir=str(safety_dir))
    after = every_row()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert times_in(after) == times_in(before)

    (safety,) = safety_dir.iterdir()
    assert owner_only(safety) and safety.stat().st_size > 0
    assert all(report.intact for report in chain.check_all())
    call_command("verify_audit", verbosity=0)
    assert installed_triggers(connection) == expected_triggers(connection)


def test_a_backup_never_overwrites_a_file(db, tmp_path):
    existing = tmp_path / "kept.backup"
    existing.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("backup", str(existing), verbosity=0)
    assert existing.read_bytes() == b"an older backup"


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("not a database")
    with pytest.raises(CommandError, match="is not an OpenIPT backup"):
        call_command("restore", str(other), force=True, verbosity=0)
    assert list(tmp_path.iterdir()) == [other]  # no safety backup either


def test_sqlite_backup_keeps_what_a_plain_copy_of_a_wal_database_misses(tmp_path):
    """Why docs/deploy.md warns against copying the file: committed rows can still be in
    the write-ahead log, which a copy of the main file leaves behind."""
    live = tmp_path / "live.sqlite3"
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")  # as between two automatic checkpoints
    writer.execute("CREATE TABLE note (text TEXT)")
    writer.execute("INSERT INTO note VALUES ('committed')")
    writer.commit()

    plain_copy = tmp_path / "copy.sqlite3"
    plain_copy.write_bytes(live.read_bytes())
    copied = sqlite3.connect(plain_copy)
    assert copied.execute("SELECT name FROM sqlite_master WHERE name = 'note'").fetchall() == []
    copied.close()

    backup = tmp_path / "backup.sqlite3"
    copy_sqlite(writer, backup)
    writer.close()
    restored = sqlite3.connect(backup)
    assert restored.execute("SELECT text FROM note").fetchall() == [("committed",)]
    assert restored.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    restored.close()
