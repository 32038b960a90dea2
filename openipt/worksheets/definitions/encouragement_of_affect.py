"""Encouragement of affect (a technique record): room for feelings the client holds back."""

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="encouragement_of_affect",
    name="Encouragement of affect",
    version="1",
    purpose="Giving the client a safe place in the session to feel and name emotions about a "
    "relationship or loss that they usually avoid, so that they become easier to accept.",
    areas=("grief", "role_dispute", "role_transition", "deficits"),
    use=TECHNIQUE,
    sections=(
        Section(
            "The feelings",
            (
                Field("person", "About whom", Kind.PERSON),
                Field("feelings", "Feelings that came up", Kind.LIST, required=True),
                Field(
                    "usually_avoided",
                    "Which of them the client usually holds back, and how",
                    Kind.LONG_TEXT,
                ),
            ),
        ),
        Section(
            "In the session",
            (
                Field(
                    "how_expressed",
                    "How the client expressed them here",
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "bearable",
                    "How bearable the feelings were by the end, as the client rated it",
                    Kind.RATING,
                    low="Unbearable",
                    high="Fully bearable",
                ),
                Field("outside", "Where the client might let these feelings show", Kind.SHORT_TEXT),
            ),
        ),
    ),
)
