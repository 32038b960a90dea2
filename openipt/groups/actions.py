"""Every change to a group, each atomic and audited in the same transaction.

A member's course is an episode of the caseload app with a course of the protocol app, so
the changes to it go through those apps' own actions (opening and closing the episode,
the intake screen and its PHQ-9, starting and ending the course, recording each session,
recording each measure and the risk flags it raises). What belongs to the group is written
here. Forms check the input; the rules that need the records (room in the group, one
current group per client, the intake exclusions) are checked here and refused with
`ChangeRefused`, whose messages are keyed by form field, so nothing is written.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openipt import notices
from openipt.accounts.models import CLINICIAN_ROLES
from openipt.accounts.staff import ChangeRefused, refuse_if_any
from openipt.audit.record import record
from openipt.caseload import actions as caseload_actions
from openipt.measures import actions as measure_actions
from openipt.measures.models import Respondent
from openipt.protocol import actions as course_actions
from openipt.protocol import modalities
from openipt.protocol.forms.plan import age_problem, kept_age_reason
from openipt.protocol.models import Attendance, CoursePlan, EndReason, Frequency
from openipt.protocol.queries import latest_intake, plan_of

from .models import (
    CURRENT_MEMBER,
    PRESENT,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    GroupSessionTask,
    GroupStatus,
    MemberSessionRecord,
    Membership,
    MemberStatus,
    PreGroupSession,
    SupervisionNote,
)

WEEK = timedelta(days=7)

# How a member's row of a group session is kept on their own course (protocol.Session).
COURSE_ATTENDANCE = {
    GroupAttendance.ATTENDED: Attendance.ATTENDED,
    GroupAttendance.LATE: Attendance.ATTENDED,
    GroupAttendance.DID_NOT_ATTEND: Attendance.DID_NOT_ATTEND,
    GroupAttendance.CANCELLED: Attendance.CANCELLED_BY_CLIENT,
}
# How a member leaving ends their course (protocol.CourseEnding).
END_REASONS = {
    MemberStatus.COMPLETED: EndReason.COMPLETED,
    MemberStatus.DROPPED_OUT: EndReason.DROPPED_OUT,
    MemberStatus.REFERRED_ON: EndReason.REFERRED_ON,
}


# --- the group -------------------------------------------------------------------------


def facilitator_problems(organisation_id, facilitator, co_facilitator):
    def problem(user):
        if user is None:
            return None
        if user.organisation_id != organisation_id or user.role not in CLINICIAN_ROLES:
            return gettext("Choose a therapist or counsellor of your organisation.")
        if not user.is_active:
            return f"{user.display_name}'s account is deactivated."
        return None

    same = co_facilitator is not None and co_facilitator.pk == getattr(facilitator, "pk", None)
    return {
        "facilitator": problem(facilitator),
        "co_facilitator": gettext("The co-facilitator must be someone else.")
        if same
        else problem(co_facilitator),
    }


def site_problem(organisation_id, site, *, current_site_id=None):
    if site.organisation_id != organisation_id:
        return gettext("Choose one of your organisation's sites.")
    if not site.is_active and site.pk != current_site_id:
        return gettext("This site is deactivated; choose an active one.")
    return None


@transaction.atomic
def create_group(
    actor,
    *,
    name,
    site,
    modality,
    place,
    language,
    facilitator,
    co_facilitator,
    planned_sessions,
    session_minutes,
    membership,
    first_session_at,
    request=None,
):
    """A new group, with its sessions scheduled weekly from the first. The person creating
    it runs it (as facilitator or co-facilitator)."""
    organisation_id = actor.organisation_id
    definition = _group_modality(modality)
    problems = facilitator_problems(organisation_id, facilitator, co_facilitator)
    problems["site"] = site_problem(organisation_id, site)
    if actor.pk not in (facilitator.pk, getattr(co_facilitator, "pk", None)):
        problems["facilitator"] = problems["facilitator"] or (
            gettext(
                "You run the groups you create: choose yourself as facilitator or co-facilitator."
            )
        )
    if planned_sessions not in definition.group.planned_choices:
        problems["planned_sessions"] = gettext("Choose one of the session counts offered.")
    refuse_if_any(problems)
    group = Group.objects.create(
        organisation_id=organisation_id,
        site=site,
        name=name.strip(),
        modality=modality,
        place=place.strip(),
        language=language.strip(),
        facilitator=facilitator,
        co_facilitator=co_facilitator,
        planned_sessions=planned_sessions,
        session_minutes=session_minutes,
        membership=membership,
        first_session_at=first_session_at,
        created_by=actor,
    )
    GroupSession.objects.bulk_create(
        GroupSession(group=group, number=n, scheduled_for=first_session_at + WEEK * (n - 1))
        for n in range(1, planned_sessions + 1)
    )
    record(
        actor,
        "group.created",
        group,
        request=request,
        facts={"modality": modality, "sessions": planned_sessions},
    )
    return group


def _group_modality(code):
    definition = modalities.get(code)
    if definition.group is None:
        raise ChangeRefused(
            {
                "modality": gettext("%(modality)s does not run as a group.")
                % {"modality": definition.name}
            }
        )
    return definition


GROUP_FIELDS = ("name", "site", "place", "language", "co_facilitator", "membership")


@transaction.atomic
def update_group(actor, group, *, request=None, **fields):
    """Change the group's name, site, place, language, co-facilitator or membership."""
    problems = facilitator_problems(group.organisation_id, None, fields["co_facilitator"])
    problems["co_facilitator"] = problems["co_facilitator"] or (
        gettext("The co-facilitator must be someone else.")
        if fields["co_facilitator"] and fields["co_facilitator"].pk == group.facilitator_id
        else None
    )
    problems["site"] = site_problem(
        group.organisation_id, fields["site"], current_site_id=group.site_id
    )
    refuse_if_any(problems)
    changed = sorted(name for name in GROUP_FIELDS if getattr(group, name) != fields[name])
    for name in changed:
        setattr(group, name, fields[name])
    group.save(update_fields=changed or None)
    record(
        actor,
        "group.updated",
        group,
        request=request,
        facts={"changed": changed},
    )
    return group


# --- members -----------------------------------------------------------------------------


def _refuse_if_ended(group, field_name=None):
    if group.has_ended:
        raise ChangeRefused({field_name or "__all__": gettext("This group has ended.")})


def current_member_count(group):
    return group.members.filter(status__in=CURRENT_MEMBER).count()


@transaction.atomic
def add_member(actor, group, client, *, request=None):
    """Screen a client for the group: a new episode (the facilitator's) holds their course.
    Refused for a client already in a group, for a full group, and for a closed group
    that has begun."""
    _refuse_if_ended(group, "client")
    Group.objects.select_for_update().filter(pk=group.pk).first()  # one addition at a time
    current = (
        GroupMember.objects.filter(client=client, status__in=CURRENT_MEMBER)
        .select_related("group")
        .first()
    )
    problem = None
    if client.organisation_id != group.organisation_id:
        problem = gettext("Choose a client of your organisation.")
    elif current is not None:
        problem = gettext("%(name)s is already in a group (%(group)s).") % {
            "name": client.full_name,
            "group": current.group.name,
        }
    elif current_member_count(group) >= group.definition.group.largest:
        problem = gettext("The group is full: at most %(largest)s members.") % {
            "largest": group.definition.group.largest
        }
    elif (
        group.membership == Membership.CLOSED
        and group.sessions.filter(took_place__isnull=False).exists()
    ):
        problem = gettext("This group is closed and has begun, so it takes no new members.")
    refuse_if_any({"client": problem})
    episode = caseload_actions.open_episode(
        actor,
        client,
        opened_on=timezone.localdate(),
        presenting_concerns="",
        clinician=group.facilitator,
        request=request,
    )
    member = GroupMember.objects.create(group=group, client=client, episode=episode, added_by=actor)
    record(
        actor,
        "group.member_added",
        member,
        client=client,
        request=request,
        facts={"group": group.pk},
    )
    return member


@dataclass(frozen=True)
class PreGroupMeeting:
    """What a pre-group session records besides its intake screen."""

    number: int
    parent_present: bool = False
    ground_rules_agreed: bool = False
    consent_given: bool = False


@transaction.atomic
def record_pre_group_session(
    actor, member, meeting, *, screen, phq9_answers=None, referral=None, request=None
):
    """A pre-group session: the intake screen with its PHQ-9 (measures.actions, so item 9
    raises its flag), and ground rules and consent. When the screen finds an exclusion (an
    acute suicidal crisis, psychosis, mania, severe dissociation) its referral is recorded
    with it and the member is declined: a referral, not membership."""
    _refuse_if_ended(member.group)
    if member.status != MemberStatus.SCREENED:
        raise ChangeRefused({"__all__": gettext("Pre-group sessions come before the decision.")})
    intake, administration = measure_actions.record_intake_screen(
        actor,
        member.episode,
        phq9_answers=phq9_answers,
        referral=referral,
        request=request,
        **screen,
    )
    meeting_row = PreGroupSession.objects.create(
        member=member,
        number=meeting.number,
        held_on=intake.screened_on,
        parent_present=meeting.parent_present,
        ground_rules_agreed=meeting.ground_rules_agreed,
        consent_given=meeting.consent_given,
        intake_screen=intake,
        phq9=administration,
        recorded_by=actor,
    )
    record(
        actor,
        "group.pre_group_recorded",
        meeting_row,
        client=member.client,
        request=request,
        facts={"number": meeting.number},
    )
    if intake.exclusions:
        _decline(
            actor,
            member,
            decided_on=intake.screened_on,
            reason=(
                f"The pre-group screen found {', '.join(intake.exclusions).lower()}: "
                f"referred to {referral['referred_to']}."
            ),
            referred_to=referral["referred_to"],
            request=request,
        )
    return meeting_row


@transaction.atomic
def decide(actor, member, *, accept, decided_on, reason="", age_override_reason="", request=None):
    """Accept a screened member into the group (their course starts, with a session for
    each group session still to come) or decline them (their episode closes). A modality
    with an age range (IPT-A) checks the member's age on the day by the rule of individual
    courses: outside it, acceptance needs a reason, kept on the course and audited."""
    group = member.group
    _refuse_if_ended(group)
    if member.status != MemberStatus.SCREENED:
        raise ChangeRefused({"__all__": gettext("This member has already been decided on.")})
    if not accept:
        return _decline(actor, member, decided_on=decided_on, reason=reason, request=request)
    date_of_birth = member.client.date_of_birth
    refuse_if_any(
        {
            "accept": acceptance_problem(member),
            "age_override_reason": age_problem(
                group.definition, date_of_birth, decided_on, age_override_reason
            ),
        }
    )
    age_reason = kept_age_reason(group.definition, date_of_birth, decided_on, age_override_reason)
    course_actions.start_course(
        actor,
        member.episode,
        request=request,
        # The facilitator runs the group; who may start what governs individual courses.
        apply_start_rules=False,
        modality=group.modality,
        planned_sessions=group.planned_sessions,
        started_on=decided_on,
        session_minutes=group.session_minutes,
        frequency=Frequency.WEEKLY,
        age_override_reason=age_reason,
    )
    _schedule_member_sessions(actor, group, member, request=request)
    member.status = (
        MemberStatus.ACTIVE if group.status == GroupStatus.RUNNING else MemberStatus.ACCEPTED
    )
    member.joined_on = decided_on
    member.reason = reason
    member.save(update_fields=["status", "joined_on", "reason"])
    record(
        actor,
        "group.member_accepted",
        member,
        client=member.client,
        request=request,
        facts={"age_overridden": bool(age_reason)},
    )
    return member


def acceptance_problem(member):
    """Why a screened member cannot be accepted yet, or None."""
    screen = latest_intake(member.episode)
    if screen is None:
        return gettext("Record a pre-group session first.")
    if screen.exclusions:
        found = ", ".join(screen.exclusions).lower()
        return gettext("The pre-group screen found %(found)s: refer the member on instead.") % {
            "found": found
        }
    if current_member_count(member.group) > member.group.definition.group.largest:
        return gettext("The group is full.")
    return None


def _schedule_member_sessions(actor, group, member, *, request):
    """A session on the member's course for each group session not yet recorded."""
    plan = CoursePlan.objects.select_related("episode__client").get(episode=member.episode)
    upcoming = group.sessions.filter(took_place__isnull=True)
    course_actions.schedule_numbered_sessions(
        actor,
        plan,
        {session.number: session.scheduled_for for session in upcoming},
        request=request,
    )


def _decline(actor, member, *, decided_on, reason, referred_to="", request=None):
    member.status = MemberStatus.DECLINED
    member.left_on = decided_on
    member.reason = reason
    member.referred_to = referred_to
    member.save(update_fields=["status", "left_on", "reason", "referred_to"])
    record(actor, "group.member_declined", member, client=member.client, request=request)
    if member.episode.is_open:
        caseload_actions.close_episode(actor, member.episode, closed_on=decided_on, request=request)
    return member


@transaction.atomic
def set_member_focus(actor, member, *, problem_area, goal, request=None):
    """The member's one problem area and one-line interpersonal goal."""
    member.problem_area = problem_area
    member.goal = goal.strip()
    member.save(update_fields=["problem_area", "goal"])
    record(actor, "group.member_focus_set", member, client=member.client, request=request)
    return member


@transaction.atomic
def leave_group(actor, member, *, status, left_on, reason, referred_to="", request=None):
    """A member who joined leaves: completed, dropped out or referred on. Their course ends
    with that reason (and its first and last PHQ-9), the episode closes, and their sessions
    still to come are cancelled."""
    if member.status not in (MemberStatus.ACCEPTED, MemberStatus.ACTIVE):
        raise ChangeRefused({"__all__": gettext("Only a member of the group can leave it.")})
    if status not in END_REASONS:
        raise ChangeRefused({"status": gettext("Choose how the member left.")})
    plan = plan_of(member.episode)
    if plan is not None and not hasattr(member.episode, "course_ending"):
        _end_course(actor, member, plan, status, left_on, reason, referred_to, request)
    elif member.episode.is_open:
        caseload_actions.close_episode(actor, member.episode, closed_on=left_on, request=request)
    member.status = status
    member.left_on = left_on
    member.reason = reason
    member.referred_to = referred_to
    member.save(update_fields=["status", "left_on", "reason", "referred_to"])
    record(
        actor,
        "group.member_left",
        member,
        client=member.client,
        request=request,
        facts={"status": member.status},
    )
    return member


def _end_course(actor, member, plan, status, left_on, reason, referred_to, request):
    sessions = list(member.episode.sessions.order_by("number"))
    # Counted before the sessions still to come are cancelled (by the service).
    missed = _missed_at_the_end(sessions) if status == MemberStatus.DROPPED_OUT else None
    for session in sessions:
        if not session.is_recorded:
            course_actions.cancel_session(
                actor,
                session,
                cancelled_by=Attendance.CANCELLED_BY_CLINICIAN,
                request=request,
            )
    measure_actions.end_course(
        actor,
        plan,
        request=request,
        ended_on=left_on,
        reason=END_REASONS[status],
        missed_sessions=missed,
        referred_to=referred_to,
        problem_area_progress=reason,
        future_plan="",
        close=True,
    )


def _missed_at_the_end(sessions):
    count = 0
    for session in reversed([s for s in sessions if s.is_recorded]):
        if session.attendance not in (Attendance.DID_NOT_ATTEND, Attendance.CANCELLED_BY_CLIENT):
            break
        count += 1
    return count


# --- a group session -------------------------------------------------------------------


@dataclass
class MemberRow:
    """One member's row of the group session page, as the form cleaned it."""

    member: GroupMember
    attendance: str
    brought: str = ""
    homework: str = ""
    # instrument code -> answers, for each measure given at this session
    measures: dict = field(default_factory=dict)


@dataclass
class SessionRecorded:
    group_session: GroupSession
    flags: list  # risk flags raised by this save, for the one-to-one follow-up prompt


@transaction.atomic
def record_group_session(
    actor,
    group_session,
    *,
    took_place,
    held_on,
    duration_minutes=None,
    tasks=(),
    rows=(),
    request=None,
):
    """Record a whole group session in one change: the session, its agenda, and each
    member's row, kept on the member's own course (their session's attendance and agenda,
    their measures, with any risk flag raised here). Anything refused refuses it all.

    `tasks` is (task_key, status, note) for the agenda; `rows` one MemberRow per member who
    was expected (none when the session did not take place)."""
    group = (
        Group.objects.select_for_update()
        .select_related("facilitator")
        .get(pk=group_session.group_id)
    )
    _refuse_if_ended(group)
    first_time = not group_session.is_recorded
    group_session.took_place = took_place
    group_session.held_on = held_on
    group_session.duration_minutes = duration_minutes if took_place else None
    group_session.recorded_by = actor
    group_session.recorded_at = timezone.now()
    group_session.save(
        update_fields=["took_place", "held_on", "duration_minutes", "recorded_by", "recorded_at"]
    )
    _save_agenda(actor, group_session, tasks if took_place else ())
    flags = []
    if took_place:
        for row in rows:
            flags += _record_member_row(
                actor, group_session, row, held_on, duration_minutes, tasks, request
            )
        if group.status == GroupStatus.PLANNED:
            Group.objects.filter(pk=group.pk).update(status=GroupStatus.RUNNING)
            group.members.filter(status=MemberStatus.ACCEPTED).update(status=MemberStatus.ACTIVE)
    else:
        _cancel_for_everyone(actor, group, group_session, held_on, request)
    present = sum(1 for row in rows if row.attendance in PRESENT) if took_place else 0
    record(
        actor,
        "group_session.recorded" if first_time else "group_session.updated",
        group_session,
        request=request,
        facts={
            "session": group_session.number,
            "took_place": took_place,
            "present": present,
            "members": len(rows) if took_place else 0,
        },
    )
    return SessionRecorded(group_session, flags)


def _save_agenda(actor, group_session, tasks):
    keys = [key for key, _, _ in tasks]
    group_session.task_records.exclude(task_key__in=keys).delete()
    for key, status, note in tasks:
        GroupSessionTask.objects.update_or_create(
            group_session=group_session,
            task_key=key,
            defaults={"status": status, "note": note, "recorded_by": actor},
        )


def _member_session(actor, group_session, member, request):
    """The member's own course session for this group session (made if missing)."""
    session = member.episode.sessions.filter(number=group_session.number).first()
    if session is None:
        plan = CoursePlan.objects.select_related("episode__client").get(episode=member.episode)
        (session,) = course_actions.schedule_numbered_sessions(
            actor, plan, {group_session.number: group_session.scheduled_for}, request=request
        )
    session.episode = member.episode
    return session


def _record_member_row(actor, group_session, row, held_on, duration_minutes, tasks, request):
    member = row.member
    session = _member_session(actor, group_session, member, request)
    present = row.attendance in PRESENT
    course_actions.record_session(
        actor,
        session,
        held_on=held_on,
        duration_minutes=duration_minutes,
        attendance=COURSE_ATTENDANCE[row.attendance],
        tasks=tasks if present else (),
        # The group's agenda is ticked once for everyone, with no tool of each member's
        # asked first: a tick whose tool holds nothing for this member is kept as done
        # without a record, and fidelity counts it apart (protocol/tools.py).
        without_record={key for key, _, _ in tasks},
        request=request,
    )
    MemberSessionRecord.objects.update_or_create(
        group_session=group_session,
        member=member,
        defaults={
            "session": session,
            "attendance": row.attendance,
            "brought": row.brought if present else "",
            "homework": row.homework if present else "",
            "recorded_by": actor,
        },
    )
    flags = []
    for code, answers in row.measures.items():
        administration = measure_actions.record_administration(
            actor,
            member.episode,
            code,
            answers,
            administered_on=held_on,
            respondent=Respondent.CLIENT_IN_SESSION,
            session=session,
            request=request,
        )
        flags += list(administration.risk_flags.all())
    if present and member.status == MemberStatus.ACCEPTED:
        member.status = MemberStatus.ACTIVE
        member.save(update_fields=["status"])
    return flags


def _cancel_for_everyone(actor, group, group_session, held_on, request):
    """The group did not meet: each member's session is cancelled (by the service), and any
    rows recorded for it before are dropped."""
    group_session.member_records.all().delete()
    members = group.members.filter(status__in=CURRENT_MEMBER).select_related("episode__client")
    for member in members:
        session = member.episode.sessions.filter(number=group_session.number).first()
        if session is None:
            continue
        course_actions.record_session(
            actor,
            session,
            held_on=held_on,
            duration_minutes=None,
            attendance=Attendance.CANCELLED_BY_CLINICIAN,
            request=request,
        )


# --- ending the group ------------------------------------------------------------------


@transaction.atomic
def end_group(actor, group, *, status, ended_on, reason, leaving, request=None):
    """Finish or cancel the group. Each member who joined leaves with the status chosen for
    them in `leaving` (member id -> status), completing by default, so their courses end;
    members still being screened are declined."""
    _refuse_if_ended(group)
    if status not in (GroupStatus.FINISHED, GroupStatus.CANCELLED):
        raise ChangeRefused({"status": gettext("Choose finished or cancelled.")})
    members = list(
        group.members.filter(status__in=CURRENT_MEMBER).select_related("episode__client", "client")
    )
    for member in members:
        if member.status == MemberStatus.SCREENED:
            _decline(
                actor,
                member,
                decided_on=ended_on,
                # Stored as text, like a reason typed on the form: in the words of the
                # person ending the group.
                reason=gettext("The group ended before a decision was made."),
                request=request,
            )
            continue
        leave_group(
            actor,
            member,
            status=leaving.get(member.pk, MemberStatus.COMPLETED),
            left_on=ended_on,
            reason=reason,
            request=request,
        )
    group.status = status
    group.ended_on = ended_on
    group.end_reason = reason
    group.save(update_fields=["status", "ended_on", "end_reason"])
    record(
        actor,
        "group.ended",
        group,
        request=request,
        facts={"status": group.status, "members": len(members)},
    )
    return group


# --- supervision -------------------------------------------------------------------------


def monday_of(day):
    return day - timedelta(days=day.weekday())


@transaction.atomic
def write_supervision_note(
    actor, group, *, week_of, happened, concerns, members_to_discuss, request=None
):
    """The facilitators' note for supervision for one week (one per group and week; it can be
    changed until the supervisor acknowledges it). The supervisor is told, without detail."""
    week_of = monday_of(week_of)
    note = SupervisionNote.objects.filter(group=group, week_of=week_of).first()
    if note is not None and note.is_acknowledged:
        raise ChangeRefused(
            {
                "week_of": gettext(
                    "The note for this week has been acknowledged; choose another week."
                )
            }
        )
    if note is None:
        note = SupervisionNote(group=group, week_of=week_of)
    note.happened = happened
    note.concerns = concerns
    note.written_by = actor
    note.save()
    note.members_to_discuss.set(members_to_discuss)
    record(
        actor,
        "group.supervision_note_written",
        note,
        request=request,
        facts={"members": len(members_to_discuss)},
    )
    for supervisor in _supervisors_of(group):
        notices.send_after_commit(notices.group_supervision_note(note, supervisor))
    return note


def _supervisors_of(group):
    people = [group.facilitator, group.co_facilitator]
    found = {p.supervisor_id: p.supervisor for p in people if p is not None and p.supervisor}
    return [supervisor for supervisor in found.values() if supervisor.is_active]


class NoteAlreadyAcknowledged(Exception):
    pass


@transaction.atomic
def acknowledge_supervision_note(actor, note, *, comment="", request=None):
    """The supervisor has reviewed the note. Conditional, so it is acknowledged once."""
    updated = SupervisionNote.objects.filter(pk=note.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=actor, supervisor_comment=comment
    )
    if not updated:
        raise NoteAlreadyAcknowledged(gettext("This note has already been acknowledged."))
    note.refresh_from_db()
    record(actor, "group.supervision_note_acknowledged", note, request=request)
    return note
