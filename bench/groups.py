"""The benchmark's group (docs/groups.md): 14 members, 16 planned sessions, 15 of them
recorded through the same actions the session page uses, so the session page (for session
16, a full PHQ-9 on every row) and the progress sheet (14 x 16) are measured at the size
the issue names.

Made once per database, after seeding (and in a kept database that lacks it): 14 new
clients of one counsellor, each screened, accepted and recorded at every session.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from openipt.accounts.models import Role, User
from openipt.caseload.actions import register_client
from openipt.groups import actions, queries
from openipt.groups.models import Group, Membership
from openipt.measures.instruments import QUESTIONNAIRES

GROUP_NAME = "Bench group (14 members, 16 sessions)"
MEMBERS = 14
PLANNED = 16
RECORDED = 15
NO_EXCLUSIONS = dict.fromkeys(
    ("suicidal_crisis", "psychosis", "mania", "severe_dissociation"), False
)


def find_group(organisation):
    return Group.objects.filter(organisation=organisation, name=GROUP_NAME).first()


def ensure_group(organisation, say=print):
    """The bench group, made if the database does not hold it yet."""
    found = find_group(organisation)
    if found is not None:
        return found
    say(f"Recording a group of {MEMBERS} members at {RECORDED} of {PLANNED} sessions...")
    return _make_group(organisation)


@transaction.atomic
def _make_group(organisation):
    facilitator = (
        User.objects.filter(organisation=organisation, role=Role.COUNSELLOR)
        .order_by("username")
        .first()
    )
    start = timezone.localdate() - timedelta(weeks=RECORDED)
    group = actions.create_group(
        facilitator,
        name=GROUP_NAME,
        site=facilitator.site,
        modality="group_ipt",
        place="",
        language="English",
        facilitator=facilitator,
        co_facilitator=None,
        planned_sessions=PLANNED,
        session_minutes=90,
        membership=Membership.CLOSED,
        first_session_at=timezone.make_aware(datetime.combine(start, time(10))),
    )
    for n in range(MEMBERS):
        client = register_client(
            facilitator,
            given_name="Member",
            family_name=str(n + 1),
            date_of_birth=date(1980, 1, 1) + timedelta(days=365 * n),
        )
        member = actions.add_member(facilitator, group, client)
        actions.record_pre_group_session(
            facilitator,
            member,
            actions.PreGroupMeeting(number=1, ground_rules_agreed=True, consent_given=True),
            screen={
                "screened_on": start - timedelta(days=7),
                "symptoms": "Low mood.",
                "fit_answers": [],
                "notes": "",
                **NO_EXCLUSIONS,
            },
            phq9_answers=_phq9(10 + n % 8),
        )
        actions.decide(
            facilitator, member, accept=True, decided_on=start - timedelta(days=3), reason=""
        )
    for number in range(1, RECORDED + 1):
        _record(facilitator, group, number)
    return group


def _record(facilitator, group, number):
    group_session = queries.session_of(group, number)
    sheet = queries.session_sheet(group, group_session)
    rows = [
        actions.MemberRow(
            member=line.member,
            attendance="did_not_attend" if (line.member.pk + number) % 7 == 0 else "attended",
            brought="Talked about a dispute at home.",
            homework="Ask for help once.",
        )
        for line in sheet["lines"]
    ]
    for row, line in zip(rows, sheet["lines"], strict=True):
        if row.attendance == "attended":
            row.measures = {
                code: _phq9(max(16 - number // 2, 4)) if code == "phq9" else _check_in()
                for code in line.outstanding
            }
    actions.record_group_session(
        facilitator,
        group_session,
        took_place=True,
        held_on=timezone.localdate(group_session.scheduled_for),
        duration_minutes=90,
        tasks=[(item.task.key, "done", "") for item in sheet["agenda"]],
        rows=rows,
    )


def _phq9(total):
    answers, left = {}, total
    for item in QUESTIONNAIRES["phq9"].items:
        if not item.required:
            continue
        points = 0 if item.key == "q9" else min(left, 3)
        answers[item.key] = points
        left -= points
    return answers


def _check_in():
    return {"mood": 1, "q9": 0}
