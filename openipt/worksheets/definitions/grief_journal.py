"""Grief and loss journal: remembering the relationship as it really was, and what now."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="grief_journal",
    name=_("Grief and loss journal"),
    version="2",
    purpose=_(
        "A place to write about someone you have lost: the relationship as it was, "
        "how the loss has been for you, and small steps back towards other people."
    ),
    areas=("grief",),
    sections=(
        Section(
            _("The person"),
            (
                Field("person", _("Who are you writing about?"), Kind.PERSON, required=True),
                Field(
                    "memory",
                    _("A memory of them that matters to you"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field("miss_most", _("What do you miss most about them?"), Kind.LONG_TEXT),
                Field(
                    "mixed_feelings",
                    _("Was anything hard or disappointing in the relationship?"),
                    Kind.LONG_TEXT,
                    help=_("Mixed feelings are a normal part of grieving."),
                ),
            ),
        ),
        Section(
            _("Since the loss"),
            (
                Field(
                    "changed_days",
                    _("What has changed in your days and routines since the loss?"),
                    Kind.LIST,
                ),
                Field(
                    "changed_support",
                    _("Who has been around you since, and who has drifted away?"),
                    Kind.LIST,
                ),
            ),
        ),
        Section(
            _("This week"),
            (
                Field("feelings", _("What feelings about the loss came up this week?"), Kind.LIST),
                Field(
                    "avoided_feelings",
                    _("Are there feelings about the loss you find yourself steering away from?"),
                    Kind.LIST,
                ),
                Field(
                    "intensity",
                    _("How strong was the grief this week, overall?"),
                    Kind.RATING,
                    low=_("Hardly noticeable"),
                    high=_("Overwhelming"),
                ),
            ),
        ),
        Section(
            _("Going on"),
            (
                Field(
                    "say_to_them",
                    _("If you could talk to them today, what would you want to say?"),
                    Kind.LONG_TEXT,
                ),
                Field(
                    "honour",
                    _("A way you could keep their memory part of your life as you go on"),
                    Kind.SHORT_TEXT,
                ),
                Field(
                    "reconnect",
                    _("One thing you could do to spend time with someone"),
                    Kind.SHORT_TEXT,
                ),
            ),
        ),
    ),
)
