"""Test support only: dropping the audit table's triggers.

pytest-django empties every table after a transactional test (`flush`), which the
triggers rightly refuse. The test plugin (pytest_env.py) drops them just before that
flush, and flush's post_migrate signal installs them again (openipt.audit.apps). Tests
that tamper with the trail on purpose drop them inside their own transaction. Nothing in
the application imports this module: the application has no way to lift the triggers.
"""

from django.db import connection

from openipt.audit.database import expected_triggers


def drop_audit_triggers():
    with connection.cursor() as cursor:
        for name in expected_triggers(connection):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON audit_auditevent")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
