"""Role-transition reflection: the old role, the new one, what was lost and gained."""

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="role_transition",
    name="Role-transition reflection",
    version="2",
    purpose="Looking at a change in your life from both sides: what you have left behind "
    "and what the new situation could offer.",
    areas=("role_transition",),
    sections=(
        Section(
            "The change",
            (
                Field(
                    "change",
                    "In a sentence or two, what changed in your life?",
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field("when", "Roughly when did it happen?", Kind.DATE),
                Field(
                    "identity_routine",
                    "How has it changed the way you see yourself, and your days?",
                    Kind.LONG_TEXT,
                ),
            ),
        ),
        Section(
            "The old role",
            (
                Field(
                    "old_good",
                    "What did you value about the way things were?",
                    Kind.LIST,
                    required=True,
                ),
                Field("old_hard", "What was difficult about the way things were?", Kind.LIST),
                Field("miss_most", "What do you miss most?", Kind.LONG_TEXT),
            ),
        ),
        Section(
            "The new role",
            (
                Field(
                    "new_hard", "What feels hard about the new situation?", Kind.LIST, required=True
                ),
                Field("new_possible", "What might the new situation make possible?", Kind.LIST),
                Field(
                    "coping_tried",
                    "What have you already tried to cope with the change, and how did it go?",
                    Kind.LIST,
                ),
                Field(
                    "skills_needed",
                    "What skills or support would help you settle into it?",
                    Kind.LIST,
                ),
                Field(
                    "confidence",
                    "How confident do you feel about managing the new role?",
                    Kind.RATING,
                    low="Not at all confident",
                    high="Completely confident",
                ),
            ),
        ),
    ),
)
