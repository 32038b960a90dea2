"""Reads of groups for the pages, each in a fixed number of queries whatever the number of
members and sessions (tested with literal counts), and the gates of group records.

`group_for` is the gate of a group, built on caseload.access.group_gate (404 outside the
organisation, 403 inside it without access). A member, a session or a note is then reached
through its gated group (`member_of`, `session_of`, `note_of`), never on its own.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils import timezone

from openipt.accounts.models import Role
from openipt.caseload import access
from openipt.caseload.access import VIEW_CLINICAL
from openipt.measures.models import FlagStatus, MeasureAdministration, RiskFlag
from openipt.protocol import appointments, readings
from openipt.protocol import course as course_rules
from openipt.protocol.course import CourseFacts, SessionFact, TaskFact, facts_from_rows
from openipt.protocol.models import CoursePlan, Session
from openipt.protocol.schedule import CourseSchedule, codes_asked

from . import rules
from .models import (
    CURRENT_MEMBER,
    JOINED_MEMBER,
    PRESENT,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    GroupSessionTask,
    GroupStatus,
    MemberSessionRecord,
    MemberStatus,
    PreGroupSession,
    SupervisionNote,
)

# --- gates ---------------------------------------------------------------------------------


# What a group's pages show of it besides its own fields. Who created it is kept but shown
# on no group page: not joined.
GROUP_SHOWN_WITH = ("site", "facilitator", "co_facilitator", "organisation")


def group_for(user, pk, need=VIEW_CLINICAL, *, shown_with=GROUP_SHOWN_WITH):
    """The group through its gate, read with `shown_with`: a page that shows only the
    group's own fields and its organisation's rules (the session page) names less."""
    groups = Group.objects.select_related(*shown_with)
    return access.group_gate(user, groups, pk, need)


def member_of(group, pk):
    """A member of a group already through its gate; another group's member is a 404."""
    member = (
        GroupMember.objects.select_related("client", "episode__client", "episode__clinician")
        .filter(group=group, pk=pk)
        .first()
    )
    if member is None:
        raise Http404("No such member.")
    member.group = group
    member.episode.organisation = group.organisation
    return member


def session_of(group, number):
    found = GroupSession.objects.filter(group=group, number=number).first()
    if found is None or number > group.planned_sessions:
        raise Http404("No such session.")
    found.group = group
    return found


def session_in(group, sessions, number):
    """Session `number` among the group's sessions already read (`sessions_of`): what
    `session_of` finds, without reading it again for a page that reads them all."""
    found = next((s for s in sessions if s.number == number), None)
    if found is None or number > group.planned_sessions:
        raise Http404("No such session.")
    found.group = group
    return found


def note_of(group, pk):
    note = SupervisionNote.objects.filter(group=group, pk=pk).first()
    if note is None:
        raise Http404("No such note.")
    return note


def pre_group_of(member):
    return list(
        member.pre_group_sessions.select_related("intake_screen", "phq9").order_by("number")
    )


def clients_to_add(user):
    """Clients the user may see who are in no group now, for adding to a group."""
    in_a_group = GroupMember.objects.filter(status__in=CURRENT_MEMBER).values("client_id")
    return (
        access.visible_clients(user)
        .exclude(pk__in=in_a_group)
        .order_by("family_name", "given_name", "id")
    )


# --- lists ---------------------------------------------------------------------------------


def groups_for_outcomes(user):
    """The groups a person may narrow the outcome dashboard to: those whose members' courses
    their figures count (caseload.access.outcome_scope: a member's course is the
    facilitator's), so a supervisor is offered their team's groups and the admin and a
    programme lead every group of the organisation; anyone else none."""
    groups = Group.objects.filter(organisation_id=user.organisation_id).order_by("name", "pk")
    if user.role == Role.SUPERVISOR:
        return groups.filter(facilitator__in=access.team_clinician_ids(user))
    if user.role in (Role.ADMIN, Role.PROGRAMME_LEAD):
        return groups
    return groups.none()


def visible_groups(user):
    """The groups a staff member may list (`access.group_scope`), with their member count
    and next session; one query."""
    now = timezone.now()
    return (
        Group.objects.filter(organisation_id=user.organisation_id)
        .filter(access.group_scope(user))
        .select_related("site", "facilitator", "co_facilitator")
        .annotate(
            current_members=Count(
                "members", filter=Q(members__status__in=CURRENT_MEMBER), distinct=True
            ),
            next_session_at=Min(
                "sessions__scheduled_for",
                filter=Q(sessions__took_place__isnull=True, sessions__scheduled_for__gte=now),
            ),
        )
        .order_by("status", "-first_session_at", "-id")
    )


@dataclass
class OversightRow:
    """A group on the supervisor's list, with what needs their attention."""

    group: Group
    open_flags: list = field(default_factory=list)
    to_follow_up: list = field(default_factory=list)
    unacknowledged: list = field(default_factory=list)


def oversight(user, groups):
    """For the supervisor's list: each group's open risk flags, members to follow up under
    the drop-out rule and unacknowledged notes. Four queries for any number of groups."""
    groups = list(groups)
    ids = [group.pk for group in groups]
    rows = {group.pk: OversightRow(group) for group in groups}
    flags = RiskFlag.objects.filter(
        status=FlagStatus.OPEN, episode__group_membership__group_id__in=ids
    ).select_related("client", "episode__group_membership")
    for flag in flags.order_by("raised_at", "id"):
        rows[flag.episode.group_membership.group_id].open_flags.append(flag)
    notes = SupervisionNote.objects.filter(group_id__in=ids, acknowledged_at__isnull=True)
    for note in notes.order_by("week_of", "id"):
        rows[note.group_id].unacknowledged.append(note)
    members = list(
        GroupMember.objects.filter(group_id__in=ids, status__in=CURRENT_MEMBER).select_related(
            "client"
        )
    )
    attendance = _attendance_by_member(members)
    limit = user.organisation.group_dropout_missed_in_a_row
    for group_id, group_members in _by(members, "group_id").items():
        facts = [_attendance_facts(m, attendance) for m in group_members]
        rows[group_id].to_follow_up = rules.to_follow_up(facts, limit)
    return list(rows.values())


def _by(rows, key):
    found = defaultdict(list)
    for row in rows:
        found[getattr(row, key)].append(row)
    return found


def _attendance_by_member(members):
    records = MemberSessionRecord.objects.filter(member__in=members).values_list(
        "member_id", "group_session__number", "attendance"
    )
    found = defaultdict(list)
    for member_id, number, attendance in records:
        found[member_id].append(rules.AttendanceFact(number, attendance))
    return found


def _attendance_facts(member, attendance):
    return rules.MemberAttendance(member, member.status, tuple(attendance[member.pk]))


# --- one group -------------------------------------------------------------------------


def members_of(group):
    return list(
        group.members.select_related("client", "episode").order_by("id"),
    )


def members_queryset(group):
    """The group's members who joined, for choosing among them (supervision notes)."""
    return group.members.filter(status__in=JOINED_MEMBER).select_related("client").order_by("id")


def joined_members(group):
    return list(members_queryset(group))


def notes_of(group):
    """The group's supervision notes, newest first, each with `discuss` (its members to
    discuss); two queries."""
    notes = list(
        group.supervision_notes.select_related("written_by", "acknowledged_by").prefetch_related(
            "members_to_discuss__client"
        )
    )
    for note in notes:
        note.discuss = list(note.members_to_discuss.all())
    return notes


def sessions_of(group):
    return list(group.sessions.order_by("number"))


def group_facts(group, sessions, task_records):
    """The group's own course facts (its sessions and agenda records), for the agenda rule
    of protocol/course.py: a session that took place is attended, one that did not is
    cancelled."""
    numbers = {session.pk: session.number for session in sessions}
    return CourseFacts(
        modality=group.definition,
        planned=group.planned_sessions,
        sessions=tuple(
            SessionFact(
                s.number,
                course_rules.SCHEDULED
                if s.took_place is None
                else ("attended" if s.took_place else "cancelled_clinician"),
                s.held_on,
            )
            for s in sessions
        ),
        tasks=tuple(
            TaskFact(numbers[r.group_session_id], r.task_key, r.status, r.note)
            for r in task_records
        ),
        ended=group.has_ended,
    )


def group_overview(group):
    """The group page: its sessions, members (with their pre-group sessions and attendance),
    the size warning and the members to follow up. A fixed number of queries."""
    sessions = sessions_of(group)
    members = members_of(group)
    pre_group = _by(
        PreGroupSession.objects.filter(member__group=group).order_by("number"), "member_id"
    )
    attendance = _attendance_by_member(members)
    current = [m for m in members if m.is_current]
    for member in members:
        member.pre_group = pre_group[member.pk]
        member.attended = sum(1 for fact in attendance[member.pk] if fact.attendance in PRESENT)
    limit = group.organisation.group_dropout_missed_in_a_row
    follow_up = rules.to_follow_up([_attendance_facts(m, attendance) for m in members], limit)
    return {
        "sessions": sessions,
        "members": members,
        "current_count": len(current),
        "size_warning": rules.size_warning(group.definition, len(current)),
        "to_follow_up": follow_up,
        "next_session": next((s for s in sessions if not s.is_recorded), None),
    }


# --- the group session page ----------------------------------------------------------------


@dataclass
class MemberLine:
    """What the session page knows about one member at one session."""

    member: GroupMember
    session: object  # their own course session for this group session (ScheduleRow), or None
    expected: tuple = ()  # instrument codes the course schedule expects here
    recorded: tuple = ()  # of those, the ones already given (from home, or saved before)
    given: list = field(default_factory=list)  # administrations tied to this session
    record: object = None  # this session's MemberSessionRecord as a RecordRow, or None
    last_homework: str = ""
    open_flags: list = field(default_factory=list)

    @property
    def outstanding(self):
        return tuple(code for code in self.expected if code not in self.recorded)


def session_sheet(group, group_session, sessions=None):
    """Everything the one page of a group session shows, in a fixed number of queries: the
    group's agenda for the session (its own facts), and one line per member expected there
    (members who joined and are still in the group, and anyone already recorded for it).
    `sessions`: the group's sessions when the caller has read them (`session_in`)."""
    if sessions is None:
        sessions = sessions_of(group)
    # Plain rows, as for the members' schedules below: read for the agenda rule and the
    # form's initial values, never written here.
    task_records = [
        TaskRow(*row)
        for row in GroupSessionTask.objects.filter(group_session__group=group)
        .order_by("id")
        .values_list("group_session_id", "task_key", "status", "note")
    ]
    facts = group_facts(group, sessions, task_records)
    number = group_session.number
    previous = next((s for s in sessions if s.number == number - 1), None)
    records = _member_records(group_session, previous)
    # Each member's course plan with the member: the measure schedule needs no more of it
    # (one query fewer than reading the plans apart).
    expected_members = group.members.select_related("client", "episode__course_plan").order_by("id")
    members = [
        m
        for m in expected_members
        if (m.pk, group_session.pk) in records
        or m.status in (MemberStatus.ACCEPTED, MemberStatus.ACTIVE)
    ]
    at_session = _measures_at(_plans_of(members), group.organisation, number)
    lines = []
    for member in members:
        own, expected = at_session.get(member.episode_id, (None, None))
        last = records.get((member.pk, previous.pk)) if previous else None
        lines.append(
            MemberLine(
                member=member,
                session=own,
                expected=expected.expected if expected else (),
                recorded=expected.recorded if expected else (),
                record=records.get((member.pk, group_session.pk)),
                last_homework=last.homework if last else "",
            )
        )
    _add_given_and_flags(lines)
    return {
        "facts": facts,
        "flagged": [line for line in lines if line.open_flags],
        "agenda": course_rules.agenda_for(facts, number),
        "phase_name": facts.phase_name(facts.boundaries.phase_of(number)),
        "lines": lines,
        "task_records": {
            r.task_key: r for r in task_records if r.group_session_id == group_session.pk
        },
        "milestone": rules.milestones(group.planned_sessions).get(number),
    }


def _member_records(group_session, previous):
    """(member id, group session id) -> the member's record (RecordRow) of this session and
    of the one before it (its homework is shown). Read by the sessions' ids, which the page
    already has, rather than through a join on the group."""
    ids = [group_session.pk] + ([previous.pk] if previous else [])
    rows = MemberSessionRecord.objects.filter(group_session_id__in=ids).values_list(
        *RecordRow.FIELDS
    )
    return {(row[0], row[1]): RecordRow(*row) for row in rows}


@dataclass(frozen=True)
class RecordRow:
    """A member's record of a group session as the page reads it (the form's initial
    values, the last session's homework): plain values, never written here."""

    FIELDS = ("member_id", "group_session_id", "attendance", "brought", "homework")

    member_id: int
    group_session_id: int
    attendance: str
    brought: str = ""
    homework: str = ""

    def get_attendance_display(self):
        return dict(GroupAttendance.choices).get(self.attendance, self.attendance)


def _add_given_and_flags(lines):
    """Each line's measures given at its own session (`given`: what a member sent from home
    shows as done) and its episode's open safety flags. The measures are read only when
    the schedule found any recorded at these sessions (`recorded`), by the sessions' ids:
    on a session no one has answered for yet there is nothing to read."""
    session_ids = [line.session.pk for line in lines if line.session and line.recorded]
    given = defaultdict(list)
    if session_ids:
        for administration in MeasureAdministration.objects.filter(
            session_id__in=session_ids
        ).order_by("created_at", "id"):
            given[administration.session_id].append(administration)
    flags = defaultdict(list)
    open_flags = RiskFlag.objects.filter(
        episode_id__in=[line.member.episode_id for line in lines], status=FlagStatus.OPEN
    ).order_by("raised_at", "id")
    for flag in open_flags:
        flags[flag.episode_id].append(flag)
    for line in lines:
        line.given = given[line.session.pk] if line.session else []
        line.open_flags = flags[line.member.episode_id]


def _plans_of(members):
    """The course plans of members read with them (session_sheet); a member's episode
    without a plan has no schedule."""
    plans = []
    for member in members:
        try:
            plans.append(member.episode.course_plan)
        except CoursePlan.DoesNotExist:
            continue
    return plans


def _measures_at(plans, organisation, number):
    """Episode id -> (its own session `number` as a ScheduleRow, what that session expects
    and has: schedule.SessionMeasures) for these course plans, in two queries; an episode
    with no session `number` is left out. Only the schedule's rule for one session is
    needed here (protocol/schedule.py), so courses are not scored for fidelity: with 14
    members that scoring was much of the page's time. That rule does not depend on whether
    the course has ended (which decides only what is due next), so the endings are not
    read. The members' episodes are the group's organisation's."""
    episode_ids = [plan.episode_id for plan in plans]
    sessions = defaultdict(list)
    # Only what the schedule reads (facts_from_rows), as plain rows: these sessions are never
    # written here, and making 224 deferred model instances (14 members x 16) was a fifth
    # of the page's queries' time.
    own_sessions = Session.objects.filter(episode_id__in=episode_ids).values_list(
        "pk", *SCHEDULE_FIELDS
    )
    for row in own_sessions.order_by("number"):
        session = ScheduleRow(*row)
        sessions[session.episode_id].append(session)
    catalogue = readings.catalogue()
    start_end = organisation.start_end_measures
    modalities = {plan.definition.code: plan.definition for plan in plans}.values()
    asked = set().union(*(codes_asked(m, catalogue, start_end) for m in modalities))
    given = readings.measures_given(episode_ids, asked)
    found = {}
    for plan in plans:
        own = sessions[plan.episode_id]
        here = next((s for s in own if s.number == number), None)
        if here is None:
            continue
        # Task records play no part in the schedule.
        facts = facts_from_rows(plan, own, ())
        schedule = CourseSchedule(facts, given[plan.episode_id], start_end, catalogue)
        found[plan.episode_id] = (here, schedule.session(number))
    return found


SCHEDULE_FIELDS = ("episode_id", "number", "attendance", "held_on")


@dataclass(frozen=True)
class TaskRow:
    """A group session's agenda record as the agenda rule and the session form read it."""

    group_session_id: int
    task_key: str
    status: str
    note: str


@dataclass(frozen=True)
class ScheduleRow:
    """A member's own course session as the measure schedule reads it (protocol.course.
    facts_from_rows: its id, number, attendance and date)."""

    pk: int
    episode_id: int
    number: int
    attendance: str
    held_on: object


# --- the progress sheet and the outcomes -------------------------------------------------------


# The depression line of the progress sheet: the PHQ-9, or the PHQ-A that an IPT-A group asks
# where it is offered (the same nine symptoms scored 0-27, with the PHQ-9's bands).
LINE_CODES = ("phq9", "phqa")
PROGRESS_CODES = (*LINE_CODES, "checkin")


@dataclass
class ProgressRow:
    member: GroupMember
    cells: list  # one per group session: (session, record or None, {code: administration})
    screen: object = None  # the pre-group PHQ-9 (the latest), or None
    phq9: list = field(default_factory=list)  # (x, total): 0 for the screen, else the session
    missed_in_a_row: int = 0


def progress_sheet(group):
    """Members x sessions: attendance and scores, the PHQ-9 line of each member, and who the
    drop-out rule lists. Four queries whatever the size of the group."""
    sessions = sessions_of(group)
    members = [
        m
        for m in group.members.select_related("client").order_by("id")
        if m.status in JOINED_MEMBER
    ]
    # Attendance alone, as plain rows (RecordRow): 14 members x 16 sessions were 224 model
    # instances of the whole record, most of the sheet's reading time.
    records = {
        (row[0], row[1]): RecordRow(*row)
        for row in MemberSessionRecord.objects.filter(
            group_session_id__in=[session.pk for session in sessions]
        ).values_list("member_id", "group_session_id", "attendance")
    }
    scores = _scores_of(members)
    rows = []
    for member in members:
        mine = scores[member.episode_id]
        at_session = defaultdict(dict)
        screen = None
        line = []
        for administration in mine:
            if administration.session_number is None:
                if administration.instrument in LINE_CODES:
                    screen = administration
                continue
            at_session[administration.session_number][administration.instrument] = administration
        if screen is not None:
            line.append((0, screen.total))
        line += [
            (number, next(given[code].total for code in LINE_CODES if code in given))
            for number, given in sorted(at_session.items())
            if any(code in given for code in LINE_CODES)
        ]
        cells = [
            (session, records.get((member.pk, session.pk)), at_session.get(session.number, {}))
            for session in sessions
        ]
        facts = tuple(
            rules.AttendanceFact(session.number, record.attendance)
            for session, record, _ in cells
            if record is not None
        )
        rows.append(
            ProgressRow(
                member=member,
                cells=cells,
                screen=screen,
                phq9=line,
                missed_in_a_row=rules.missed_in_a_row(facts),
            )
        )
    limit = group.organisation.group_dropout_missed_in_a_row
    follow_up = rules.to_follow_up(
        [
            rules.MemberAttendance(
                row.member,
                row.member.status,
                tuple(
                    rules.AttendanceFact(s.number, r.attendance)
                    for s, r, _ in row.cells
                    if r is not None
                ),
            )
            for row in rows
        ],
        limit,
    )
    return {
        "sessions": sessions,
        "rows": rows,
        "milestones": rules.milestones(group.planned_sessions),
        "to_follow_up": follow_up,
        "dropout_limit": limit,
    }


def _scores_of(members):
    """Each member's administrations of the progress codes (and the GAD-7 for outcomes) as
    ScoreRows, oldest first, with the number of the session they belong to; one query."""
    found = defaultdict(list)
    rows = (
        MeasureAdministration.objects.filter(
            episode_id__in=[m.episode_id for m in members],
            instrument__in=(*PROGRESS_CODES, "gad7"),
        )
        .order_by("administered_on", "created_at", "id")
        .values_list(*ScoreRow.FIELDS)
    )
    for row in rows:
        score = ScoreRow(*row)
        found[score.episode_id].append(score)
    return found


@dataclass(frozen=True)
class ScoreRow:
    """An administration as the progress sheet, its chart and the group's outcome figures
    read it: plain values, never written here (model instances of every member's scores
    were most of the sheet's reading time, even with only these columns)."""

    FIELDS = ("episode_id", "session__number", "instrument", "administered_on", "total", "band")

    episode_id: int
    session_number: int | None  # None: not given at a session (the pre-group screen)
    instrument: str
    administered_on: object
    total: int
    band: str


def group_outcome(group, improvement_rule):
    """The group's outcome figures (rules.group_outcome) from its members' records; three
    queries."""
    members = list(group.members.select_related("client").order_by("id"))
    attendance = _attendance_by_member(members)
    scores = _scores_of(members)
    facts = []
    for member in members:
        mine = scores[member.episode_id]
        facts.append(
            rules.MemberScores(
                member=member,
                status=member.status,
                attended=sum(1 for f in attendance[member.pk] if f.attendance in PRESENT),
                phq9=[a.total for a in mine if a.instrument == "phq9"],
                gad7=[a.total for a in mine if a.instrument == "gad7"],
            )
        )
    return rules.group_outcome(facts, rule=improvement_rule)


# --- the facilitator's week and calendar ------------------------------------------------------


def facilitator_sessions(user, start, end):
    """Group sessions of the groups a clinician facilitates or co-facilitates between two
    moments (not those of ended groups), in time order."""
    return list(
        GroupSession.objects.filter(
            Q(group__facilitator=user) | Q(group__co_facilitator=user),
            scheduled_for__gte=start,
            scheduled_for__lt=end,
        )
        .exclude(group__status=GroupStatus.CANCELLED)
        .select_related("group")
        .order_by("scheduled_for", "id")
    )


def group_events(group_sessions):
    """The group sessions as calendar events (protocol.appointments.Event): the group's
    number and the session's, never its name, which may say who is in it."""
    return [
        appointments.Event(
            key=f"group-session-{session.pk}",
            start=session.scheduled_for,
            minutes=session.duration_minutes or session.group.session_minutes,
            summary=f"Group {session.group_id}, session {session.number}",
            cancelled=session.took_place is False,
        )
        for session in group_sessions
    ]


def without_group_members(sessions):
    """Course sessions without those of group members' courses: a facilitator sees each
    group session once, as the group's."""
    members = member_episode_ids({session.episode_id for session in sessions})
    return [session for session in sessions if session.episode_id not in members]


def calendar_feed(user, now=None):
    """(sessions, iCalendar text) of a person's private feed: a client's own appointments
    (their group sessions among them, as "Appointment"); a clinician's sessions, with each
    group session they run once instead of once per member."""
    sessions = appointments.feed_sessions(user, now)
    if user.is_client:
        return sessions, appointments.ical(sessions, for_client=True, now=now)
    sessions = without_group_members(sessions)
    since, until = appointments.feed_window(now)
    events = group_events(facilitator_sessions(user, since, until))
    return sessions, appointments.ical(sessions, for_client=False, now=now, extra=events)


def member_episode_ids(episode_ids):
    """Of these episodes, those that are a group member's course: their sessions are shown
    once, as the group's, in a facilitator's week and feed."""
    return set(
        GroupMember.objects.filter(episode_id__in=list(episode_ids)).values_list(
            "episode_id", flat=True
        )
    )


# --- the portal ---------------------------------------------------------------------------------


def own_membership(client):
    """The client's current group membership, else their latest; None when never in one."""
    memberships = GroupMember.objects.filter(client=client).select_related("group__site", "episode")
    current = memberships.filter(status__in=CURRENT_MEMBER).order_by("-id").first()
    return current or memberships.exclude(status=MemberStatus.DECLINED).order_by("-id").first()


def own_group_page(membership):
    """For the member's own page: the group's schedule, and their own rows, scores and
    homework. Nothing about any other member."""
    group = membership.group
    sessions = sessions_of(group)
    records = {
        r.group_session_id: r
        for r in MemberSessionRecord.objects.filter(member=membership).order_by("group_session")
    }
    scores = list(
        MeasureAdministration.objects.filter(episode=membership.episode)
        .select_related("session")
        .order_by("administered_on", "created_at", "id")
    )
    return {
        "group": group,
        "sessions": [(session, records.get(session.pk)) for session in sessions],
        "scores": scores,
        "homework": [
            (session, records[session.pk].homework)
            for session in sessions
            if session.pk in records and records[session.pk].homework
        ],
    }
