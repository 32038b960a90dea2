"""Tamper-evident audit (issue 17, item 5): the database refuses changes, each
organisation's events form a hash chain, and `openipt verify-audit` finds the first
broken link."""

import os
import sqlite3
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from openipt.accounts.models import Organisation
from openipt.audit import chain
from openipt.audit.database import expected_triggers, installed_triggers
from openipt.audit.models import AppendOnlyError, AuditEvent
from openipt.audit.record import record, record_many
from openipt.testing.audit_triggers import drop_audit_triggers

ROOT = Path(__file__).resolve().parents[3]


def verify():
    """Run `openipt verify-audit`: (passed, what it printed)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as failure:
        return False, out.getvalue() + err.getvalue() + str(failure)
    return True, out.getvalue() + err.getvalue()


def some_events(people):
    return [
        record(people.owner, "client.viewed", people.client, client=people.client),
        record(people.supervisor, "client.viewed", people.client, client=people.client),
        record(people.other_org_clinician, "caseload.viewed"),
        record(None, "account.sign_in_failed"),
        record(people.admin, "staff.deactivated", people.owner, facts={"open_episodes": 1}),
        record(people.owner, "caseload.viewed"),
    ]


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- the database refuses ------------------------------------------------------------------


def test_the_audit_triggers_exist_on_this_database(db):
    assert expected_triggers(connection)
    assert installed_triggers(connection) == expected_triggers(connection)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'nothing.happened'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_to_change_or_delete_events(people, statement):
    some_events(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw(statement)
    assert AuditEvent.objects.filter(action="nothing.happened").count() == 0
    assert AuditEvent.objects.count() == 6


def test_postgresql_also_refuses_to_empty_the_table(people):
    some_events(people)
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"  # SQLite has no TRUNCATE; DELETE is refused
        return
    # PostgreSQL refuses to empty a table whose foreign keys are still to be checked at
    # commit; checking them now leaves the trigger as the only thing in the way.
    raw("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError), transaction.atomic():
        raw("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 6


def test_a_new_event_cannot_overwrite_an_existing_one_by_its_id(people):
    """Saving an event built with an existing id used to UPDATE that row."""
    original = record(people.owner, "client.viewed", people.client, client=people.client)
    forged = AuditEvent(id=original.id, action="episode.viewed", event_hash="0" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()
    assert AuditEvent.objects.get(id=original.id).action == "client.viewed"


def test_an_event_outside_the_chain_is_refused(people):
    with pytest.raises(AppendOnlyError):
        AuditEvent(action="client.viewed").save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(action="client.viewed")])


# --- the chain ----------------------------------------------------------------------------


def test_each_organisation_has_its_own_chain(people):
    some_events(people)
    record_many(
        people.admin,
        "deletion_request.viewed",
        [people.client, people.another_client],
        client_of=lambda client: client,
    )
    north = people.owner.organisation_id
    trail = list(AuditEvent.objects.filter(organisation_id=north).order_by("id"))
    assert len(trail) == 6
    assert trail[0].previous_hash == chain.start_of_chain(north)
    for before, after in zip(trail, trail[1:], strict=False):
        assert after.previous_hash == before.event_hash
    reports = chain.check_all()
    assert [(r.organisation_id, r.events, r.intact) for r in reports] == [
        (None, 1, True),
        (north, 6, True),
        (people.other_org_clinician.organisation_id, 1, True),
    ]


def test_verify_audit_passes_and_prints_each_chains_last_hash(people):
    events = some_events(people)
    passed, output = verify()
    assert passed, output
    assert "Northside" in output and "Southside" in output
    assert events[-1].event_hash in output


def test_a_raw_sql_change_to_one_event_is_found(people):
    """The test from the issue: with the trigger out of the way, one event is changed in
    the database directly; verify-audit names it and fails."""
    events = some_events(people)
    drop_audit_triggers()  # inside this test's transaction: rolled back afterwards
    changed = events[1]
    raw("UPDATE audit_auditevent SET action = 'nothing.happened' WHERE id = %s", [changed.id])
    passed, output = verify()
    assert not passed
    assert f"event {changed.id}" in output
    assert chain.CHANGED in output
    assert "Southside" in output  # the other organisation's chain is still reported intact
    report = next(r for r in chain.check_all() if r.organisation_id == changed.organisation_id)
    assert (report.broken_at, report.reason) == (changed.id, chain.CHANGED)


def test_a_change_with_its_hash_recomputed_breaks_the_next_link(people):
    events = some_events(people)
    drop_audit_triggers()
    changed = AuditEvent.objects.get(id=events[1].id)
    changed.detail = "rewritten"
    new_hash = chain.event_hash(chain.content_of(changed), changed.previous_hash)
    raw(
        "UPDATE audit_auditevent SET detail = 'rewritten', event_hash = %s WHERE id = %s",
        [new_hash, changed.id],
    )
    report = next(r for r in chain.check_all() if r.organisation_id == changed.organisation_id)
    assert (report.broken_at, report.reason) == (events[4].id, chain.UNLINKED)


def test_a_removed_event_is_found(people):
    events = some_events(people)
    drop_audit_triggers()
    raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    report = next(r for r in chain.check_all() if r.organisation_id == events[1].organisation_id)
    assert (report.broken_at, report.reason) == (events[4].id, chain.UNLINKED)


def test_an_event_moved_to_another_organisation_breaks_both_trails(people):
    events = some_events(people)
    drop_audit_triggers()
    south = people.other_org_clinician.organisation_id
    raw("UPDATE audit_auditevent SET organisation_id = %s WHERE id = %s", [south, events[4].id])
    broken = {r.organisation_id: r.broken_at for r in chain.check_all() if not r.intact}
    assert broken == {events[0].organisation_id: events[5].id, south: events[4].id}


# --- migrations, test resets, concurrent writers --------------------------------------------


def test_a_rebuilt_table_gets_its_triggers_back_after_migrate(transactional_db):
    """On SQLite a migration that alters the audit table rebuilds it without triggers;
    `migrate` puts them back (post_migrate). On PostgreSQL they survive the change."""
    field = AuditEvent._meta.get_field("detail")
    wider = field.clone()
    wider.set_attributes_from_name("detail")
    wider.max_length = 501
    with connection.schema_editor() as editor:
        editor.alter_field(AuditEvent, field, wider)
    if connection.vendor == "sqlite":
        assert installed_triggers(connection) == set()
    call_command("migrate", verbosity=0)
    assert installed_triggers(connection) == expected_triggers(connection)
    with connection.schema_editor() as editor:
        editor.alter_field(AuditEvent, wider, field)
    call_command("migrate", verbosity=0)
    assert installed_triggers(connection) == expected_triggers(connection)


def test_events_written_before_the_chain_are_linked_by_the_migration(transactional_db):
    call_command("migrate", "audit", "0001", verbosity=0)
    drop_audit_triggers()  # the database as it was before this change had none
    organisation = Organisation.objects.create(name="Old", slug="old")
    before = "2026-01-02 03:04:05.678901"
    for organisation_id, action in [(organisation.pk, "client.viewed"), (None, "x.y")] * 2:
        raw(
            "INSERT INTO audit_auditevent (organisation_id, action, object_type, object_id,"
            " detail, at, ip) VALUES (%s, %s, '', '', '', %s, %s)",
            [organisation_id, action, before, "2001:DB8::1"],
        )
    call_command("migrate", verbosity=0)
    reports = chain.check_all()
    assert [(r.organisation_id, r.events, r.intact) for r in reports] == [
        (None, 2, True),
        (organisation.pk, 2, True),
    ]
    first = AuditEvent.objects.filter(organisation=organisation).order_by("id").first()
    assert first.previous_hash == chain.start_of_chain(organisation.pk)
    assert installed_triggers(connection) == expected_triggers(connection)


def test_the_test_reset_empties_the_table_and_puts_the_triggers_back(transactional_db):
    """What the test plugin does after each transactional test (pytest_env.py)."""
    record(None, "account.sign_in_failed")
    drop_audit_triggers()
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    assert installed_triggers(connection) == expected_triggers(connection)


WRITERS = 4
EVENTS_EACH = 25
# A writer process: signs in as ready, waits for the others, then records its events.
WRITER = """
import sys, time
from pathlib import Path
import django
django.setup()
from openipt.audit.record import record
organisation, count, ready, go = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.01)
for _ in range(count):
    record(None, "account.sign_in_failed", organisation_id=organisation)
"""


def test_concurrent_writers_keep_one_unbroken_chain(transactional_db, tmp_path):
    """Writers of one organisation's chain take turns (chain.tip), so none forks it:
    separate processes, as gunicorn workers are, each on its own connection."""
    organisation = Organisation.objects.create(name="Busy", slug="busy")
    env = os.environ | {"DATABASE_URL": database_for_other_processes(tmp_path)}
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(organisation.pk), str(EVENTS_EACH)]
            + [str(tmp_path / f"ready-{number}"), str(go)],
            env=env,
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(WRITERS)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < WRITERS and time.monotonic() < deadline:
        time.sleep(0.05)
    go.touch()
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0] * WRITERS, errors
    check = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"Busy (organisation {organisation.pk}): {WRITERS * EVENTS_EACH} events, intact" in (
        check.stdout
    )


def database_for_other_processes(tmp_path):
    """A DATABASE_URL other processes can write to alongside this test. PostgreSQL: the
    test database itself. SQLite: the test database lives in this process's memory, so a
    copy in a file, in WAL mode as in production."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        return (
            f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or 'localhost'}"
            f":{db['PORT'] or 5432}/{db['NAME']}"
        )
    copy = tmp_path / "audit.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    with target:
        connection.connection.backup(target)
    # Into WAL here, once: otherwise the writers, connecting at the same moment, would each
    # switch the journal mode (settings' init_command), and a switch made while another
    # connection holds the file fails at once with "database is locked", whatever the
    # busy timeout.
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    return f"sqlite:///{copy}"
