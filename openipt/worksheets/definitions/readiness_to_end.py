"""Readiness to end (a checklist for the termination phase)."""

from django.utils.translation import gettext_lazy as _

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="readiness_to_end",
    name=_("Readiness to end"),
    version="1",
    purpose=_(
        "A checklist for the last sessions: what has been reviewed with the client before "
        "the course ends, and what still worries either of you."
    ),
    areas=("grief", "role_dispute", "role_transition", "deficits"),
    use=TECHNIQUE,
    sections=(
        Section(
            _("Reviewed with the client"),
            (
                Field("symptoms_reviewed", _("Scores now compared with the start"), Kind.CHECK),
                Field("goals_reviewed", _("Progress on each problem area's goals"), Kind.CHECK),
                Field("ending_feelings", _("Feelings about the course ending"), Kind.CHECK),
                Field("skills_named", _("What the client does differently now"), Kind.CHECK),
                Field("warning_signs", _("Early warning signs of relapse"), Kind.CHECK),
                Field("plan_agreed", _("The relapse-prevention plan"), Kind.CHECK),
                Field(
                    "further_options",
                    _("Options after the course (boosters, more help)"),
                    Kind.CHECK,
                ),
                Field("how_to_return", _("How to get back in touch"), Kind.CHECK),
            ),
        ),
        Section(
            _("Still open"),
            (
                Field("concerns", _("What still worries the client or you"), Kind.LONG_TEXT),
                Field(
                    "ready",
                    _("How ready for the ending the client says they feel"),
                    Kind.RATING,
                    low=_("Not ready at all"),
                    high=_("Completely ready"),
                ),
            ),
        ),
    ),
)
