"""Helping out: volunteering as a way back to people (a home exercise)."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="volunteering",
    name=_("Helping out"),
    version="1",
    purpose=_(
        "Giving some time to a cause or to people who need a hand, as a way of being with "
        "others and practising what you work on in sessions."
    ),
    areas=("deficits", "role_transition", "grief"),
    sections=(
        Section(
            _("The plan"),
            (
                Field(
                    "ideas",
                    _("Places or people you could help (with a friend, if you like)"),
                    Kind.LIST,
                    required=True,
                    help=_(
                        "For example: an animal shelter, a food bank, reading with children, "
                        "visiting someone who is on their own."
                    ),
                ),
                Field("chosen", _("The one you will try first"), Kind.SHORT_TEXT, required=True),
                Field("first_step", _("Your first step, and when"), Kind.SHORT_TEXT),
                Field("planned_on", _("The day you plan to go"), Kind.DATE),
            ),
        ),
        Section(
            _("Afterwards"),
            (
                Field("what_happened", _("What you did and who you met"), Kind.LONG_TEXT),
                Field(
                    "connected",
                    _("How connected to other people did you feel while helping?"),
                    Kind.RATING,
                    low=_("Not at all"),
                    high=_("Very connected"),
                ),
                Field("again", _("Would you go again? What would you change?"), Kind.SHORT_TEXT),
            ),
        ),
    ),
)
