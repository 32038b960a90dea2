"""Hand-over when referring on (a record for a client who has not responded to the course)."""

from django.utils.translation import gettext_lazy as _

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="handover",
    name=_("Hand-over when referring on"),
    version="1",
    purpose=_(
        "What the next clinician or service needs to know when the course has not helped "
        "enough and the client is referred on."
    ),
    areas=("grief", "role_dispute", "role_transition", "deficits"),
    use=TECHNIQUE,
    sections=(
        Section(
            _("Why refer on"),
            (
                Field(
                    "response",
                    _("Response so far (scores at the start and now, what changed)"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field("referred_to", _("Referred to"), Kind.SHORT_TEXT, required=True),
                Field("medication_review", _("Medication review asked for"), Kind.CHECK),
                Field("client_agrees", _("The client agrees to the referral"), Kind.CHECK),
            ),
        ),
        Section(
            _("What was tried"),
            (
                Field("focus", _("Problem areas and goals worked on"), Kind.LIST, required=True),
                Field("helped", _("What helped, even a little"), Kind.LIST),
                Field("did_not_help", _("What did not help"), Kind.LIST),
            ),
        ),
        Section(
            _("For the next clinician"),
            (
                Field(
                    "risk_now", _("Risk now, and what is in place"), Kind.LONG_TEXT, required=True
                ),
                Field(
                    "client_wants_known",
                    _("What the client would like the next clinician to know"),
                    Kind.LONG_TEXT,
                ),
            ),
        ),
    ),
)
