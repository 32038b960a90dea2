"""Joining a group: a club, class or community group, and meeting people there (a home exercise)."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="joining_a_group",
    name=_("Joining a group"),
    version="1",
    purpose=_(
        "Finding a group that meets regularly around something you enjoy, going along, "
        "and at your own pace getting to know some of the people there."
    ),
    areas=("deficits", "role_transition", "grief"),
    sections=(
        Section(
            _("Choosing a group"),
            (
                Field(
                    "options",
                    _("Groups near you that you could join"),
                    Kind.LIST,
                    required=True,
                    help=_(
                        "For example: a walking group, a choir, a faith group, a class, a "
                        "sports club, a parents' group."
                    ),
                ),
                Field("chosen", _("The group you will try"), Kind.SHORT_TEXT, required=True),
                Field("first_visit", _("When you will first go"), Kind.DATE),
                Field(
                    "small_goal",
                    _("A small goal for the first visit"),
                    Kind.SHORT_TEXT,
                    help=_(
                        "Going and listening is enough to start; saying hello to one person "
                        "is a next step."
                    ),
                ),
            ),
        ),
        Section(
            _("After the visit"),
            (
                Field("how_it_went", _("What happened, and who you talked to"), Kind.LONG_TEXT),
                Field(
                    "ease",
                    _("How at ease did you feel with the people there?"),
                    Kind.RATING,
                    low=_("Very uneasy"),
                    high=_("Completely at ease"),
                ),
                Field("next_visit", _("What you will do next time"), Kind.SHORT_TEXT),
            ),
        ),
    ),
)
