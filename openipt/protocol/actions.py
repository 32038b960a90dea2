"""Every change to a course, each atomic and audited in the same transaction.

Forms validate the input (including the rules that need the course's records, through
course.py); these functions assume valid input. The one rule enforced here is the intake
exclusion, because its refusal must itself be audited.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from openipt import notices
from openipt.accounts.models import Role
from openipt.accounts.staff import overseer_of
from openipt.audit.record import record
from openipt.caseload import events
from openipt.caseload.actions import close_episode
from openipt.conflicts import refused_on_conflict

from . import escalation, fidelity_store, readings, start_rules, tapering, tools
from .course import planned_default_problems
from .modalities import MODALITIES
from .models import (
    COSIGNATURE_FIELDS,
    NOTE_SECTION_KEYS,
    Attendance,
    CourseEnding,
    CoursePlan,
    CourseStartRequest,
    FollowUp,
    FollowUpSession,
    IntakeScreen,
    NoteAddendum,
    ProgressNote,
    Referral,
    Session,
    SessionMove,
    SessionTaskRecord,
    SignedRecordLocked,
    StartRequestStatus,
    SupervisorAlert,
    TaskStatus,
    TreatmentContract,
)
from .queries import latest_intake

# A second alert with the same reasons within this many days is not sent again.
ALERT_QUIET_DAYS = 7


class CourseStartBlocked(Exception):
    """The course cannot start; the message says why and what to do."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# --- intake ------------------------------------------------------------------------------


@transaction.atomic
def record_intake(
    actor, episode, *, referral=None, medication_review=None, request=None, **answers
):
    """Store an intake screen with the referrals it records: `referral` (kind, referred_to,
    reason, referred_on) elsewhere for an exclusion or a caution, `medication_review` (the
    same keys) alongside IPT. Each referral is its own audited record."""
    screen = IntakeScreen.objects.create(episode=episode, recorded_by=actor, **answers)
    client = episode.client
    record(
        actor,
        "course.intake_recorded",
        screen,
        client=client,
        request=request,
        facts={"exclusions": len(screen.exclusions), "cautions": len(screen.cautions)},
    )
    events.episode_changed(events.INTAKE_RECORDED, screen=screen)
    for made in [referral, medication_review]:
        if made:
            _record_referral(actor, episode, screen, made, request)
    return screen


def _record_referral(actor, episode, screen, referral, request):
    made = Referral.objects.create(
        episode=episode, intake_screen=screen, recorded_by=actor, **referral
    )
    record(
        actor,
        "course.referral_recorded",
        made,
        client=episode.client,
        request=request,
        facts={"kind": made.kind},
    )


# --- starting --------------------------------------------------------------------------


def start_course(
    actor, episode, *, override_reason="", apply_start_rules=True, request=None, **plan
):
    """Start the course, unless the latest intake screen found an exclusion and no
    reason to override it is given. A refusal is audited, then raised. A course the rules
    of who may start what hold (start_rules.py) records a request to the supervisor and
    raises CourseStartHeld; a group member's course (apply_start_rules=False) follows the
    group's facilitator, whom those rules do not govern here."""
    screen = latest_intake(episode)
    if screen is None:
        raise CourseStartBlocked(gettext("Record the intake screen before starting a course."))
    override_reason = override_reason.strip()
    if screen.exclusions and not override_reason:
        _record_blocked_start(actor, episode, screen, request)
        raise CourseStartBlocked(
            gettext(
                "The intake screen found %(found)s, so IPT is not suitable as the main treatment"
                " and the course has not started. To start it anyway, write your reason here."
            )
            # The exclusions' labels, already in the reader's language.
            % {"found": ", ".join(screen.exclusions).lower()},
            field="override_reason",
        )
    modality = plan["modality"]
    reasons = start_rules.held_for(episode.clinician, modality) if apply_start_rules else []
    if reasons and not _approved(episode, modality):
        request_start(actor, episode, modality, reasons, request=request)
        raise CourseStartHeld(start_rules.explain(reasons, modality))
    return _create_plan(actor, episode, screen, override_reason, request, plan)


@transaction.atomic
def _record_blocked_start(actor, episode, screen, request):
    record(actor, "course.start_blocked", screen, client=episode.client, request=request)


# --- who may start what (start_rules.py) -------------------------------------------------


class CourseStartHeld(CourseStartBlocked):
    """The course waits for the supervisor's approval; a request has been recorded."""


class StartRequestAlreadyDecided(Exception):
    """The supervisor decided this request a moment ago (in another window?)."""


def _approved(episode, modality):
    return episode.course_start_requests.filter(
        modality=modality, status=StartRequestStatus.APPROVED
    ).exists()


@transaction.atomic
def request_start(actor, episode, modality, reasons, *, request=None):
    """Record (once) that a course of `modality` waits for the supervisor's approval;
    asking again while one waits changes nothing. Returns the waiting request."""
    waiting = episode.course_start_requests.filter(
        modality=modality, status=StartRequestStatus.PENDING
    ).first()
    if waiting is not None:
        return waiting
    with refused_on_conflict(CourseStartHeld(start_rules.explain(reasons, modality))):
        made = CourseStartRequest.objects.create(
            episode=episode, modality=modality, reasons=list(reasons), requested_by=actor
        )
    record(
        actor,
        "course.start_held",
        made,
        client=episode.client,
        request=request,
        facts={"modality": modality, "reasons": list(reasons)},
    )
    return made


@transaction.atomic
def decide_start_request(actor, start_request, *, approve, request=None):
    """The clinician's supervisor approves or declines a held course start. Raises
    StartRequestAlreadyDecided when it was decided already (nothing changes)."""
    locked = CourseStartRequest.objects.select_for_update().get(pk=start_request.pk)
    if locked.status != StartRequestStatus.PENDING:
        raise StartRequestAlreadyDecided()
    locked.status = StartRequestStatus.APPROVED if approve else StartRequestStatus.DECLINED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    record(
        actor,
        "course.start_request_decided",
        locked,
        client=start_request.episode.client,
        request=request,
        facts={"modality": locked.modality, "outcome": locked.status},
    )
    return locked


@transaction.atomic
def set_start_rules(actor, organisation, rules, *, require_training, request=None):
    """Set which clinician roles may start which modalities ({role: [codes]}) and whether a
    training record is needed; ValueError (nothing saved) for an unknown role or code."""
    for role, codes in rules.items():
        if role not in start_rules.DEFAULT_STARTS:
            raise ValueError(f"Unknown clinician role {role!r}.")
        unknown = sorted(set(codes) - set(MODALITIES))
        if unknown:
            raise ValueError(f"Unknown modalities: {', '.join(unknown)}.")
    organisation.start_rules = {str(role): list(codes) for role, codes in rules.items()}
    organisation.require_training_to_start = require_training
    organisation.save(update_fields=["start_rules", "require_training_to_start"])
    record(actor, "organisation.start_rules_set", organisation, request=request)
    return organisation


# Read (str) when the refusal is made, in the language of the request that meets it.
ALREADY_STARTED = gettext_lazy(
    "A course was started for this episode a moment ago (in another window?)."
)
ALREADY_ENDED = gettext_lazy("This course was ended a moment ago (in another window?).")


class CourseAlreadyEnded(Exception):
    """A second ending of one course (a double submission): the first one stands."""


@transaction.atomic
def _create_plan(actor, episode, screen, override_reason, request, plan):
    with refused_on_conflict(CourseStartBlocked(str(ALREADY_STARTED))):
        course = CoursePlan.objects.create(
            episode=episode,
            created_by=actor,
            exclusion_override_reason=override_reason if screen.exclusions else "",
            **plan,
        )
    record(
        actor,
        "course.started",
        course,
        client=episode.client,
        request=request,
        facts={
            "modality": course.modality,
            "sessions": course.planned_sessions,
            "exclusion_overridden": bool(course.exclusion_override_reason),
            "age_overridden": bool(course.age_override_reason),
            "continues_earlier": course.continues_episode_id is not None,
        },
    )
    events.episode_changed(events.COURSE_STARTED, plan=course)
    fidelity_store.refresh(episode.pk)
    escalate_if_needed(
        actor, episode, escalation.facts_for(episode, screen), plan=course, request=request
    )
    return course


# --- contract and plan -----------------------------------------------------------------


@transaction.atomic
def record_contract(
    actor,
    plan,
    *,
    planned_sessions,
    agreed_end_date,
    session_minutes,
    frequency,
    length_reason="",
    fortnightly_from=None,
    monthly_from=None,
    request=None,
    **item_dates,
):
    """Save the agreed plan (with its taper, if any) and the date of each contract item."""
    plan.planned_sessions = planned_sessions
    plan.agreed_end_date = agreed_end_date
    plan.session_minutes = session_minutes
    plan.frequency = frequency
    plan.length_reason = length_reason
    plan.fortnightly_from = fortnightly_from
    plan.monthly_from = monthly_from
    plan.save(
        update_fields=[
            "planned_sessions",
            "agreed_end_date",
            "session_minutes",
            "frequency",
            "length_reason",
            "fortnightly_from",
            "monthly_from",
        ]
    )
    contract, _ = TreatmentContract.objects.update_or_create(
        episode_id=plan.episode_id, defaults={"updated_by": actor, **item_dates}
    )
    dropped = _drop_unheld_sessions_beyond(plan, planned_sessions)
    record(
        actor,
        "course.contract_recorded",
        contract,
        client=plan.episode.client,
        request=request,
        facts={
            "sessions": planned_sessions,
            "items_missing": len(contract.missing_items),
            "unheld_removed": dropped,
        },
    )
    fidelity_store.refresh(plan.episode_id)
    return contract


def _drop_unheld_sessions_beyond(plan, planned_sessions):
    """Sessions scheduled beyond a shortened plan were never held: they go with it (forms
    refuse a count below any recorded session). One that already holds something (a
    measure, a note, homework set or reviewed there, agenda ticks, a rhythm week, a group
    member's record: whatever protects it from deletion) stays, past the plan's end, as it
    is, rather than the plan being refused or what it holds lost. Returns how many went."""
    removed = 0
    beyond = Session.objects.filter(
        episode_id=plan.episode_id, number__gt=planned_sessions, attendance=Attendance.SCHEDULED
    )
    for session in beyond.order_by("number"):
        try:
            with transaction.atomic():
                session.delete()
        except ProtectedError:
            continue
        removed += 1
    return removed


@transaction.atomic
def move_boundaries(actor, plan, *, initial_end, termination_start, reason, request=None):
    """Move the phase boundaries of one course; the reason is kept on the plan."""
    overrides = {"initial_end": initial_end, "termination_start": termination_start}
    plan.boundary_overrides = {key: value for key, value in overrides.items() if value}
    plan.boundary_reason = reason
    plan.save(update_fields=["boundary_overrides", "boundary_reason"])
    b = plan.boundaries
    record(
        actor,
        "course.boundaries_moved",
        plan,
        client=plan.episode.client,
        request=request,
        facts={"initial_end": b.initial_end, "termination_start": b.termination_start},
    )
    fidelity_store.refresh(plan.episode_id)
    return plan


# --- sessions --------------------------------------------------------------------------


@transaction.atomic
def schedule_sessions(
    actor,
    plan,
    *,
    first_at: datetime,
    count=1,
    location="",
    delivery_mode="",
    meeting_link="",
    request=None,
):
    """Schedule the next `count` sessions, the first at `first_at`, then at the plan's
    frequency, all at `location` (a place or video link for the client's reminder) and
    held as `delivery_mode` (with the video meeting's link, for a video call)."""
    episode = plan.episode
    # Lock the plan so two requests cannot draw the same session number.
    CoursePlan.objects.select_for_update().filter(pk=plan.pk).first()
    last = episode.sessions.aggregate(last=Max("number"))["last"] or 0
    times = tapering.plan_times(plan, first_at, last + 1, count)
    sessions = [
        Session.objects.create(
            episode=episode,
            number=last + index + 1,
            scheduled_for=times[index],
            location=location,
            delivery_mode=delivery_mode,
            meeting_link=meeting_link,
        )
        for index in range(count)
    ]
    record(
        actor,
        "session.scheduled",
        sessions[0],
        client=episode.client,
        request=request,
        facts={"sessions": [session.number for session in sessions]},
    )
    fidelity_store.refresh(episode.pk)
    return sessions


@transaction.atomic
def schedule_numbered_sessions(actor, plan, times, *, request=None):
    """Schedule the sessions numbered as `times` (number -> when) says, skipping any that
    already exist: a group member's course follows the group's own numbering, so a member
    who joins an open group at its third session starts at session 3 (docs/groups.md)."""
    episode = plan.episode
    CoursePlan.objects.select_for_update().filter(pk=plan.pk).first()
    existing = set(episode.sessions.values_list("number", flat=True))
    sessions = [
        Session.objects.create(episode=episode, number=number, scheduled_for=when)
        for number, when in sorted(times.items())
        if number not in existing and 1 <= number <= plan.planned_sessions
    ]
    if sessions:
        record(
            actor,
            "session.scheduled",
            sessions[0],
            client=episode.client,
            request=request,
            facts={"sessions": [session.number for session in sessions]},
        )
    return sessions


class SessionAlreadyRecorded(Exception):
    """A session that has been recorded keeps its date; correct the record instead."""


@transaction.atomic
def reschedule_session(actor, session, *, scheduled_for, reason, location=None, request=None):
    """Move a session that has not happened yet (and change its place, when given); the
    old time and the reason are kept with the session (SessionMove), and the move is
    audited. A moved session gets a new reminder."""
    if session.is_recorded:
        # Never shown: the reschedule page answers a recorded session with its own message.
        raise SessionAlreadyRecorded(f"Session {session.number} has already been recorded.")
    move = SessionMove.objects.create(
        session=session,
        moved_from=session.scheduled_for,
        moved_to=scheduled_for,
        reason=reason,
        moved_by=actor,
    )
    session.scheduled_for = scheduled_for
    if location is not None:
        session.location = location
    session.save(update_fields=["scheduled_for", "location"])
    record(
        actor,
        "session.rescheduled",
        move,
        client=session.episode.client,
        request=request,
        facts={"session": session.number},
    )
    return session


def _refuse_if_signed(session):
    if session.is_signed:
        raise SignedRecordLocked(
            gettext(
                "Session %(number)s is signed, so it can no longer change. Add a signed "
                "addendum to its note instead."
            )
            % {"number": session.number}
        )


@transaction.atomic
def record_session(
    actor,
    session,
    *,
    held_on,
    duration_minutes,
    attendance,
    tasks=(),
    without_record=(),
    request=None,
    **how,
):
    """Record what happened at a session and, if it was attended, its agenda, in one
    change (the builders of tests, the demo and group sessions; the session page saves
    them apart).

    `tasks` is (task_key, status, note) for every row of the agenda; a session that was
    not attended keeps no agenda. `without_record` as for record_agenda: a task ticked
    done whose tool holds nothing is refused unless its key is there. `how` is as for
    record_attendance.
    """
    first_time = _set_attendance(actor, session, held_on, duration_minutes, attendance, how)
    kept = tasks if session.attended else ()
    unrecorded = _unrecorded_ticks(session, kept, without_record)
    kept = _save_agenda(actor, session, kept, unrecorded)
    events.episode_changed(events.SESSIONS_CHANGED, episode_id=session.episode_id)
    done = sum(1 for _, status, _ in kept if status == "done")
    record(
        actor,
        "session.recorded" if first_time else "session.updated",
        session,
        client=session.episode.client,
        request=request,
        facts={
            "session": session.number,
            "attendance": session.attendance,
            "tasks_done": done,
            "tasks": len(kept),
        },
    )
    fidelity_store.refresh(session.episode_id)
    return session


@transaction.atomic
def record_attendance(
    actor, session, *, held_on, duration_minutes, attendance, request=None, **how
):
    """Record whether a session took place, its date and length, and (`how`, each
    optional) its delivery_mode, meeting_link and who was also_present. The agenda already
    saved is kept while the session counts as attended; a session not attended keeps none."""
    first_time = _set_attendance(actor, session, held_on, duration_minutes, attendance, how)
    if not session.attended:
        _save_agenda(actor, session, ())
    statuses = list(session.task_records.values_list("status", flat=True))
    record(
        actor,
        "session.recorded" if first_time else "session.updated",
        session,
        client=session.episode.client,
        request=request,
        facts={
            "session": session.number,
            "attendance": session.attendance,
            "tasks_done": statuses.count("done"),
            "tasks": len(statuses),
        },
    )
    return session


# What record_attendance may also say about how a session was held.
SESSION_HOW = ("delivery_mode", "meeting_link", "also_present")


def _set_attendance(actor, session, held_on, duration_minutes, attendance, how=None):
    """Write the attendance (and how the session was held, for the fields given); returns
    whether the session was recorded for the first time."""
    _refuse_if_signed(session)
    how = how or {}
    unknown = set(how) - set(SESSION_HOW)
    if unknown:
        raise TypeError(f"unknown session fields {sorted(unknown)}")
    first_time = not session.is_recorded
    session.held_on = held_on
    session.duration_minutes = duration_minutes if attendance == Attendance.ATTENDED else None
    session.attendance = attendance
    session.recorded_by = actor
    for name, value in how.items():
        setattr(session, name, list(value) if name == "also_present" else value)
    session.save(update_fields=["held_on", "duration_minutes", "attendance", "recorded_by", *how])
    return first_time


class AgendaNeedsAttendance(Exception):
    """An agenda is kept only for a session recorded as attended."""


class TaskNotRecorded(Exception):
    """A task was ticked done while its tool holds no record and no reason was given.
    `keys` names those tasks."""

    def __init__(self, keys):
        self.keys = tuple(sorted(keys))
        # Named by their tools in the reader's language, as the form's own check names them.
        super().__init__(
            gettext(
                "Nothing is recorded in %(tool)s yet. Record it there first, or tick"
                " “done in the room, not recorded”."
            )
            % {"tool": ", ".join(str(tools.tool_for(key).label) for key in self.keys)}
        )


@transaction.atomic
def record_agenda(actor, session, *, tasks, without_record=(), request=None):
    """Save the agenda of an attended session: (task_key, status, note) for every row.

    A task ticked done whose tool (protocol/tools.py) holds no record is refused, unless
    its key is in `without_record`: the clinician's reason, "done in the room, not
    recorded", kept on the row for fidelity to count apart."""
    _refuse_if_signed(session)
    if not session.attended:
        raise AgendaNeedsAttendance(
            gettext(
                "Save session %(number)s as attended first: the agenda is kept only for a "
                "session that took place."
            )
            % {"number": session.number}
        )
    done = [key for key, status, _ in tasks if status == TaskStatus.DONE]
    unrecorded = _unrecorded_ticks(session, tasks, without_record)
    kept = _save_agenda(actor, session, tasks, unrecorded)
    fidelity_store.refresh(session.episode_id)
    record(
        actor,
        "session.agenda_recorded",
        session,
        client=session.episode.client,
        request=request,
        facts={
            "session": session.number,
            "tasks_done": len(done),
            "tasks": len(kept),
            "done_without_record": len(unrecorded),
        },
    )
    return session


def _unrecorded_ticks(session, tasks, without_record):
    """The task keys ticked done whose tool holds nothing; refused (TaskNotRecorded)
    unless each is in `without_record`, the clinician's "done in the room"."""
    done = [key for key, status, _ in tasks if status == TaskStatus.DONE]
    unrecorded = tools.unrecorded(done, session)
    refused = unrecorded - set(without_record)
    if refused:
        raise TaskNotRecorded(refused)
    return unrecorded


def _save_agenda(actor, session, tasks, without_record=frozenset()):
    keys = [key for key, _, _ in tasks]
    session.task_records.exclude(task_key__in=keys).delete()
    for key, status, note in tasks:
        SessionTaskRecord.objects.update_or_create(
            session=session,
            task_key=key,
            defaults={
                "status": status,
                "note": note,
                "done_without_record": status == TaskStatus.DONE and key in without_record,
                "recorded_by": actor,
            },
        )
    return list(tasks)


# --- progress notes ----------------------------------------------------------------------


class NoteRefused(Exception):
    """The note cannot be signed or co-signed yet; the message says why."""


def note_body(sections):
    """The stored body of a note: the known sections that have text, stripped."""
    return {
        key: sections[key].strip()
        for key in NOTE_SECTION_KEYS
        if isinstance(sections.get(key), str) and sections[key].strip()
    }


def _session_to_write(session):
    """The session, locked until the change commits, so a note is not saved as it is
    being signed."""
    return Session.objects.select_for_update().select_related("episode__client").get(pk=session.pk)


def _write_draft(actor, session, sections):
    now = timezone.now()
    note = ProgressNote.objects.filter(session=session).first()
    if note is None:
        return ProgressNote.objects.create(
            episode_id=session.episode_id,
            session=session,
            body=note_body(sections),
            written_by=actor,
            updated_at=now,
        )
    note.body = note_body(sections)
    note.updated_at = now
    note.save(update_fields=["body", "updated_at"])
    return note


@transaction.atomic
def save_note_draft(actor, session, *, sections, request=None):
    """Keep the note as written so far; only its author's team reads a draft."""
    session = _session_to_write(session)
    _refuse_if_signed(session)
    note = _write_draft(actor, session, sections)
    record(
        actor,
        "progress_note.draft_saved",
        note,
        client=session.episode.client,
        request=request,
        facts={"session": session.number},
    )
    return note


@transaction.atomic
def sign_note(actor, session, *, sections, request=None):
    """Save the note and sign it: from now on neither the note nor its session changes.
    A counsellor's note waits for their supervisor's co-signature when the organisation
    asks for it. Raises NoteRefused (nothing written) for an empty note or a session whose
    attendance is not recorded."""
    session = _session_to_write(session)
    _refuse_if_signed(session)
    if not session.is_recorded:
        raise NoteRefused(gettext("Save the attendance before signing the note."))
    if not note_body(sections):
        raise NoteRefused(gettext("Write the note before signing it."))
    note = _write_draft(actor, session, sections)
    now = timezone.now()
    note.signed_at = now
    note.signed_by = actor
    note.cosignature_required = needs_cosignature(actor, session.episode)
    note.save(update_fields=["signed_at", "signed_by", "cosignature_required"])
    Session.objects.filter(pk=session.pk).update(signed_at=now)
    session.signed_at = now
    record(
        actor,
        "progress_note.signed",
        note,
        client=session.episode.client,
        request=request,
        facts={"session": session.number, "cosignature_required": note.cosignature_required},
    )
    return note


def needs_cosignature(author, episode):
    """A counsellor's notes wait for a supervisor's co-signature where the organisation
    asks for it (Organisation.cosign_counsellor_notes)."""
    return author.role == Role.COUNSELLOR and episode.organisation.cosign_counsellor_notes


def may_cosign(user, note):
    """Whether `user` may co-sign the note: it waits for a co-signature and they supervise
    the clinician who signed it."""
    return note.waiting_for_cosignature and note.signed_by.supervisor_id == user.pk


@transaction.atomic
def cosign_note(actor, note, *, request=None):
    """The supervisor co-signs a counsellor's signed note. Raises NoteRefused otherwise."""
    # Lock the note's row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer join that reaches signed_by.
    note = (
        ProgressNote.objects.select_for_update(of=("self",))
        .select_related("signed_by", "session", "episode__client")
        .get(pk=note.pk)
    )
    if not may_cosign(actor, note):
        raise NoteRefused(gettext("This note does not wait for your co-signature."))
    note.cosigned_at = timezone.now()
    note.cosigned_by = actor
    note.save(update_fields=sorted(COSIGNATURE_FIELDS))
    record(
        actor,
        "progress_note.cosigned",
        note,
        client=note.episode.client,
        request=request,
        facts={"session": note.session.number},
    )
    return note


@transaction.atomic
def add_note_addendum(actor, note, *, text, request=None):
    """A dated, signed correction or addition to a signed note."""
    if not note.is_signed:
        raise NoteRefused(gettext("Sign the note first; until then, change the draft itself."))
    addendum = NoteAddendum.objects.create(
        note=note, text=text.strip(), written_by=actor, signed_at=timezone.now()
    )
    record(
        actor,
        "progress_note.addendum_added",
        note,
        client=note.episode.client,
        request=request,
        facts={"session": note.session.number},
    )
    return addendum


@transaction.atomic
def redact_progress_note(actor, note, *, request=None):
    """Remove the text of a note and of its addenda, signed or not, for an approved erasure:
    the one change a signed note may undergo. That the note existed, who signed it and
    when are kept; the redaction is audited."""
    note = (
        ProgressNote.objects.select_for_update()
        .select_related("session", "episode__client")
        .get(pk=note.pk)
    )
    note.redact(by=actor, at=timezone.now())
    record(
        actor,
        "progress_note.redacted",
        note,
        client=note.episode.client,
        request=request,
        facts={"session": note.session.number},
    )
    return note


@transaction.atomic
def redact_client_notes(actor, client, *, request=None):
    """Redact every progress note of a client's episodes (the erasure registry's hook)."""
    notes = ProgressNote.objects.filter(episode__client=client).order_by("pk")
    return [redact_progress_note(actor, note, request=request) for note in notes]


# --- ending ----------------------------------------------------------------------------


@transaction.atomic
def end_course(
    actor,
    plan,
    *,
    follow_up_first_on=None,
    follow_up_count=0,
    follow_up_interval_weeks=4,
    close=False,
    request=None,
    **summary,
):
    """End the course with its summary; schedule follow-up sessions if chosen, and
    close the episode if asked."""
    episode = plan.episode
    with refused_on_conflict(CourseAlreadyEnded(str(ALREADY_ENDED))):
        ending = CourseEnding.objects.create(episode=episode, recorded_by=actor, **summary)
    follow_ups = []
    if ending.follow_up != FollowUp.NONE and follow_up_first_on and follow_up_count:
        step = timedelta(weeks=follow_up_interval_weeks)
        follow_ups = [
            FollowUpSession.objects.create(
                episode=episode, kind=ending.follow_up, scheduled_for=follow_up_first_on + step * i
            )
            for i in range(follow_up_count)
        ]
    record(
        actor,
        "course.ended",
        ending,
        client=episode.client,
        request=request,
        facts={
            "reason": ending.reason,
            "follow_ups": len(follow_ups),
            "follow_up": ending.follow_up,
        },
    )
    events.episode_changed(events.COURSE_ENDED, ending=ending)
    fidelity_store.refresh(episode.pk)
    if close and episode.is_open:
        close_episode(actor, episode, closed_on=ending.ended_on, request=request)
    return ending


# --- booster and maintenance sessions after the ending ---------------------------------

# What recording a follow-up session writes, besides who recorded it and when.
FOLLOW_UP_FIELDS = (
    "attendance",
    "held_on",
    "duration_minutes",
    "delivery_mode",
    "also_present",
    "warning_signs",
    "symptoms_returned",
    "what_helped",
    "note",
)


@transaction.atomic
def record_follow_up(actor, follow_up, *, request=None, **fields):
    """Record a booster or maintenance session held after the ending: attendance, how it
    was held, the review of the relapse-prevention plan and a note. A session that did not
    take place keeps no review. A relapse recorded here is audited; the new course that
    follows it is started on a new episode, linked back (CoursePlan.continues_episode)."""
    unknown = set(fields) - set(FOLLOW_UP_FIELDS)
    if unknown:
        raise TypeError(f"unknown follow-up fields {sorted(unknown)}")
    first_time = not follow_up.is_recorded
    for name, value in fields.items():
        setattr(follow_up, name, value)
    if follow_up.attendance != Attendance.ATTENDED:
        follow_up.duration_minutes = None
        follow_up.also_present = []
        follow_up.warning_signs = follow_up.symptoms_returned = ""
        follow_up.what_helped = ""
    follow_up.recorded_by = actor
    follow_up.recorded_at = timezone.now()
    follow_up.save()
    record(
        actor,
        "follow_up.recorded" if first_time else "follow_up.updated",
        follow_up,
        client=follow_up.episode.client,
        request=request,
        facts={
            "attendance": follow_up.attendance,
            "symptoms_returned": follow_up.symptoms_returned or None,
        },
    )
    return follow_up


# --- counsellor mode -------------------------------------------------------------------


@transaction.atomic
def alert_supervisor(actor, episode, reasons, *, request=None):
    """Record an alert for the clinician's supervisor and mail them, unless the same
    reasons were already sent in the last ALERT_QUIET_DAYS days. Returns the alert or None."""
    codes = sorted(reason.code for reason in reasons)
    if not codes:
        return None
    since = timezone.now() - timedelta(days=ALERT_QUIET_DAYS)
    if episode.supervisor_alerts.filter(reason_codes=codes, created_at__gte=since).exists():
        return None
    alert = SupervisorAlert.objects.create(
        episode=episode,
        supervisor=overseer_of(episode.clinician, episode.organisation),
        reason_codes=codes,
        reasons="\n".join(reason.text for reason in reasons),
        raised_by=actor,
    )
    record(
        actor,
        "course.supervisor_alerted",
        alert,
        client=episode.client,
        request=request,
        facts={"reasons": codes, "supervisor": alert.supervisor_id},
    )
    notices.send_after_commit(notices.supervisor_alert(alert))
    return alert


class AlertRefused(Exception):
    """Only the supervisor an alert was sent to (or the clinician's supervisor now) may
    acknowledge it."""


@transaction.atomic
def acknowledge_supervisor_alert(actor, alert, *, request=None):
    """The supervisor has read an escalation: it leaves the risk banner and is listed as
    acknowledged. Returns False when it was already acknowledged (nothing written)."""
    if actor.pk not in (alert.supervisor_id, alert.episode.clinician.supervisor_id):
        raise AlertRefused(gettext("This alert was sent to another supervisor."))
    acknowledged = SupervisorAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=actor
    )
    if not acknowledged:
        return False
    record(
        actor,
        "course.supervisor_alert_acknowledged",
        alert,
        client=alert.episode.client,
        request=request,
    )
    return True


def escalate_if_needed(actor, episode, facts, *, plan=None, request=None):
    """For the measures app (and the course start): alert the supervisor when counsellor
    mode applies and the facts say so. Returns the alert or None."""
    plan = plan or CoursePlan.objects.filter(episode=episode).first()
    if plan is None:
        return None
    found = escalation.reasons_for(episode, plan.definition, facts)
    return alert_supervisor(actor, episode, found, request=request) if found else None


# --- organisation settings -------------------------------------------------------------


@transaction.atomic
def set_planned_session_defaults(actor, organisation, defaults, *, request=None):
    """Set an organisation's default planned sessions per modality; ValueError (nothing
    saved) if any count is outside its modality's range."""
    problems = planned_default_problems(defaults, MODALITIES)
    if problems:
        raise ValueError("; ".join(problems))
    organisation.planned_session_defaults = dict(defaults)
    organisation.save(update_fields=["planned_session_defaults"])
    record(actor, "organisation.planned_defaults_set", organisation, request=request)
    return organisation


@transaction.atomic
def set_start_end_measures(actor, organisation, codes, *, request=None):
    """Set the measures the organisation expects at the first attended and the last
    planned session of every course, besides each modality's own. Every course's expected
    measures move with them, so every stored fidelity of the organisation is marked for
    recomputation (the task worker recomputes them after this commits). ValueError
    (nothing saved) for a code that is not an instrument."""
    codes = list(dict.fromkeys(codes))
    unknown = sorted(set(codes) - readings.instrument_codes())
    if unknown:
        raise ValueError("not an instrument: " + ", ".join(unknown))
    organisation.start_end_measures = codes
    organisation.save(update_fields=["start_end_measures"])
    record(
        actor,
        "organisation.start_end_measures_set",
        organisation,
        request=request,
        facts={"measures": codes},
    )
    fidelity_store.mark_stale(organisation.pk)
    return organisation


# --- the calendar ------------------------------------------------------------------------


@transaction.atomic
def cancel_session(actor, session, *, cancelled_by, request=None):
    """Cancel a session that has not happened yet. It keeps its number and counts towards
    the plan (the course stays time-limited); who cancelled it is its attendance."""
    if session.is_recorded:
        # Never shown: the cancel page answers a recorded session with its own message.
        raise SessionAlreadyRecorded(f"Session {session.number} has already been recorded.")
    if cancelled_by not in (Attendance.CANCELLED_BY_CLIENT, Attendance.CANCELLED_BY_CLINICIAN):
        raise ValueError(f"{cancelled_by!r} is not a cancellation.")
    session.attendance = cancelled_by
    session.held_on = timezone.localtime(session.scheduled_for).date()
    session.recorded_by = actor
    session.save(update_fields=["attendance", "held_on", "recorded_by"])
    record(
        actor,
        "session.cancelled",
        session,
        client=session.episode.client,
        request=request,
        facts={"session": session.number, "attendance": session.attendance},
    )
    fidelity_store.refresh(session.episode_id)
    return session
