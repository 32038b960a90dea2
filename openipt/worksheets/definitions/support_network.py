"""Support network map: the people in the inventory, sorted into three circles."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="support_network",
    name="Support network map",
    version="2",
    purpose="Picturing the people around you in three circles: closest, friends and "
    "acquaintances, and helpers. It builds on the people you talked about in therapy.",
    areas=("deficits", "role_transition", "grief", "role_dispute"),
    sections=(
        Section(
            "Inner circle",
            (
                Field("inner_person", "The person I feel closest to", Kind.PERSON, required=True),
                Field("inner_others", "Others I trust most", Kind.LIST),
            ),
            intro="The people you trust and feel closest to.",
        ),
        Section(
            "Middle circle",
            (Field("middle", "Friends, relatives and acquaintances", Kind.LIST),),
        ),
        Section(
            "Outer circle",
            (Field("outer", "Helpers: doctors, services, groups in the community", Kind.LIST),),
        ),
        Section(
            "Changes",
            (
                Field(
                    "closer",
                    "Someone I would like to be closer to, and one step towards that",
                    Kind.LONG_TEXT,
                ),
                Field(
                    "draining",
                    "Is there anyone who leaves you more tired or low than before you saw them?",
                    Kind.LIST,
                    help="Naming a relationship here is a starting point for the next session, "
                    "not a decision about it.",
                ),
                Field(
                    "support_now",
                    "How supported do you feel at the moment?",
                    Kind.RATING,
                    low="Not at all",
                    high="Very well supported",
                ),
            ),
        ),
    ),
)
