"""Grief and loss journal: remembering the relationship as it really was, and what now."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="grief_journal",
    name="Grief and loss journal",
    version="2",
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
                Field("miss_most", "What do you miss most about them?", Kind.LONG_TEXT),
                Field(
                    "mixed_feelings",
                    "Was anything hard or disappointing in the relationship?",
                    Kind.LONG_TEXT,
                    help="Mixed feelings are a normal part of grieving.",
                ),
            ),
        ),
        Section(
            "Since the loss",
            (
                Field(
                    "changed_days",
                    "What has changed in your days and routines since the loss?",
                    Kind.LIST,
                ),
                Field(
                    "changed_support",
                    "Who has been around you since, and who has drifted away?",
                    Kind.LIST,
                ),
            ),
        ),
        Section(
            "This week",
            (
                Field("feelings", "What feelings about the loss came up this week?", Kind.LIST),
                Field(
                    "avoided_feelings",
                    "Are there feelings about the loss you find yourself steering away from?",
                    Kind.LIST,
                ),
                Field(
                    "intensity",
                    "How strong was the grief this week, overall?",
                    Kind.RATING,
                    low="Hardly noticeable",
                    high="Overwhelming",
                ),
            ),
        ),
        Section(
            "Going on",
            (
                Field(
                    "say_to_them",
                    "If you could talk to them today, what would you want to say?",
                    Kind.LONG_TEXT,
                ),
                Field(
                    "honour",
                    "A way you could keep their memory part of your life as you go on",
                    Kind.SHORT_TEXT,
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
