"""Clarification (a technique record): looking again at how the client sees a problem."""

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="clarification",
    name="Clarification",
    version="1",
    purpose="Helping the client look again at how they understand an interpersonal problem: "
    "what they assume, what else might be true, and any pattern it shows.",
    areas=("grief", "role_dispute", "role_transition", "deficits"),
    use=TECHNIQUE,
    sections=(
        Section(
            "The view examined",
            (
                Field("person", "Which relationship", Kind.PERSON),
                Field(
                    "client_view",
                    "How the client described the problem",
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field("assumptions", "Assumptions or contradictions noticed", Kind.LIST),
            ),
        ),
        Section(
            "Looking again",
            (
                Field("other_readings", "Other ways of seeing it the client considered", Kind.LIST),
                Field("pattern", "A pattern that came to light, if any", Kind.LONG_TEXT),
                Field(
                    "client_takes",
                    "What the client took from it, in their words",
                    Kind.LONG_TEXT,
                    required=True,
                ),
            ),
        ),
    ),
)
