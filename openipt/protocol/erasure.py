"""What erasing a client removes from their courses (caseload/erasure.py)."""

from django.utils import timezone

from openipt.caseload import erasure
from openipt.caseload.models import ERASED_TEXT

from .models import (
    CourseEnding,
    CoursePlan,
    FollowUpSession,
    IntakeScreen,
    ProgressNote,
    Referral,
    Session,
    SessionMove,
    SessionTaskRecord,
    SupervisorAlert,
)


@erasure.eraser
def erase_course_records(episodes, *, keep_scores):
    """The free text of intake screens, referrals, plans, session notes and moves, progress
    notes and their addenda, endings and supervisor alerts (whose sentences quote scores).
    Dates, codes, attendance, agenda ticks and who signed a note when stay; without
    keep_scores, so do no PHQ-9 totals."""
    in_episodes = {"episode__in": episodes}
    CoursePlan.objects.filter(**in_episodes).update(
        boundary_reason="", exclusion_override_reason="", length_reason="", age_override_reason=""
    )
    IntakeScreen.objects.filter(**in_episodes).update(
        symptoms=ERASED_TEXT,
        notes="",
        caution_plan="",
        previous_treatment="",
        medication="",
        prescriber="",
        hospitalisations="",
        diagnosis="",
    )
    Referral.objects.filter(**in_episodes).update(referred_to=ERASED_TEXT, reason=ERASED_TEXT)
    # A signed session's agenda and note refuse changes; blanking them for an approved
    # erasure is the one change they allow (docs/course.md, "Progress notes").
    SessionTaskRecord.objects.filter(session__episode__in=episodes).erase_notes()
    _redact_progress_notes(episodes)
    # A session's place may be the client's home (a home visit); signed or not.
    Session.objects.filter(**in_episodes).erase_places()
    SessionMove.objects.filter(session__episode__in=episodes).update(reason=ERASED_TEXT)
    CourseEnding.objects.filter(**in_episodes).update(
        referred_to="", problem_area_progress=ERASED_TEXT, future_plan=ERASED_TEXT
    )
    SupervisorAlert.objects.filter(**in_episodes).update(reasons=ERASED_TEXT)
    FollowUpSession.objects.filter(**in_episodes).update(what_helped="", note="")
    if not keep_scores:
        IntakeScreen.objects.filter(**in_episodes).update(phq9_total=None)
        CourseEnding.objects.filter(**in_episodes).update(first_phq9=None, last_phq9=None)


def _redact_progress_notes(episodes):
    """Blank every progress note of the episodes and its addenda. The audit event is the
    erasure's own (caseload/actions.py), so no redactor is named on the note."""
    now = timezone.now()
    notes = ProgressNote.objects.filter(episode__in=episodes)
    for note in notes:
        note.redact(by=None, at=now)
