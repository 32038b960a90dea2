"""The audit actions of the course: intake, plan, contract, sessions, ending, supervisor
alerts, the calendar and fidelity. All clinical except the organisation's defaults
(audit/events.py)."""

from django.utils.translation import gettext_lazy as _

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


def _lowered(choices):
    """The choices' labels in lower case, in the reader's language: a function, so that the
    labels are translated when the trail is read rather than once, in English, at import."""
    return lambda: {code: str(label).lower() for code, label in choices}


ATTENDANCE = _lowered(Attendance.choices)


def _alert_reasons():
    reasons = {
        RISK_FLAG: _("an answer about self-harm or suicide waiting for follow-up"),
        PHQ9_STEP_UP: _("a PHQ-9 total at or above the step-up level"),
    }
    for flag in readings.alert_flag_codes():
        meaning = ALERT_MEANINGS.get(flag, _("needs review"))
        reasons[flag] = _("a screen that %(meaning)s") % {"meaning": meaning}
    return reasons


def _page(code, words):
    declare(code, CLINICAL, words)


_page("course.viewed", _("Course viewed"))
_page("course.intake_form_viewed", _("Intake screen form viewed"))
_page("course.start_form_viewed", _("Course start form viewed"))
_page("course.contract_viewed", _("Treatment contract viewed"))
_page("course.boundaries_form_viewed", _("Phase boundaries form viewed"))
_page("course.end_form_viewed", _("Course ending form viewed"))
_page("course.fidelity_viewed", _("Course fidelity viewed"))
_page("course.schedule_form_viewed", _("Session scheduling form viewed"))
_page("course.reschedule_form_viewed", _("Session moving form viewed"))
_page("course.cancel_form_viewed", _("Session cancelling form viewed"))
_page("session.viewed", _("Session viewed"))
_page("calendar.viewed", _("Client's session shown in a calendar"))
_page("calendar_feed.fetched", _("Client's session sent in a private calendar feed"))
_page("fidelity.team_viewed", _("Client's course shown in team fidelity"))

declare(
    "course.intake_recorded",
    CLINICAL,
    _("Intake screen recorded"),
    says=_("Intake screen recorded: {exclusions} exclusions and {cautions} cautions found"),
    exclusions=Number(),
    cautions=Number(),
)
declare(
    "course.referral_recorded",
    CLINICAL,
    _("Referral recorded"),
    says=_("Referral recorded: {kind}"),
    kind=Code(ReferralKind.choices),
)
_page("course.start_blocked", _("Course start refused: the intake screen found an exclusion"))
declare(
    "course.start_held",
    CLINICAL,
    _("Course start held for the supervisor's approval"),
    says=_("Course start held for the supervisor's approval: {modality}; because {reasons}"),
    modality=Code(modalities.choices),
    reasons=Code(REASON_LABELS, many=True),
)
declare(
    "course.start_request_decided",
    CLINICAL,
    _("Course start request decided by the supervisor"),
    says=_("Course start request decided by the supervisor: {modality}, {outcome}"),
    modality=Code(modalities.choices),
    outcome=Code(StartRequestStatus.choices),
)
declare(
    "course.started",
    CLINICAL,
    _("Course started"),
    says=_(
        "Course started: {modality}, {sessions} sessions{exclusion_overridden}{age_overridden}"
        "{continues_earlier}"
    ),
    modality=Code(modalities.choices),
    sessions=Number(),
    exclusion_overridden=YesNo(yes=_("; started despite an exclusion, with a reason"), no=""),
    age_overridden=YesNo(yes=_("; outside the modality's age range, with a reason"), no=""),
    continues_earlier=YesNo(yes=_("; continues an earlier course of the client"), no=""),
)
declare(
    "course.contract_recorded",
    CLINICAL,
    _("Treatment contract recorded"),
    says=_(
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
    _("Phase boundaries moved"),
    says=_(
        "Phase boundaries moved: initial phase to session {initial_end}, termination from "
        "session {termination_start}"
    ),
    initial_end=Number(),
    termination_start=Number(),
)
declare(
    "session.scheduled",
    CLINICAL,
    _("Sessions scheduled"),
    says=_("Sessions scheduled: {sessions}"),
    sessions=Numbers(),
)
declare(
    "session.rescheduled",
    CLINICAL,
    _("Session moved"),
    says=_("Session {session} moved"),
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
    _("Session recorded"),
    says=_("Session {session} recorded: {attendance}; {tasks_done} of {tasks} agenda tasks done"),
    **SESSION_RECORD_FACTS,
)
declare(
    "session.updated",
    CLINICAL,
    _("Session record corrected"),
    says=_("Session {session} corrected: {attendance}; {tasks_done} of {tasks} agenda tasks done"),
    **SESSION_RECORD_FACTS,
)
declare(
    "session.agenda_recorded",
    CLINICAL,
    _("Session agenda recorded"),
    says=_(
        "Session {session} agenda recorded: {tasks_done} of {tasks} agenda tasks done,"
        " {done_without_record} of them done in the room and not recorded"
    ),
    session=Number(),
    tasks_done=Number(),
    tasks=Number(),
    done_without_record=Number(),
)
_page("progress_note.viewed", _("Progress note viewed"))
declare(
    "progress_note.draft_saved",
    CLINICAL,
    _("Progress note draft saved"),
    says=_("Session {session} progress note saved as a draft"),
    session=Number(),
)
declare(
    "progress_note.signed",
    CLINICAL,
    _("Progress note signed"),
    says=_("Session {session} progress note signed{cosignature_required}"),
    session=Number(),
    cosignature_required=YesNo(yes=_("; it waits for a supervisor's co-signature"), no=""),
)
declare(
    "progress_note.cosigned",
    CLINICAL,
    _("Progress note co-signed"),
    says=_("Session {session} progress note co-signed"),
    session=Number(),
)
declare(
    "progress_note.addendum_added",
    CLINICAL,
    _("Addendum added to a progress note"),
    says=_("Addendum added to the progress note of session {session}"),
    session=Number(),
)
declare(
    "progress_note.redacted",
    CLINICAL,
    _("Progress note text removed for an erasure"),
    says=_("Text of the progress note of session {session} and its addenda removed"),
    session=Number(),
)
declare(
    "session.cancelled",
    CLINICAL,
    _("Session cancelled"),
    says=_("Session {session} cancelled: {attendance}"),
    session=Number(),
    attendance=Code(ATTENDANCE),
)
declare(
    "course.ended",
    CLINICAL,
    _("Course ended"),
    says=_("Course ended: {reason}; {follow_ups} follow-up sessions scheduled ({follow_up})"),
    reason=Code(EndReason.choices),
    follow_ups=Number(),
    follow_up=Code(FollowUp.choices),
)
_page("follow_up.viewed", _("Booster or maintenance session viewed"))
FOLLOW_UP_FACTS = {
    "attendance": Code(ATTENDANCE),
    "symptoms_returned": Code(
        _lowered(SymptomsReturned.choices),
        none_words=_("symptoms not reviewed"),
    ),
}
declare(
    "follow_up.recorded",
    CLINICAL,
    _("Booster or maintenance session recorded"),
    says=_("Follow-up session recorded: {attendance}; {symptoms_returned}"),
    **FOLLOW_UP_FACTS,
)
declare(
    "follow_up.updated",
    CLINICAL,
    _("Booster or maintenance session record corrected"),
    says=_("Follow-up session corrected: {attendance}; {symptoms_returned}"),
    **FOLLOW_UP_FACTS,
)
declare(
    "course.supervisor_alerted",
    CLINICAL,
    _("Supervisor alerted"),
    says=_("Supervisor alerted ({supervisor}): {reasons}"),
    reasons=Code(_alert_reasons, many=True),
    supervisor=Person(none_words=_("no supervisor assigned")),
)
_page("course.supervisor_alert_acknowledged", _("Supervisor alert acknowledged"))
declare(
    "organisation.start_rules_set",
    ADMINISTRATIVE,
    _("Which roles may start which kinds of course saved"),
)
declare(
    "organisation.planned_defaults_set",
    ADMINISTRATIVE,
    _("Default planned sessions per kind of course saved"),
)
declare(
    "organisation.start_end_measures_set",
    ADMINISTRATIVE,
    _("Measures expected at the start and end of every course saved"),
    says=_("Measures expected at the start and end of every course: {measures}"),
    measures=Code(
        lambda: {code: readings.short_name(code) for code in readings.instrument_codes()},
        many=True,
    ),
)
