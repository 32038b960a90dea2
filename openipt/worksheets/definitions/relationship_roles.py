"""Relationship roles: what each side expects in one important relationship."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="relationship_roles",
    name="Relationship roles",
    version="1",
    purpose="Looking at one relationship from both sides: what you expect of each other, "
    "where the expectations differ, and what might be renegotiated.",
    areas=("role_dispute", "role_transition"),
    sections=(
        Section(
            "The relationship",
            (
                Field(
                    "person", "Which relationship are you looking at?", Kind.PERSON, required=True
                ),
                Field("my_role", "The part I play in it", Kind.SHORT_TEXT),
                Field("their_role", "The part they play in it", Kind.SHORT_TEXT),
            ),
        ),
        Section(
            "Expectations",
            (
                Field("i_expect", "What I expect of them", Kind.LIST, required=True),
                Field("they_expect", "What I think they expect of me", Kind.LIST, required=True),
                Field("mismatch", "Where our expectations do not match", Kind.LONG_TEXT),
            ),
        ),
        Section(
            "Options",
            (
                Field("could_change", "What could change, on either side?", Kind.LIST),
                Field(
                    "satisfaction",
                    "How satisfied are you with the relationship now?",
                    Kind.RATING,
                    low="Not at all",
                    high="Completely",
                ),
            ),
        ),
    ),
)
