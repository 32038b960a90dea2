"""New ways to connect: inventive, low-pressure ways of reaching people (a home exercise)."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="new_ways_to_connect",
    name="New ways to connect",
    version="1",
    purpose="Thinking up fresh, low-pressure ways of getting in touch with people, and trying "
    "one this week.",
    areas=("deficits", "role_transition", "role_dispute", "grief"),
    sections=(
        Section(
            "Ideas",
            (
                Field(
                    "ideas",
                    "Ways you could reach people that you have not tried yet",
                    Kind.LIST,
                    required=True,
                    lines=5,
                    help="Anything goes: cooking for a neighbour, sending a photo to an old "
                    "friend, offering to teach something you are good at.",
                ),
                Field("person", "Someone you would like to try one with", Kind.PERSON),
                Field("chosen", "The idea you will try this week", Kind.SHORT_TEXT, required=True),
            ),
        ),
        Section(
            "How it went",
            (
                Field("what_happened", "What you did and how they responded", Kind.LONG_TEXT),
                Field(
                    "worth_it",
                    "How glad are you that you tried it?",
                    Kind.RATING,
                    low="Not at all",
                    high="Very glad",
                ),
            ),
        ),
    ),
)
