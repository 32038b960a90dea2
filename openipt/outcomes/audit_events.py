"""The audit actions of the outcome dashboard. The dashboard and its CSV show figures, never a
client, so they are administrative; the list of episodes behind a figure names clients and
is clinical (one event per client shown)."""

from django.utils.translation import gettext_lazy as _

from openipt.audit.events import ADMINISTRATIVE, CLINICAL, Number, declare

# A period as numbers: the year, and the quarter (1-4) or 0 for the whole year.
PERIOD_FACTS = {"year": Number(), "quarter": Number(none_words="", shown=_("Q{}"))}

declare(
    "outcomes.viewed",
    ADMINISTRATIVE,
    _("Outcome dashboard viewed"),
    says=_("Outcome dashboard viewed: {year} {quarter}"),
    **PERIOD_FACTS,
)
declare(
    "outcomes.exported",
    ADMINISTRATIVE,
    _("Outcome figures downloaded"),
    says=_("Outcome figures downloaded: {year} {quarter}"),
    **PERIOD_FACTS,
)
declare(
    "outcomes.episodes_viewed",
    CLINICAL,
    _("Client shown behind an outcome figure"),
)
