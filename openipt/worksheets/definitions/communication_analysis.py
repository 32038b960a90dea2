"""Communication analysis (a technique record): one recent interaction, step by step."""

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="communication_analysis",
    name="Communication analysis",
    version="2",
    purpose="A detailed look at one recent interaction: what was said, meant and heard, the "
    "feelings on each side, and what could be said instead.",
    areas=("role_dispute", "deficits", "role_transition", "grief"),
    use=TECHNIQUE,
    sections=(
        Section(
            "The interaction",
            (
                Field("person", "With whom", Kind.PERSON, required=True),
                Field(
                    "context",
                    "When and where, and what led up to it",
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "steps",
                    "What was said, step by step",
                    Kind.LIST,
                    required=True,
                    lines=6,
                    help="One line per turn, for example: I said ... / They said ...",
                ),
            ),
        ),
        Section(
            "How it was said",
            (
                Field("tone", "Tone of voice, on each side", Kind.SHORT_TEXT),
                Field("volume", "How loud or quiet", Kind.SHORT_TEXT),
                Field("gestures", "Gestures and body language", Kind.SHORT_TEXT),
                Field("eye_contact", "Eye contact", Kind.SHORT_TEXT),
            ),
            intro="What the words alone do not say: recall it as closely as the client can.",
        ),
        Section(
            "Meaning and feeling",
            (
                Field("client_meant", "What the client meant", Kind.LONG_TEXT),
                Field("other_heard", "What the other person seems to have heard", Kind.LONG_TEXT),
                Field("client_felt", "What the client felt", Kind.SHORT_TEXT),
                Field("other_felt", "What the other person may have felt", Kind.SHORT_TEXT),
            ),
        ),
        Section(
            "Alternatives",
            (Field("could_say", "What could be said instead", Kind.LIST, required=True),),
        ),
    ),
)
