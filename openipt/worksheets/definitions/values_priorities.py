"""Values and priorities: what matters, and how time is actually spent."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="values_priorities",
    name=_("Values and priorities"),
    version="2",
    purpose=_(
        "Comparing what matters most to you with where your time and energy go, and "
        "choosing one small change."
    ),
    areas=("role_transition", "role_dispute", "deficits"),
    sections=(
        Section(
            _("What matters"),
            (
                Field(
                    "values",
                    _("The things that matter most to me"),
                    Kind.LIST,
                    required=True,
                    lines=5,
                ),
                Field("people", _("The people who matter most to me"), Kind.LIST),
                Field(
                    "neglected",
                    _("Which of these have had little room in your life lately?"),
                    Kind.LIST,
                ),
            ),
        ),
        Section(
            _("Where my time goes"),
            (
                Field("time_spent", _("What takes up most of my week"), Kind.LIST, required=True),
                Field(
                    "balance",
                    _("How well does your week match what matters to you?"),
                    Kind.RATING,
                    low=_("Not at all"),
                    high=_("Very well"),
                ),
            ),
        ),
        Section(
            _("One change"),
            (
                Field(
                    "change", _("One change I could make this week"), Kind.SHORT_TEXT, required=True
                ),
                Field("start_on", _("When I will start"), Kind.DATE),
            ),
        ),
    ),
)
