"""Role play (a technique record): a rehearsed conversation and its debrief."""

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="role_play",
    name="Role play",
    version="1",
    purpose="Rehearsing a conversation in the session, then talking through how it went.",
    areas=("role_dispute", "role_transition", "deficits", "grief"),
    use=TECHNIQUE,
    sections=(
        Section(
            "The scene",
            (
                Field("person", "The person being played", Kind.PERSON, required=True),
                Field("scene", "The scene", Kind.LONG_TEXT, required=True),
                Field(
                    "goal", "The client's goal for the conversation", Kind.SHORT_TEXT, required=True
                ),
            ),
        ),
        Section(
            "Debrief",
            (
                Field("how_it_went", "How it went", Kind.LONG_TEXT, required=True),
                Field(
                    "confidence",
                    "The client's confidence afterwards",
                    Kind.RATING,
                    low="Not at all confident",
                    high="Very confident",
                ),
                Field("try_next", "What to try next", Kind.LIST),
            ),
        ),
    ),
)
