"""Conversation preparation: planning a conversation that matters before having it."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="conversation_prep",
    name="Conversation preparation",
    version="2",
    purpose="Thinking a difficult conversation through beforehand: what you want from it, "
    "how you will start, and how you might handle the other person's reaction.",
    areas=("role_dispute", "role_transition", "deficits", "grief"),
    sections=(
        Section(
            "The conversation",
            (
                Field("person", "Who will you talk to?", Kind.PERSON, required=True),
                Field(
                    "issue",
                    "What is the matter you want to talk about?",
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "my_feeling",
                    "How do you feel about it, and what makes you feel that way?",
                    Kind.LONG_TEXT,
                ),
                Field(
                    "goal", "What would you like to come out of it?", Kind.LONG_TEXT, required=True
                ),
                Field("when_where", "When and where could you have it?", Kind.SHORT_TEXT),
            ),
        ),
        Section(
            "Your words",
            (
                Field(
                    "opening", "How you could open the conversation", Kind.LONG_TEXT, required=True
                ),
                Field(
                    "their_needs",
                    "What might the other person be feeling, and what might they need?",
                    Kind.LONG_TEXT,
                ),
                Field("their_reaction", "How they might react", Kind.LIST),
                Field("my_response", "What you could say if that happens", Kind.LIST),
            ),
        ),
        Section(
            "Readiness",
            (
                Field(
                    "readiness",
                    "How ready do you feel to have this conversation?",
                    Kind.RATING,
                    low="Not ready",
                    high="Completely ready",
                ),
            ),
        ),
    ),
)
