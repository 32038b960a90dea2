"""Fast bulk inserts: rows as plain values, primary keys chosen by the bench.

Building a model instance and letting bulk_create prepare it costs about 0.3 ms a row,
which at the service scale (2.5 million rows) is most of a quarter of an hour. Here a
row is a dict keyed by field attname; each table hands out its own ids (counting on
from the largest already there), so children can name their parents before anything is
written; `executemany` writes them in batches, parents first. Values are converted by
the same backend adapters Django uses, so what is stored is what the ORM would store.
On PostgreSQL the id sequences are moved past the seeded ids at the end.
"""

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

ROWS_PER_EXECUTE = 2000


class Table:
    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.pending = []
        self.written = 0
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        table = connection.ops.quote_name(model._meta.db_table)
        # Names from the model's own metadata, values as parameters: nothing from input.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.converters = [_converter(field) for field in self.fields]

    def add(self, **values):
        """Queue a row; returns it (a dict) with its id, so later code may still change it."""
        values["id"] = self.next_id
        self.next_id += 1
        self.pending.append(values)
        return values

    def flush(self, cursor):
        now = timezone.now()
        for start in range(0, len(self.pending), ROWS_PER_EXECUTE):
            batch = self.pending[start : start + ROWS_PER_EXECUTE]
            cursor.executemany(self.sql, [self._values(row, now) for row in batch])
        self.written += len(self.pending)
        self.pending = []

    def _values(self, row, now):
        return tuple(
            convert(row[field.attname] if field.attname in row else _default(field, now))
            for field, convert in zip(self.fields, self.converters, strict=True)
        )


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if field.blank and isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.attname} needs a value")


def _converter(field):
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
        return lambda value: None if value is None else adapt(value)
    if isinstance(field, models.DateField):
        adapt = connection.ops.adapt_datefield_value
        return lambda value: None if value is None else adapt(value)
    return _unchanged


def _unchanged(value):
    return value


class Tables:
    """One Table per model, written parents first (the order given)."""

    def __init__(self, models_in_order):
        self.tables = {model: Table(model) for model in models_in_order}

    def __getitem__(self, model):
        return self.tables[model]

    def flush(self):
        with connection.cursor() as cursor:
            for table in self.tables.values():
                table.flush(cursor)

    def counts(self):
        return {model._meta.label: table.written for model, table in self.tables.items()}

    def reset_sequences(self):
        """PostgreSQL: the next id the application takes must come after the seeded ones."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.tables))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
