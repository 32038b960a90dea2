"""Decision analysis (a technique record): options, their pros and cons, the choice."""

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="decision_analysis",
    name="Decision analysis",
    version="1",
    purpose="Setting out the options for an interpersonal problem, weighing each, and "
    "choosing one with a first step.",
    areas=("role_dispute", "role_transition", "deficits", "grief"),
    use=TECHNIQUE,
    sections=(
        Section(
            "The decision",
            (Field("question", "The decision to be made", Kind.SHORT_TEXT, required=True),),
        ),
        Section(
            "Options",
            (
                Field("option_1", "First option", Kind.SHORT_TEXT, required=True),
                Field("option_1_pros", "For it", Kind.LIST),
                Field("option_1_cons", "Against it", Kind.LIST),
                Field("option_2", "Second option", Kind.SHORT_TEXT, required=True),
                Field("option_2_pros", "For it", Kind.LIST),
                Field("option_2_cons", "Against it", Kind.LIST),
                Field("option_3", "Third option", Kind.SHORT_TEXT),
                Field("option_3_pros", "For it", Kind.LIST),
                Field("option_3_cons", "Against it", Kind.LIST),
            ),
        ),
        Section(
            "The choice",
            (
                Field("choice", "The option chosen", Kind.SHORT_TEXT, required=True),
                Field("first_step", "The first step", Kind.SHORT_TEXT, required=True),
                Field("first_step_by", "First step by", Kind.DATE),
            ),
        ),
    ),
)
