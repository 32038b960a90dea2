"""Communication analysis (a technique record): one recent interaction, step by step."""

from django.utils.translation import gettext_lazy as _

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="communication_analysis",
    name=_("Communication analysis"),
    version="2",
    purpose=_(
        "A detailed look at one recent interaction: what was said, meant and heard, the "
        "feelings on each side, and what could be said instead."
    ),
    areas=("role_dispute", "deficits", "role_transition", "grief"),
    use=TECHNIQUE,
    sections=(
        Section(
            _("The interaction"),
            (
                Field("person", _("With whom"), Kind.PERSON, required=True),
                Field(
                    "context",
                    _("When and where, and what led up to it"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "steps",
                    _("What was said, step by step"),
                    Kind.LIST,
                    required=True,
                    lines=6,
                    help=_("One line per turn, for example: I said ... / They said ..."),
                ),
            ),
        ),
        Section(
            _("How it was said"),
            (
                Field("tone", _("Tone of voice, on each side"), Kind.SHORT_TEXT),
                Field("volume", _("How loud or quiet"), Kind.SHORT_TEXT),
                Field("gestures", _("Gestures and body language"), Kind.SHORT_TEXT),
                Field("eye_contact", _("Eye contact"), Kind.SHORT_TEXT),
            ),
            intro=_("What the words alone do not say: recall it as closely as the client can."),
        ),
        Section(
            _("Meaning and feeling"),
            (
                Field("client_meant", _("What the client meant"), Kind.LONG_TEXT),
                Field(
                    "other_heard", _("What the other person seems to have heard"), Kind.LONG_TEXT
                ),
                Field("client_felt", _("What the client felt"), Kind.SHORT_TEXT),
                Field("other_felt", _("What the other person may have felt"), Kind.SHORT_TEXT),
            ),
        ),
        Section(
            _("Alternatives"),
            (Field("could_say", _("What could be said instead"), Kind.LIST, required=True),),
        ),
    ),
)
