"""Clarification (a technique record): looking again at how the client sees a problem."""

from django.utils.translation import gettext_lazy as _

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="clarification",
    name=_("Clarification"),
    version="1",
    purpose=_(
        "Helping the client look again at how they understand an interpersonal problem: "
        "what they assume, what else might be true, and any pattern it shows."
    ),
    areas=("grief", "role_dispute", "role_transition", "deficits"),
    use=TECHNIQUE,
    sections=(
        Section(
            _("The view examined"),
            (
                Field("person", _("Which relationship"), Kind.PERSON),
                Field(
                    "client_view",
                    _("How the client described the problem"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field("assumptions", _("Assumptions or contradictions noticed"), Kind.LIST),
            ),
        ),
        Section(
            _("Looking again"),
            (
                Field(
                    "other_readings", _("Other ways of seeing it the client considered"), Kind.LIST
                ),
                Field("pattern", _("A pattern that came to light, if any"), Kind.LONG_TEXT),
                Field(
                    "client_takes",
                    _("What the client took from it, in their words"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
            ),
        ),
    ),
)
