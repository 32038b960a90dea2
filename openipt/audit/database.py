"""What the database itself enforces on the audit table, on SQLite and PostgreSQL.

Triggers refuse UPDATE and DELETE of audit events (and TRUNCATE on PostgreSQL), whatever
code or tool sends them. On PostgreSQL a function hands out each organisation's chain tip
under a lock (audit/chain.py).

They are installed after every `migrate` (AuditConfig.ready connects post_migrate):
on SQLite, a migration that changes the audit table rebuilds it and the rebuilt table
has no triggers, so installing them only once, in a migration, would lose them silently.
A migration that must change existing events has to drop the triggers itself, and says so.
"""

from django.db import connections

TABLE = "audit_auditevent"

SQLITE = {
    "audit_auditevent_no_update": """
        CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END
    """,
    "audit_auditevent_no_delete": """
        CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END
    """,
}

POSTGRESQL_FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION openipt_audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit events cannot be changed or deleted (% refused)', TG_OP
            USING ERRCODE = 'restrict_violation';
    END $$
    """,
    # VOLATILE: the SELECT after the lock sees what the previous writer committed.
    """
    CREATE OR REPLACE FUNCTION openipt_audit_chain_tip(chain_organisation bigint)
    RETURNS varchar LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(
            hashtextextended(
                'openipt audit chain ' || coalesce(chain_organisation::text, 'none'), 0
            )
        );
        IF chain_organisation IS NULL THEN
            RETURN (SELECT event_hash FROM audit_auditevent WHERE organisation_id IS NULL
                    ORDER BY id DESC LIMIT 1);
        END IF;
        RETURN (SELECT event_hash FROM audit_auditevent WHERE organisation_id = chain_organisation
                ORDER BY id DESC LIMIT 1);
    END $$
    """,
]

POSTGRESQL = {
    "audit_auditevent_no_update_or_delete": """
        CREATE OR REPLACE TRIGGER audit_auditevent_no_update_or_delete
        BEFORE UPDATE OR DELETE ON audit_auditevent
        FOR EACH ROW EXECUTE FUNCTION openipt_audit_refuse_change()
    """,
    "audit_auditevent_no_truncate": """
        CREATE OR REPLACE TRIGGER audit_auditevent_no_truncate
        BEFORE TRUNCATE ON audit_auditevent
        FOR EACH STATEMENT EXECUTE FUNCTION openipt_audit_refuse_change()
    """,
}


def expected_triggers(connection):
    return set(_triggers_for(connection))


def install(connection):
    """Create whatever is missing; safe to run any number of times."""
    statements = list(_triggers_for(connection).values())
    if connection.vendor == "postgresql":
        statements = POSTGRESQL_FUNCTIONS + statements
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def installed_triggers(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [TABLE],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
        return {name for (name,) in cursor.fetchall()}


def install_after_migrate(sender, using, **kwargs):
    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        install(connection)


def _triggers_for(connection):
    if connection.vendor == "postgresql":
        return POSTGRESQL
    if connection.vendor == "sqlite":
        return SQLITE
    raise NotImplementedError(f"No audit triggers for {connection.vendor}.")
