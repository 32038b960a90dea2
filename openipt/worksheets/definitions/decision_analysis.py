"""Decision analysis (a technique record): options, their pros and cons, the choice."""

from django.utils.translation import gettext_lazy as _

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="decision_analysis",
    name=_("Decision analysis"),
    version="1",
    purpose=_(
        "Setting out the options for an interpersonal problem, weighing each, and "
        "choosing one with a first step."
    ),
    areas=("role_dispute", "role_transition", "deficits", "grief"),
    use=TECHNIQUE,
    sections=(
        Section(
            _("The decision"),
            (Field("question", _("The decision to be made"), Kind.SHORT_TEXT, required=True),),
        ),
        Section(
            _("Options"),
            (
                Field("option_1", _("First option"), Kind.SHORT_TEXT, required=True),
                Field("option_1_pros", _("For it"), Kind.LIST),
                Field("option_1_cons", _("Against it"), Kind.LIST),
                Field("option_2", _("Second option"), Kind.SHORT_TEXT, required=True),
                Field("option_2_pros", _("For it"), Kind.LIST),
                Field("option_2_cons", _("Against it"), Kind.LIST),
                Field("option_3", _("Third option"), Kind.SHORT_TEXT),
                Field("option_3_pros", _("For it"), Kind.LIST),
                Field("option_3_cons", _("Against it"), Kind.LIST),
            ),
        ),
        Section(
            _("The choice"),
            (
                Field("choice", _("The option chosen"), Kind.SHORT_TEXT, required=True),
                Field("first_step", _("The first step"), Kind.SHORT_TEXT, required=True),
                Field("first_step_by", _("First step by"), Kind.DATE),
            ),
        ),
    ),
)
