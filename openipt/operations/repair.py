"""Finding stored dates outside any sound range (docs/deploy.md, "Repairing dates").

Forms refuse impossible dates (openipt/dates.py), but rows written before they did, or by
hand, may hold one (a life event on 0001-01-01, a session in the year 9999). This module
lists them, for every date and date-and-time of every OpenIPT model that a person types
(fields the code stamps itself, such as `created_at`, are left alone), and says what the
repair is: an optional date is cleared; a required one is moved to the nearest end of
its sound range (`dates.repairable`), a value nobody would enter, so it stands out.
The writing is `operations.actions.repair_date`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

from openipt import dates

# The fields whose window is narrower than the stored default: nobody is born, and
# nothing in a life story happens, after today (a timeline event may lie ahead when it is
# anticipated, so the timeline's dates are bounded as life plans).
NARROW_WINDOWS = {
    "caseload.client.date_of_birth": dates.BIRTH,
    "formulation.lifeevent.occurred_on": dates.LIFE_PLANS,
    "formulation.problemarea.date_of_death": dates.LIFE_HISTORY,
}
# Any other typed date: the widest window, which is sound for every form's dates.
DEFAULT_WINDOW = dates.APPOINTMENT


@dataclass(frozen=True)
class DateField:
    model: type
    name: str
    window: dates.Window

    @property
    def label(self):
        return f"{self.model._meta.label_lower}.{self.name}"

    @property
    def optional(self):
        # Optional to the person typing it (blank), not merely nullable: a client's date of
        # birth may be null only once erased, and is required everywhere else.
        model_field = self.model._meta.get_field(self.name)
        return model_field.null and model_field.blank

    @property
    def with_time(self):
        return isinstance(self.model._meta.get_field(self.name), models.DateTimeField)

    def range(self, today=None):
        """(earliest, latest) as stored values: dates, or aware date-and-times."""
        earliest, latest = dates.repairable(self.window, today)
        if not self.with_time:
            return earliest, latest
        zone = timezone.get_current_timezone()
        return (
            timezone.make_aware(datetime.combine(earliest, time.min), zone),
            timezone.make_aware(datetime.combine(latest, time.max), zone),
        )


@dataclass(frozen=True)
class Finding:
    field: DateField
    pk: int
    stored: date | datetime
    repaired: date | datetime | None  # None: the date is cleared

    def describe(self):
        after = "cleared" if self.repaired is None else f"moved to {self.repaired.isoformat()}"
        return f"{self.field.label} #{self.pk}: {self.stored.isoformat()} ({after} by --fix)"


def typed_date_fields():
    """Every date and date-and-time field of an OpenIPT model that a person types."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("openipt.") or model._meta.proxy:
            continue
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.DateField):  # DateTimeField is one too
                continue
            if model_field.auto_now or model_field.auto_now_add or not model_field.editable:
                continue
            label = f"{model._meta.label_lower}.{model_field.name}"
            if _stamped_by_code(model_field):
                continue
            found.append(
                DateField(model, model_field.name, NARROW_WINDOWS.get(label, DEFAULT_WINDOW))
            )
    return found


# Date-and-times the code sets to "now" when something happens (resolved, sent, used,
# expires in a week): they cannot hold a typed value. Named by their endings.
STAMPS = ("_at",)


def _stamped_by_code(model_field):
    return isinstance(model_field, models.DateTimeField) and model_field.name.endswith(STAMPS)


def findings(today=None):
    """Each stored value outside its field's sound range, with the repair --fix makes."""
    found = []
    for field in typed_date_fields():
        earliest, latest = field.range(today)
        outside = Q(**{f"{field.name}__lt": earliest}) | Q(**{f"{field.name}__gt": latest})
        rows = field.model._base_manager.filter(outside).order_by("pk")
        for pk, stored in rows.values_list("pk", field.name):
            found.append(Finding(field, pk, stored, _repair(field, stored, earliest, latest)))
    return found


def _repair(field, stored, earliest, latest):
    if field.optional:
        return None
    bound = earliest if stored < earliest else latest
    if field.with_time:  # the bound's day at midnight, a time nobody books
        return timezone.make_aware(datetime.combine(timezone.localdate(bound), time.min))
    return bound
