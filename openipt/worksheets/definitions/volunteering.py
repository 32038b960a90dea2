"""Helping out: volunteering as a way back to people (a home exercise)."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="volunteering",
    name="Helping out",
    version="1",
    purpose="Giving some time to a cause or to people who need a hand, as a way of being with "
    "others and practising what you work on in sessions.",
    areas=("deficits", "role_transition", "grief"),
    sections=(
        Section(
            "The plan",
            (
                Field(
                    "ideas",
                    "Places or people you could help (with a friend, if you like)",
                    Kind.LIST,
                    required=True,
                    help="For example: an animal shelter, a food bank, reading with children, "
                    "visiting someone who is on their own.",
                ),
                Field("chosen", "The one you will try first", Kind.SHORT_TEXT, required=True),
                Field("first_step", "Your first step, and when", Kind.SHORT_TEXT),
                Field("planned_on", "The day you plan to go", Kind.DATE),
            ),
        ),
        Section(
            "Afterwards",
            (
                Field("what_happened", "What you did and who you met", Kind.LONG_TEXT),
                Field(
                    "connected",
                    "How connected to other people did you feel while helping?",
                    Kind.RATING,
                    low="Not at all",
                    high="Very connected",
                ),
                Field("again", "Would you go again? What would you change?", Kind.SHORT_TEXT),
            ),
        ),
    ),
)
