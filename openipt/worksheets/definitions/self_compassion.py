"""Self-compassion after an interpersonal mistake: a kinder look at something that went wrong."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="self_compassion",
    name=_("Self-compassion after a mistake with someone"),
    version="2",
    purpose=_(
        "When something you said or did with someone went wrong: looking at it the way "
        "a good friend would, and deciding whether and how to put it right."
    ),
    areas=("role_dispute", "deficits", "grief", "role_transition"),
    sections=(
        Section(
            _("What happened"),
            (
                Field(
                    "what_happened",
                    _("What happened, described as plainly as you can"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field("person", _("Who was it with?"), Kind.PERSON),
                Field(
                    "wish_done",
                    _("Looking back, what do you wish you had said or done?"),
                    Kind.LONG_TEXT,
                ),
                Field(
                    "self_criticism",
                    _("How hard on yourself have you been about it?"),
                    Kind.RATING,
                    low=_("Not at all"),
                    high=_("Extremely"),
                ),
            ),
        ),
        Section(
            _("A kinder view"),
            (
                Field(
                    "friend_would_say",
                    _("What would a caring friend say to you about it?"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "understandable", _("What made it understandable at the time?"), Kind.LONG_TEXT
                ),
                Field(
                    "repair",
                    _("Is there anything you would like to do to put it right?"),
                    Kind.SHORT_TEXT,
                ),
                Field(
                    "next_time",
                    _("What would you like to remember if something like this happens again?"),
                    Kind.LONG_TEXT,
                ),
            ),
        ),
    ),
)
