"""Relapse-prevention plan: written near the end of the course and kept by the client."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="relapse_prevention",
    name=_("Relapse-prevention plan"),
    version="1",
    purpose=_(
        "Your plan for staying well after therapy ends: the early signs to watch for, "
        "who can help, and what to do if your mood starts to slip."
    ),
    areas=("grief", "role_dispute", "role_transition", "deficits"),
    sections=(
        Section(
            _("Noticing early"),
            (
                Field(
                    "warning_signs", _("My early warning signs"), Kind.LIST, required=True, lines=4
                ),
                Field(
                    "triggers",
                    _("Situations with other people that can set me back"),
                    Kind.LIST,
                    required=True,
                    lines=4,
                ),
            ),
        ),
        Section(
            _("Help and skills"),
            (
                Field(
                    "contacts",
                    _("People I can contact, and how"),
                    Kind.LIST,
                    required=True,
                    lines=4,
                ),
                Field(
                    "skills",
                    _("Things I learned in therapy that help"),
                    Kind.LIST,
                    required=True,
                    lines=4,
                ),
            ),
        ),
        Section(
            _("If things get worse"),
            (
                Field(
                    "if_worse",
                    _("What I will do if my mood gets worse"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "come_back",
                    _("When I will get back in touch with the service"),
                    Kind.LONG_TEXT,
                    required=True,
                    help=_("For example: if low mood lasts more than two weeks."),
                ),
            ),
        ),
    ),
)
