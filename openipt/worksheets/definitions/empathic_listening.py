"""Empathic listening (a technique record): what the client shared and what was reflected."""

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="empathic_listening",
    name="Empathic listening",
    version="1",
    purpose="Recording a stretch of the session spent mainly listening and reflecting, often "
    "in grief work: what the client told, what was reflected back, and how it landed.",
    areas=("grief", "role_transition", "role_dispute", "deficits"),
    use=TECHNIQUE,
    sections=(
        Section(
            "Listening",
            (
                Field("person", "Who or what it was about", Kind.PERSON),
                Field("shared", "What the client talked about", Kind.LONG_TEXT, required=True),
                Field(
                    "reflected",
                    "Feelings and meanings reflected back",
                    Kind.LIST,
                    required=True,
                ),
            ),
        ),
        Section(
            "How it landed",
            (
                Field("response", "How the client responded", Kind.LONG_TEXT),
                Field(
                    "felt_understood",
                    "How understood the client said they felt",
                    Kind.RATING,
                    low="Not at all",
                    high="Completely",
                ),
            ),
        ),
    ),
)
