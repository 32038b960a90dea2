"""The audit action of running a site: a stored date repaired (`openipt repair-dates --fix`).
Clinical: the row it repaired belongs to a client's record."""

from django.utils.translation import gettext_lazy as _

from openipt.audit.events import CLINICAL, Code, Number, declare

from .repair import typed_date_fields


def _date_fields():
    """Every typed date field, as "app.model.field", with the same words."""
    names = [f"{f.model._meta.label_lower}.{f.name}" for f in typed_date_fields()]
    return [(name, name) for name in names]


declare(
    "data.date_repaired",
    CLINICAL,
    _("Stored date repaired"),
    says=_("Stored date repaired: {field} held {was}"),
    field=Code(_date_fields),
    # The date it held, as the number YYYYMMDD (a date is not free text, but facts are
    # codes and numbers only).
    was=Number(),
)
