"""New ways to connect: inventive, low-pressure ways of reaching people (a home exercise)."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="new_ways_to_connect",
    name=_("New ways to connect"),
    version="1",
    purpose=_(
        "Thinking up fresh, low-pressure ways of getting in touch with people, and trying "
        "one this week."
    ),
    areas=("deficits", "role_transition", "role_dispute", "grief"),
    sections=(
        Section(
            _("Ideas"),
            (
                Field(
                    "ideas",
                    _("Ways you could reach people that you have not tried yet"),
                    Kind.LIST,
                    required=True,
                    lines=5,
                    help=_(
                        "Anything goes: cooking for a neighbour, sending a photo to an old "
                        "friend, offering to teach something you are good at."
                    ),
                ),
                Field("person", _("Someone you would like to try one with"), Kind.PERSON),
                Field(
                    "chosen", _("The idea you will try this week"), Kind.SHORT_TEXT, required=True
                ),
            ),
        ),
        Section(
            _("How it went"),
            (
                Field("what_happened", _("What you did and how they responded"), Kind.LONG_TEXT),
                Field(
                    "worth_it",
                    _("How glad are you that you tried it?"),
                    Kind.RATING,
                    low=_("Not at all"),
                    high=_("Very glad"),
                ),
            ),
        ),
    ),
)
