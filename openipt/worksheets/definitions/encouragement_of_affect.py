"""Encouragement of affect (a technique record): room for feelings the client holds back."""

from django.utils.translation import gettext_lazy as _

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="encouragement_of_affect",
    name=_("Encouragement of affect"),
    version="1",
    purpose=_(
        "Giving the client a safe place in the session to feel and name emotions about a "
        "relationship or loss that they usually avoid, so that they become easier to accept."
    ),
    areas=("grief", "role_dispute", "role_transition", "deficits"),
    use=TECHNIQUE,
    sections=(
        Section(
            _("The feelings"),
            (
                Field("person", _("About whom"), Kind.PERSON),
                Field("feelings", _("Feelings that came up"), Kind.LIST, required=True),
                Field(
                    "usually_avoided",
                    _("Which of them the client usually holds back, and how"),
                    Kind.LONG_TEXT,
                ),
            ),
        ),
        Section(
            _("In the session"),
            (
                Field(
                    "how_expressed",
                    _("How the client expressed them here"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "bearable",
                    _("How bearable the feelings were by the end, as the client rated it"),
                    Kind.RATING,
                    low=_("Unbearable"),
                    high=_("Fully bearable"),
                ),
                Field(
                    "outside", _("Where the client might let these feelings show"), Kind.SHORT_TEXT
                ),
            ),
        ),
    ),
)
