"""Role play (a technique record): a rehearsed conversation and its debrief."""

from django.utils.translation import gettext_lazy as _

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="role_play",
    name=_("Role play"),
    version="1",
    purpose=_("Rehearsing a conversation in the session, then talking through how it went."),
    areas=("role_dispute", "role_transition", "deficits", "grief"),
    use=TECHNIQUE,
    sections=(
        Section(
            _("The scene"),
            (
                Field("person", _("The person being played"), Kind.PERSON, required=True),
                Field("scene", _("The scene"), Kind.LONG_TEXT, required=True),
                Field(
                    "goal",
                    _("The client's goal for the conversation"),
                    Kind.SHORT_TEXT,
                    required=True,
                ),
            ),
        ),
        Section(
            _("Debrief"),
            (
                Field("how_it_went", _("How it went"), Kind.LONG_TEXT, required=True),
                Field(
                    "confidence",
                    _("The client's confidence afterwards"),
                    Kind.RATING,
                    low=_("Not at all confident"),
                    high=_("Very confident"),
                ),
                Field("try_next", _("What to try next"), Kind.LIST),
            ),
        ),
    ),
)
