"""Hand-over when referring on (a record for a client who has not responded to the course)."""

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="handover",
    name="Hand-over when referring on",
    version="1",
    purpose="What the next clinician or service needs to know when the course has not helped "
    "enough and the client is referred on.",
    areas=("grief", "role_dispute", "role_transition", "deficits"),
    use=TECHNIQUE,
    sections=(
        Section(
            "Why refer on",
            (
                Field(
                    "response",
                    "Response so far (scores at the start and now, what changed)",
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field("referred_to", "Referred to", Kind.SHORT_TEXT, required=True),
                Field("medication_review", "Medication review asked for", Kind.CHECK),
                Field("client_agrees", "The client agrees to the referral", Kind.CHECK),
            ),
        ),
        Section(
            "What was tried",
            (
                Field("focus", "Problem areas and goals worked on", Kind.LIST, required=True),
                Field("helped", "What helped, even a little", Kind.LIST),
                Field("did_not_help", "What did not help", Kind.LIST),
            ),
        ),
        Section(
            "For the next clinician",
            (
                Field("risk_now", "Risk now, and what is in place", Kind.LONG_TEXT, required=True),
                Field(
                    "client_wants_known",
                    "What the client would like the next clinician to know",
                    Kind.LONG_TEXT,
                ),
            ),
        ),
    ),
)
