"""Assertive communication script: a request prepared as feeling, situation, reason, wish."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="assertive_script",
    name="Assertive communication script",
    version="1",
    purpose="Preparing to say clearly and calmly how something affects you and what you "
    "would like instead.",
    areas=("role_dispute", "deficits", "role_transition"),
    sections=(
        Section(
            "Who and what",
            (
                Field("person", "Who do you want to speak to?", Kind.PERSON, required=True),
                Field("issue", "What is the issue, in a sentence?", Kind.SHORT_TEXT, required=True),
            ),
        ),
        Section(
            "Your statement",
            (
                Field(
                    "feeling",
                    "I feel ...",
                    Kind.SHORT_TEXT,
                    required=True,
                    help="Name the emotion.",
                ),
                Field(
                    "situation",
                    "when ...",
                    Kind.SHORT_TEXT,
                    required=True,
                    help="Describe what happens, without blame.",
                ),
                Field("reason", "because ...", Kind.SHORT_TEXT, required=True),
                Field(
                    "preference",
                    "I would prefer ...",
                    Kind.SHORT_TEXT,
                    required=True,
                    help="What you need or where your limit is.",
                ),
            ),
            intro="Build one sentence from four parts.",
        ),
        Section(
            "Afterwards",
            (
                Field(
                    "response", "If you said it: how did the other person respond?", Kind.LONG_TEXT
                ),
                Field(
                    "felt_after",
                    "How did you feel about how you put it?",
                    Kind.RATING,
                    low="Very unhappy with it",
                    high="Very pleased with it",
                ),
            ),
        ),
    ),
)
