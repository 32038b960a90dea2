"""Groups at a chosen point, built through the real actions (for tests, the access matrix,
the browser test and the benchmark)."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from openipt.groups import actions, queries
from openipt.groups.models import GroupAttendance, Membership
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import answers_totalling, quietest_answers

START = date(2026, 9, 7)

NO_EXCLUSIONS = {
    "suicidal_crisis": False,
    "psychosis": False,
    "mania": False,
    "severe_dissociation": False,
}


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def make_group(
    facilitator,
    *,
    co_facilitator=None,
    planned=8,
    name="Tuesday group",
    start=START,
    modality="group_ipt",
):
    return actions.create_group(
        facilitator,
        name=name,
        site=facilitator.site,
        modality=modality,
        place="Room 2",
        language="English",
        facilitator=facilitator,
        co_facilitator=co_facilitator,
        planned_sessions=planned,
        session_minutes=90,
        membership=Membership.OPEN,
        first_session_at=at(start),
    )


def phq9(total, **overrides):
    return answers_totalling(QUESTIONNAIRES["phq9"], total, **overrides)


def checkin(mood=1, q9=0):
    return {"mood": mood, "q9": q9}


def usual_answers(code):
    """Answers that raise nothing for any questionnaire a member's course expects: a PHQ-9
    of 12, a check-in of "about the same", the quietest answers of any other."""
    if code == "phq9":
        return phq9(12)
    if code == "checkin":
        return checkin()
    return quietest_answers(QUESTIONNAIRES[code])


def screen(actor, group, client, *, total=14, on=None, referral=None, **exclusions):
    """Add a client for screening and record their first pre-group session."""
    member = actions.add_member(actor, group, client)
    actions.record_pre_group_session(
        actor,
        member,
        actions.PreGroupMeeting(number=1, ground_rules_agreed=True, consent_given=True),
        screen={
            "screened_on": on or START - timedelta(days=7),
            "symptoms": "Low mood since the harvest failed.",
            "fit_answers": [],
            "notes": "",
            **NO_EXCLUSIONS,
            **exclusions,
        },
        phq9_answers=phq9(total),
        referral=referral,
    )
    member.refresh_from_db()
    return member


def join(actor, group, client, *, total=14, on=None, **decision):
    """A client screened and accepted into the group."""
    member = screen(actor, group, client, total=total, on=on)
    actions.decide(
        actor,
        member,
        accept=True,
        decided_on=on or START - timedelta(days=5),
        reason="Ready.",
        **decision,
    )
    member.refresh_from_db()
    return member


def people_group(p, *, planned=8, start=START):
    """The owner's group with the co-facilitator, the client and the second member in it."""
    group = make_group(p.owner, co_facilitator=p.co_facilitator, planned=planned, start=start)
    first = join(p.owner, group, p.client)
    second = join(p.owner, group, p.second_member)
    return group, first, second


def hold(actor, group, number, attendance, *, measures=None, on=None):
    """Record group session `number` as held, with each member's attendance ({member:
    attendance}) and the measures given ({member: {code: answers}}), every agenda task
    done."""
    group_session = queries.session_of(group, number)
    sheet = queries.session_sheet(group, group_session)
    rows = []
    for line in sheet["lines"]:
        member = line.member
        given = attendance.get(member.pk, GroupAttendance.ATTENDED)
        measures_given = (measures or {}).get(member.pk)
        if measures_given is None and given in (GroupAttendance.ATTENDED, GroupAttendance.LATE):
            measures_given = {code: usual_answers(code) for code in line.outstanding}
        rows.append(
            actions.MemberRow(
                member=member,
                attendance=given,
                brought="Talked about her sister.",
                homework="Call her sister on Sunday.",
                measures=measures_given or {},
            )
        )
    return actions.record_group_session(
        actor,
        group_session,
        took_place=True,
        held_on=on or timezone.localdate(group_session.scheduled_for),
        duration_minutes=90,
        tasks=[(item.task.key, "done", "") for item in sheet["agenda"]],
        rows=rows,
    )
