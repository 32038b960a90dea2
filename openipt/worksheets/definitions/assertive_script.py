"""Assertive communication script: a request prepared as feeling, situation, reason, wish."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="assertive_script",
    name=_("Assertive communication script"),
    version="1",
    purpose=_(
        "Preparing to say clearly and calmly how something affects you and what you "
        "would like instead."
    ),
    areas=("role_dispute", "deficits", "role_transition"),
    sections=(
        Section(
            _("Who and what"),
            (
                Field("person", _("Who do you want to speak to?"), Kind.PERSON, required=True),
                Field(
                    "issue", _("What is the issue, in a sentence?"), Kind.SHORT_TEXT, required=True
                ),
            ),
        ),
        Section(
            _("Your statement"),
            (
                Field(
                    "feeling",
                    _("I feel ..."),
                    Kind.SHORT_TEXT,
                    required=True,
                    help=_("Name the emotion."),
                ),
                Field(
                    "situation",
                    _("when ..."),
                    Kind.SHORT_TEXT,
                    required=True,
                    help=_("Describe what happens, without blame."),
                ),
                Field("reason", _("because ..."), Kind.SHORT_TEXT, required=True),
                Field(
                    "preference",
                    _("I would prefer ..."),
                    Kind.SHORT_TEXT,
                    required=True,
                    help=_("What you need or where your limit is."),
                ),
            ),
            intro=_("Build one sentence from four parts."),
        ),
        Section(
            _("Afterwards"),
            (
                Field(
                    "response",
                    _("If you said it: how did the other person respond?"),
                    Kind.LONG_TEXT,
                ),
                Field(
                    "felt_after",
                    _("How did you feel about how you put it?"),
                    Kind.RATING,
                    low=_("Very unhappy with it"),
                    high=_("Very pleased with it"),
                ),
            ),
        ),
    ),
)
