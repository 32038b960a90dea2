"""Role-transition reflection: the old role, the new one, what was lost and gained."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="role_transition",
    name=_("Role-transition reflection"),
    version="2",
    purpose=_(
        "Looking at a change in your life from both sides: what you have left behind "
        "and what the new situation could offer."
    ),
    areas=("role_transition",),
    sections=(
        Section(
            _("The change"),
            (
                Field(
                    "change",
                    _("In a sentence or two, what changed in your life?"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field("when", _("Roughly when did it happen?"), Kind.DATE),
                Field(
                    "identity_routine",
                    _("How has it changed the way you see yourself, and your days?"),
                    Kind.LONG_TEXT,
                ),
            ),
        ),
        Section(
            _("The old role"),
            (
                Field(
                    "old_good",
                    _("What did you value about the way things were?"),
                    Kind.LIST,
                    required=True,
                ),
                Field("old_hard", _("What was difficult about the way things were?"), Kind.LIST),
                Field("miss_most", _("What do you miss most?"), Kind.LONG_TEXT),
            ),
        ),
        Section(
            _("The new role"),
            (
                Field(
                    "new_hard",
                    _("What feels hard about the new situation?"),
                    Kind.LIST,
                    required=True,
                ),
                Field("new_possible", _("What might the new situation make possible?"), Kind.LIST),
                Field(
                    "coping_tried",
                    _("What have you already tried to cope with the change, and how did it go?"),
                    Kind.LIST,
                ),
                Field(
                    "skills_needed",
                    _("What skills or support would help you settle into it?"),
                    Kind.LIST,
                ),
                Field(
                    "confidence",
                    _("How confident do you feel about managing the new role?"),
                    Kind.RATING,
                    low=_("Not at all confident"),
                    high=_("Completely confident"),
                ),
            ),
        ),
    ),
)
