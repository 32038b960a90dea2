"""Append-only audit trail: who did or saw what, when and from where.

Append-only three times over: this model refuses changes, database triggers refuse
UPDATE and DELETE (audit/database.py), and each organisation's events form a hash chain
that `openipt verify-audit` checks (audit/chain.py). Events are written by
audit/record.py only, which links them into their chain.
"""

from django.conf import settings
from django.db import connections, models
from django.utils import timezone

from . import events


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event, or to write one that is
    not linked into its chain."""


NOT_CHAINED = "Write audit events with openipt.audit.record, which links them into their chain."


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    _raw_delete = delete

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _refuse_unchained(objs)
        for event in objs:
            _refuse_unchecked(event)
        return super().bulk_create(objs, *args, **kwargs)

    def _insert_checked(self, objs, *args, **kwargs):
        """Insert events whose facts are already in their checked form: record.append checks
        each event's facts just before hashing it, so checking them again here (as
        bulk_create does for any other caller) only doubled that work. Still refuses an
        event that is not linked into its chain."""
        _refuse_unchained(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def insert_batch(self, shared, varying, rows, previous_hash, hashes):
        """Insert events already linked into their chain (record.record_many): the fields
        in `shared` are the same for every event, each row gives the `varying` fields,
        `hashes` each event's hash; the first follows `previous_hash`, each next one the
        hash before it. Plain INSERT statements, as few as the database's limit on
        parameters allows (one for a page of rows): the shared values are prepared for
        the database once, not once per event as bulk_create does with model instances."""
        if len(hashes) != len(rows) or not all(hashes):
            raise AppendOnlyError(NOT_CHAINED)
        connection = connections[self.db]
        shared_columns = [name for name in _batch_columns() if name not in varying]
        shared_values = [_prepared(name, shared[name], connection) for name in shared_columns]
        columns = [*varying, *shared_columns, "previous_hash", "event_hash"]
        values = [
            (*row, *shared_values, previous, event_hash)
            for row, previous, event_hash in zip(
                rows, [previous_hash, *hashes[:-1]], hashes, strict=True
            )
        ]
        _insert_rows(connection, columns, values)


def _batch_columns():
    """Every column of a new event but its id and the two hashes, read from the model so
    that a new field cannot be forgotten by the batch insert."""
    left_out = {"id", "previous_hash", "event_hash"}
    return [f.attname for f in AuditEvent._meta.concrete_fields if f.attname not in left_out]


def _prepared(column, value, connection):
    field = next(f for f in AuditEvent._meta.concrete_fields if f.attname == column)
    return field.get_db_prep_save(value, connection)


def _insert_rows(connection, columns, values):
    quote = connection.ops.quote_name
    # SQLite caps the parameters of one statement (999 in Django's view of it).
    limit = connection.features.max_query_params
    per_statement = len(values) if limit is None else max(1, limit // len(columns))
    # Table and column names are this module's constants, quoted; every value is a parameter.
    table = quote(AuditEvent._meta.db_table)
    head = f"INSERT INTO {table} ({', '.join(map(quote, columns))}) VALUES "  # noqa: S608
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            cursor.execute(
                head + ", ".join([one_row] * len(chunk)),
                [value for row in chunk for value in row],
            )


def _refuse_unchained(events):
    if not all(event.event_hash for event in events):
        raise AppendOnlyError(NOT_CHAINED)


def _refuse_unchecked(event):
    # The facts were checked and put in their stored form before the event was hashed.
    if events.check_event(event) != event.facts:
        raise events.AuditFactError("Write audit events with openipt.audit.record.")


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Indexed by audit_chain_order (organisation, id) below, which begins with it: an index
    # of its own would be one more to write on every event and never be the better choice.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The client whose record this concerns, so a client's trail is one indexed query (the
    # index (client, -at) below, which also serves the key: no index of its own, as above).
    client = models.ForeignKey(
        "caseload.Client", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # What the event says, as codes and numbers declared for its action (audit/events.py);
    # None when it says nothing more than its action and object.
    facts = models.JSONField(null=True, blank=True)
    # Free text written by events from before facts existed (kept unchanged: the hash chain
    # covers it). New events always leave it empty (events.check_event).
    detail = models.CharField(max_length=500, blank=True)
    # Set before the event is hashed (not by the database), so the hash covers it.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    ip = models.GenericIPAddressField(null=True)
    # The hash chain (audit/chain.py): the hash of the event before this one in its
    # organisation's chain, and the hash of this event's content with that one.
    previous_hash = models.CharField(max_length=64, editable=False)
    event_hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["client", "-at"]),
            # The tip of an organisation's chain, and checking a chain in order.
            models.Index(fields=["organisation", "id"], name="audit_chain_order"),
        ]
        constraints = [
            # No two events follow the same one: a chain cannot fork, even if two writers
            # read the same tip.
            models.UniqueConstraint(fields=["previous_hash"], name="audit_chain_no_fork"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        if not self.event_hash:
            raise AppendOnlyError(NOT_CHAINED)
        _refuse_unchecked(self)
        # Always an INSERT: a new event given an existing id must fail, never overwrite it.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
