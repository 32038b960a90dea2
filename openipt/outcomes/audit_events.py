"""The audit actions of the outcome dashboard. The dashboard and its CSV show figures, never a
client, so they are administrative; the list of episodes behind a figure names clients and
is clinical (one event per client shown)."""

from openipt.audit.events import ADMINISTRATIVE, CLINICAL, Number, declare

# A period as numbers: the year, and the quarter (1-4) or 0 for the whole year.
PERIOD_FACTS = {"year": Number(), "quarter": Number(none_words="", shown="Q{}")}

declare(
    "outcomes.viewed",
    ADMINISTRATIVE,
    "Outcome dashboard viewed",
    says="Outcome dashboard viewed: {year} {quarter}",
    **PERIOD_FACTS,
)
declare(
    "outcomes.exported",
    ADMINISTRATIVE,
    "Outcome figures downloaded",
    says="Outcome figures downloaded: {year} {quarter}",
    **PERIOD_FACTS,
)
declare(
    "outcomes.episodes_viewed",
    CLINICAL,
    "Client shown behind an outcome figure",
)
