"""Support network map: the people in the inventory, sorted into three circles."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="support_network",
    name=_("Support network map"),
    version="2",
    purpose=_(
        "Picturing the people around you in three circles: closest, friends and "
        "acquaintances, and helpers. It builds on the people you talked about in therapy."
    ),
    areas=("deficits", "role_transition", "grief", "role_dispute"),
    sections=(
        Section(
            _("Inner circle"),
            (
                Field(
                    "inner_person", _("The person I feel closest to"), Kind.PERSON, required=True
                ),
                Field("inner_others", _("Others I trust most"), Kind.LIST),
            ),
            intro=_("The people you trust and feel closest to."),
        ),
        Section(
            _("Middle circle"),
            (Field("middle", _("Friends, relatives and acquaintances"), Kind.LIST),),
        ),
        Section(
            _("Outer circle"),
            (Field("outer", _("Helpers: doctors, services, groups in the community"), Kind.LIST),),
        ),
        Section(
            _("Changes"),
            (
                Field(
                    "closer",
                    _("Someone I would like to be closer to, and one step towards that"),
                    Kind.LONG_TEXT,
                ),
                Field(
                    "draining",
                    _("Is there anyone who leaves you more tired or low than before you saw them?"),
                    Kind.LIST,
                    help=_(
                        "Naming a relationship here is a starting point for the next session, "
                        "not a decision about it."
                    ),
                ),
                Field(
                    "support_now",
                    _("How supported do you feel at the moment?"),
                    Kind.RATING,
                    low=_("Not at all"),
                    high=_("Very well supported"),
                ),
            ),
        ),
    ),
)
