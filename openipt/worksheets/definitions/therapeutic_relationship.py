"""Use of the therapeutic relationship (a technique record): what happens between client and
clinician as a sample of the client's other relationships."""

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="therapeutic_relationship",
    name="Use of the therapeutic relationship",
    version="1",
    purpose="Looking together at something that happened between the client and the clinician "
    "(missed sessions, leaning heavily, anger, holding back) as an example of how the client "
    "tends to relate to people, and trying something different.",
    areas=("deficits", "role_dispute"),
    use=TECHNIQUE,
    sections=(
        Section(
            "What happened between us",
            (
                Field(
                    "what_happened",
                    "What happened in the sessions",
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "outside_pattern",
                    "Where the same thing happens with other people",
                    Kind.LONG_TEXT,
                ),
            ),
        ),
        Section(
            "Working with it",
            (
                Field(
                    "discussed", "What was said about it, by each", Kind.LONG_TEXT, required=True
                ),
                Field("try_outside", "Something the client will try with someone else", Kind.LIST),
            ),
        ),
    ),
)
