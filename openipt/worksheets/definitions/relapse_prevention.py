"""Relapse-prevention plan: written near the end of the course and kept by the client."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="relapse_prevention",
    name="Relapse-prevention plan",
    version="1",
    purpose="Your plan for staying well after therapy ends: the early signs to watch for, "
    "who can help, and what to do if your mood starts to slip.",
    areas=("grief", "role_dispute", "role_transition", "deficits"),
    sections=(
        Section(
            "Noticing early",
            (
                Field("warning_signs", "My early warning signs", Kind.LIST, required=True, lines=4),
                Field(
                    "triggers",
                    "Situations with other people that can set me back",
                    Kind.LIST,
                    required=True,
                    lines=4,
                ),
            ),
        ),
        Section(
            "Help and skills",
            (
                Field(
                    "contacts", "People I can contact, and how", Kind.LIST, required=True, lines=4
                ),
                Field(
                    "skills",
                    "Things I learned in therapy that help",
                    Kind.LIST,
                    required=True,
                    lines=4,
                ),
            ),
        ),
        Section(
            "If things get worse",
            (
                Field(
                    "if_worse",
                    "What I will do if my mood gets worse",
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "come_back",
                    "When I will get back in touch with the service",
                    Kind.LONG_TEXT,
                    required=True,
                    help="For example: if low mood lasts more than two weeks.",
                ),
            ),
        ),
    ),
)
