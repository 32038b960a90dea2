"""Use of the therapeutic relationship (a technique record): what happens between client and
clinician as a sample of the client's other relationships."""

from django.utils.translation import gettext_lazy as _

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="therapeutic_relationship",
    name=_("Use of the therapeutic relationship"),
    version="1",
    purpose=_(
        "Looking together at something that happened between the client and the clinician "
        "(missed sessions, leaning heavily, anger, holding back) as an example of how the client "
        "tends to relate to people, and trying something different."
    ),
    areas=("deficits", "role_dispute"),
    use=TECHNIQUE,
    sections=(
        Section(
            _("What happened between us"),
            (
                Field(
                    "what_happened",
                    _("What happened in the sessions"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "outside_pattern",
                    _("Where the same thing happens with other people"),
                    Kind.LONG_TEXT,
                ),
            ),
        ),
        Section(
            _("Working with it"),
            (
                Field(
                    "discussed", _("What was said about it, by each"), Kind.LONG_TEXT, required=True
                ),
                Field(
                    "try_outside", _("Something the client will try with someone else"), Kind.LIST
                ),
            ),
        ),
    ),
)
