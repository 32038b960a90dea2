"""Relationship roles: a part you keep playing with people, what it gives and what it costs.

Version 1 looked at what each side expects in one relationship; the source article's exercise
is about recurring roles (caretaker, avoider, people-pleaser), so version 2 follows it. Version
1 stays registered in EARLIER so sheets answered on it keep their prompts.
"""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="relationship_roles",
    name=_("Relationship roles"),
    version="2",
    purpose=_(
        "Noticing a part you tend to play with the people close to you, such as always "
        "looking after others, keeping the peace or keeping your distance, and trying a different "
        "way in one relationship."
    ),
    areas=("role_dispute", "role_transition", "deficits"),
    sections=(
        Section(
            _("The part I play"),
            (
                Field(
                    "usual_role",
                    _("With people close to me, I often end up being the one who..."),
                    Kind.LONG_TEXT,
                    required=True,
                    help=_(
                        "For example: looks after everyone, never says no, keeps out of the "
                        "way, smooths things over."
                    ),
                ),
                Field("role_gives", _("What playing this part gives me"), Kind.LIST, required=True),
                Field("role_costs", _("What it costs me, or gets in the way of"), Kind.LIST),
            ),
        ),
        Section(
            _("Where it shows"),
            (
                Field(
                    "person",
                    _("The relationship where I notice it most"),
                    Kind.PERSON,
                    required=True,
                ),
                Field("example", _("A recent moment when it happened"), Kind.LONG_TEXT),
            ),
        ),
        Section(
            _("Another way"),
            (
                Field(
                    "healthier_way",
                    _("A different way I could be in that relationship"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "hold_on_role",
                    _("How strongly does this part hold you at the moment?"),
                    Kind.RATING,
                    low=_("Hardly at all"),
                    high=_("Completely"),
                ),
            ),
        ),
    ),
)


VERSION_1 = Worksheet(
    code="relationship_roles",
    name=_("Relationship roles"),
    version="1",
    purpose=_(
        "Looking at one relationship from both sides: what you expect of each other, "
        "where the expectations differ, and what might be renegotiated."
    ),
    areas=("role_dispute", "role_transition"),
    sections=(
        Section(
            _("The relationship"),
            (
                Field(
                    "person",
                    _("Which relationship are you looking at?"),
                    Kind.PERSON,
                    required=True,
                ),
                Field("my_role", _("The part I play in it"), Kind.SHORT_TEXT),
                Field("their_role", _("The part they play in it"), Kind.SHORT_TEXT),
            ),
        ),
        Section(
            _("Expectations"),
            (
                Field("i_expect", _("What I expect of them"), Kind.LIST, required=True),
                Field("they_expect", _("What I think they expect of me"), Kind.LIST, required=True),
                Field("mismatch", _("Where our expectations do not match"), Kind.LONG_TEXT),
            ),
        ),
        Section(
            _("Options"),
            (
                Field("could_change", _("What could change, on either side?"), Kind.LIST),
                Field(
                    "satisfaction",
                    _("How satisfied are you with the relationship now?"),
                    Kind.RATING,
                    low=_("Not at all"),
                    high=_("Completely"),
                ),
            ),
        ),
    ),
)

EARLIER = (VERSION_1,)
