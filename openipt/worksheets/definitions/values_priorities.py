"""Values and priorities: what matters, and how time is actually spent."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="values_priorities",
    name="Values and priorities",
    version="2",
    purpose="Comparing what matters most to you with where your time and energy go, and "
    "choosing one small change.",
    areas=("role_transition", "role_dispute", "deficits"),
    sections=(
        Section(
            "What matters",
            (
                Field(
                    "values", "The things that matter most to me", Kind.LIST, required=True, lines=5
                ),
                Field("people", "The people who matter most to me", Kind.LIST),
                Field(
                    "neglected",
                    "Which of these have had little room in your life lately?",
                    Kind.LIST,
                ),
            ),
        ),
        Section(
            "Where my time goes",
            (
                Field("time_spent", "What takes up most of my week", Kind.LIST, required=True),
                Field(
                    "balance",
                    "How well does your week match what matters to you?",
                    Kind.RATING,
                    low="Not at all",
                    high="Very well",
                ),
            ),
        ),
        Section(
            "One change",
            (
                Field(
                    "change", "One change I could make this week", Kind.SHORT_TEXT, required=True
                ),
                Field("start_on", "When I will start", Kind.DATE),
            ),
        ),
    ),
)
