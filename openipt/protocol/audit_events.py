"""The audit actions of the course: intake, plan, contract, sessions, ending, supervisor
alerts, the calendar and fidelity. All clinical except the organisation's defaults
(audit/events.py)."""

from openipt.audit.events import (
    ADMINISTRATIVE,
    CLINICAL,
    Code,
    Number,
    Numbers,
    Person,
    YesNo,
    declare,
)

from . import modalities, readings
from .escalation import ALERT_MEANINGS, PHQ9_STEP_UP, RISK_FLAG
from .models import (
    Attendance,
    EndReason,
    FollowUp,
    ReferralKind,
    StartRequestStatus,
    SymptomsReturned,
)
from .start_rules import REASON_LABELS

ATTENDANCE = {code: label.lower() for code, label in Attendance.choices}


def _alert_reasons():
    reasons = {
        RISK_FLAG: "an answer about self-harm or suicide waiting for follow-up",
        PHQ9_STEP_UP: "a PHQ-9 total at or above the step-up level",
    }
    for flag in readings.alert_flag_codes():
        reasons[flag] = f"a screen that {ALERT_MEANINGS.get(flag, 'needs review')}"
    return reasons


def _page(code, words):
    declare(code, CLINICAL, words)


_page("course.viewed", "Course viewed")
_page("course.intake_form_viewed", "Intake screen form viewed")
_page("course.start_form_viewed", "Course start form viewed")
_page("course.contract_viewed", "Treatment contract viewed")
_page("course.boundaries_form_viewed", "Phase boundaries form viewed")
_page("course.end_form_viewed", "Course ending form viewed")
_page("course.fidelity_viewed", "Course fidelity viewed")
_page("course.schedule_form_viewed", "Session scheduling form viewed")
_page("course.reschedule_form_viewed", "Session moving form viewed")
_page("course.cancel_form_viewed", "Session cancelling form viewed")
_page("session.viewed", "Session viewed")
_page("calendar.viewed", "Client's session shown in a calendar")
_page("calendar_feed.fetched", "Client's session sent in a private calendar feed")
_page("fidelity.team_viewed", "Client's course shown in team fidelity")

declare(
    "course.intake_recorded",
    CLINICAL,
    "Intake screen recorded",
    says="Intake screen recorded: {exclusions} exclusions and {cautions} cautions found",
    exclusions=Number(),
    cautions=Number(),
)
declare(
    "course.referral_recorded",
    CLINICAL,
    "Referral recorded",
    says="Referral recorded: {kind}",
    kind=Code(ReferralKind.choices),
)
_page("course.start_blocked", "Course start refused: the intake screen found an exclusion")
declare(
    "course.start_held",
    CLINICAL,
    "Course start held for the supervisor's approval",
    says="Course start held for the supervisor's approval: {modality}; because {reasons}",
    modality=Code(modalities.choices),
    reasons=Code(REASON_LABELS, many=True),
)
declare(
    "course.start_request_decided",
    CLINICAL,
    "Course start request decided by the supervisor",
    says="Course start request decided by the supervisor: {modality}, {outcome}",
    modality=Code(modalities.choices),
    outcome=Code(StartRequestStatus.choices),
)
declare(
    "course.started",
    CLINICAL,
    "Course started",
    says=(
        "Course started: {modality}, {sessions} sessions{exclusion_overridden}{age_overridden}"
        "{continues_earlier}"
    ),
    modality=Code(modalities.choices),
    sessions=Number(),
    exclusion_overridden=YesNo(yes="; started despite an exclusion, with a reason", no=""),
    age_overridden=YesNo(yes="; outside the modality's age range, with a reason", no=""),
    continues_earlier=YesNo(yes="; continues an earlier course of the client", no=""),
)
declare(
    "course.contract_recorded",
    CLINICAL,
    "Treatment contract recorded",
    says=(
        "Treatment contract recorded: {sessions} sessions, {items_missing} items still to "
        "record, {unheld_removed} unheld sessions beyond the plan removed"
    ),
    sessions=Number(),
    items_missing=Number(),
    unheld_removed=Number(),
)
declare(
    "course.boundaries_moved",
    CLINICAL,
    "Phase boundaries moved",
    says=(
        "Phase boundaries moved: initial phase to session {initial_end}, termination from "
        "session {termination_start}"
    ),
    initial_end=Number(),
    termination_start=Number(),
)
declare(
    "session.scheduled",
    CLINICAL,
    "Sessions scheduled",
    says="Sessions scheduled: {sessions}",
    sessions=Numbers(),
)
declare(
    "session.rescheduled",
    CLINICAL,
    "Session moved",
    says="Session {session} moved",
    session=Number(),
)
SESSION_RECORD_FACTS = {
    "session": Number(),
    "attendance": Code(ATTENDANCE),
    "tasks_done": Number(),
    "tasks": Number(),
}
declare(
    "session.recorded",
    CLINICAL,
    "Session recorded",
    says="Session {session} recorded: {attendance}; {tasks_done} of {tasks} agenda tasks done",
    **SESSION_RECORD_FACTS,
)
declare(
    "session.updated",
    CLINICAL,
    "Session record corrected",
    says="Session {session} corrected: {attendance}; {tasks_done} of {tasks} agenda tasks done",
    **SESSION_RECORD_FACTS,
)
declare(
    "session.agenda_recorded",
    CLINICAL,
    "Session agenda recorded",
    says=(
        "Session {session} agenda recorded: {tasks_done} of {tasks} agenda tasks done,"
        " {done_without_record} of them done in the room and not recorded"
    ),
    session=Number(),
    tasks_done=Number(),
    tasks=Number(),
    done_without_record=Number(),
)
_page("progress_note.viewed", "Progress note viewed")
declare(
    "progress_note.draft_saved",
    CLINICAL,
    "Progress note draft saved",
    says="Session {session} progress note saved as a draft",
    session=Number(),
)
declare(
    "progress_note.signed",
    CLINICAL,
    "Progress note signed",
    says="Session {session} progress note signed{cosignature_required}",
    session=Number(),
    cosignature_required=YesNo(yes="; it waits for a supervisor's co-signature", no=""),
)
declare(
    "progress_note.cosigned",
    CLINICAL,
    "Progress note co-signed",
    says="Session {session} progress note co-signed",
    session=Number(),
)
declare(
    "progress_note.addendum_added",
    CLINICAL,
    "Addendum added to a progress note",
    says="Addendum added to the progress note of session {session}",
    session=Number(),
)
declare(
    "progress_note.redacted",
    CLINICAL,
    "Progress note text removed for an erasure",
    says="Text of the progress note of session {session} and its addenda removed",
    session=Number(),
)
declare(
    "session.cancelled",
    CLINICAL,
    "Session cancelled",
    says="Session {session} cancelled: {attendance}",
    session=Number(),
    attendance=Code(ATTENDANCE),
)
declare(
    "course.ended",
    CLINICAL,
    "Course ended",
    says="Course ended: {reason}; {follow_ups} follow-up sessions scheduled ({follow_up})",
    reason=Code(EndReason.choices),
    follow_ups=Number(),
    follow_up=Code(FollowUp.choices),
)
_page("follow_up.viewed", "Booster or maintenance session viewed")
FOLLOW_UP_FACTS = {
    "attendance": Code(ATTENDANCE),
    "symptoms_returned": Code(
        {code: label.lower() for code, label in SymptomsReturned.choices},
        none_words="symptoms not reviewed",
    ),
}
declare(
    "follow_up.recorded",
    CLINICAL,
    "Booster or maintenance session recorded",
    says="Follow-up session recorded: {attendance}; {symptoms_returned}",
    **FOLLOW_UP_FACTS,
)
declare(
    "follow_up.updated",
    CLINICAL,
    "Booster or maintenance session record corrected",
    says="Follow-up session corrected: {attendance}; {symptoms_returned}",
    **FOLLOW_UP_FACTS,
)
declare(
    "course.supervisor_alerted",
    CLINICAL,
    "Supervisor alerted",
    says="Supervisor alerted ({supervisor}): {reasons}",
    reasons=Code(_alert_reasons, many=True),
    supervisor=Person(none_words="no supervisor assigned"),
)
_page("course.supervisor_alert_acknowledged", "Supervisor alert acknowledged")
declare(
    "organisation.start_rules_set",
    ADMINISTRATIVE,
    "Which roles may start which kinds of course saved",
)
declare(
    "organisation.planned_defaults_set",
    ADMINISTRATIVE,
    "Default planned sessions per kind of course saved",
)
declare(
    "organisation.start_end_measures_set",
    ADMINISTRATIVE,
    "Measures expected at the start and end of every course saved",
    says="Measures expected at the start and end of every course: {measures}",
    measures=Code(
        lambda: {code: readings.short_name(code) for code in readings.instrument_codes()},
        many=True,
    ),
)
