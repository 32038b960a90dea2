"""Every text the database holds, for tests that search a page's interface wording and must
not count what people typed (a note, a group's name, a worksheet answer, a name)."""

from django.apps import apps
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def stored_free_text(shortest=4):
    """The stored texts of every OpenIPT model, longest first, so that a caller replacing
    them in a page removes a whole note before a name inside it."""
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("openipt."):
            continue
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                found.update(_texts_in(value))
    return sorted((text for text in found if len(text) >= shortest), key=len, reverse=True)


def _texts_in(value):
    if isinstance(value, str):
        yield value.strip()
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts_in(item)
