"""Grief and loss journal: remembering the relationship as it really was, and what now."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="grief_journal",
    name="Grief and loss journal",
    version="1",
    purpose="A place to write about someone you have lost: the relationship as it was, "
    "how the loss has been for you, and small steps back towards other people.",
    areas=("grief",),
    sections=(
        Section(
            "The person",
            (
                Field("person", "Who are you writing about?", Kind.PERSON, required=True),
                Field(
                    "memory", "A memory of them that matters to you", Kind.LONG_TEXT, required=True
                ),
                Field(
                    "mixed_feelings",
                    "Was anything hard or disappointing in the relationship?",
                    Kind.LONG_TEXT,
                    help="Mixed feelings are a normal part of grieving.",
                ),
            ),
        ),
        Section(
            "This week",
            (
                Field("feelings", "What feelings about the loss came up this week?", Kind.LIST),
                Field(
                    "intensity",
                    "How strong was the grief this week, overall?",
                    Kind.RATING,
                    low="Hardly noticeable",
                    high="Overwhelming",
                ),
                Field(
                    "reconnect",
                    "One thing you could do to spend time with someone",
                    Kind.SHORT_TEXT,
                ),
            ),
        ),
    ),
)
