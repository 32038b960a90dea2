"""What erasing a client removes from their courses (caseload/erasure.py)."""

from openipt.caseload import erasure
from openipt.caseload.models import ERASED_TEXT

from .models import (
    CourseEnding,
    CoursePlan,
    IntakeScreen,
    Referral,
    Session,
    SessionMove,
    SessionTaskRecord,
    SupervisorAlert,
)


@erasure.eraser
def erase_course_records(episodes, *, keep_scores):
    """The free text of intake screens, referrals, plans, session notes and moves, endings
    and supervisor alerts (whose sentences quote scores). Dates, codes, attendance and
    agenda ticks stay; without keep_scores, so do no PHQ-9 totals."""
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
    SessionTaskRecord.objects.filter(session__episode__in=episodes).update(note="")
    # A session's place may be the client's home (a home visit).
    Session.objects.filter(**in_episodes).update(location="")
    SessionMove.objects.filter(session__episode__in=episodes).update(reason=ERASED_TEXT)
    CourseEnding.objects.filter(**in_episodes).update(
        referred_to="", problem_area_progress=ERASED_TEXT, future_plan=ERASED_TEXT
    )
    SupervisorAlert.objects.filter(**in_episodes).update(reasons=ERASED_TEXT)
    if not keep_scores:
        IntakeScreen.objects.filter(**in_episodes).update(phq9_total=None)
        CourseEnding.objects.filter(**in_episodes).update(first_phq9=None, last_phq9=None)
