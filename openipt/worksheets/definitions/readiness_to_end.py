"""Readiness to end (a checklist for the termination phase)."""

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="readiness_to_end",
    name="Readiness to end",
    version="1",
    purpose="A checklist for the last sessions: what has been reviewed with the client before "
    "the course ends, and what still worries either of you.",
    areas=("grief", "role_dispute", "role_transition", "deficits"),
    use=TECHNIQUE,
    sections=(
        Section(
            "Reviewed with the client",
            (
                Field("symptoms_reviewed", "Scores now compared with the start", Kind.CHECK),
                Field("goals_reviewed", "Progress on each problem area's goals", Kind.CHECK),
                Field("ending_feelings", "Feelings about the course ending", Kind.CHECK),
                Field("skills_named", "What the client does differently now", Kind.CHECK),
                Field("warning_signs", "Early warning signs of relapse", Kind.CHECK),
                Field("plan_agreed", "The relapse-prevention plan", Kind.CHECK),
                Field(
                    "further_options", "Options after the course (boosters, more help)", Kind.CHECK
                ),
                Field("how_to_return", "How to get back in touch", Kind.CHECK),
            ),
        ),
        Section(
            "Still open",
            (
                Field("concerns", "What still worries the client or you", Kind.LONG_TEXT),
                Field(
                    "ready",
                    "How ready for the ending the client says they feel",
                    Kind.RATING,
                    low="Not ready at all",
                    high="Completely ready",
                ),
            ),
        ),
    ),
)
