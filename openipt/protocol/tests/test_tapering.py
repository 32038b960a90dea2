"""Tapering (issue 14, item 1): weekly, then every two weeks, then monthly, agreed in the
contract; the scheduler spaces dates by it and the phases follow the session numbers."""

from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from openipt.protocol import actions, course, tapering
from openipt.protocol.modalities import get
from openipt.protocol.models import CoursePlan, Session
from openipt.protocol.phases import phase_for_session
from openipt.protocol.tests import builders

from .test_course_pages import contract_post

MONDAY = datetime(2026, 9, 7, 10, 0)


def gaps_of(times):
    return [(later - earlier).days for earlier, later in pairwise(times)]


# (frequency, fortnightly_from, monthly_from, days between sessions 1..8)
SPACING = [
    ("weekly", None, None, [7, 7, 7, 7, 7, 7, 7]),
    ("weekly", 5, None, [7, 7, 7, 14, 14, 14, 14]),
    ("weekly", 5, 7, [7, 7, 7, 14, 14, 28, 28]),
    ("weekly", None, 7, [7, 7, 7, 7, 7, 28, 28]),
    ("fortnightly", None, 6, [14, 14, 14, 14, 28, 28, 28]),
    ("monthly", None, None, [28] * 7),
]

# (frequency, planned, fortnightly_from, monthly_from, fields refused)
PROBLEMS = [
    ("weekly", 12, None, None, []),
    ("weekly", 12, 9, 11, []),
    ("weekly", 12, 2, 12, []),
    ("weekly", 12, 11, 9, ["monthly_from"]),
    ("weekly", 12, 9, 9, ["monthly_from"]),
    ("weekly", 12, 13, None, ["fortnightly_from"]),
    ("weekly", 12, 1, None, ["fortnightly_from"]),
    ("fortnightly", 12, 5, None, ["fortnightly_from"]),
    ("fortnightly", 12, None, 8, []),
    ("monthly", 12, None, 8, ["monthly_from"]),
    ("flexible", 12, 4, 8, ["fortnightly_from", "monthly_from"]),
]


@pytest.mark.parametrize(("frequency", "fortnightly", "monthly", "gaps"), SPACING)
def test_spacing_follows_the_taper(frequency, fortnightly, monthly, gaps):
    times = tapering.proposed_times(MONDAY, 1, 8, frequency, fortnightly, monthly)
    assert gaps_of(times) == gaps


def test_a_run_started_part_way_uses_the_numbers_it_schedules():
    times = tapering.proposed_times(MONDAY, 6, 3, "weekly", 5, 7)
    # Session 6 is given; 7 comes monthly after it, 8 monthly again.
    assert times == [MONDAY, MONDAY + timedelta(days=28), MONDAY + timedelta(days=56)]


@pytest.mark.parametrize(("frequency", "planned", "fortnightly", "monthly", "refused"), PROBLEMS)
def test_which_tapers_fit_the_plan(frequency, planned, fortnightly, monthly, refused):
    problems = tapering.taper_problems(frequency, planned, fortnightly, monthly)
    assert [field for field, _ in problems] == refused


@given(
    planned=st.integers(8, 20),
    fortnightly=st.one_of(st.none(), st.integers(2, 20)),
    monthly=st.one_of(st.none(), st.integers(2, 20)),
)
def test_a_taper_only_spreads_sessions_out(planned, fortnightly, monthly):
    if tapering.taper_problems("weekly", planned, fortnightly, monthly):
        return
    tapered = tapering.proposed_times(MONDAY, 1, planned, "weekly", fortnightly, monthly)
    gaps = gaps_of(tapered)
    # Sessions only ever spread out, each on the same weekday and time, one per number.
    assert gaps == sorted(gaps) and set(gaps) <= {7, 14, 28}
    assert {moment.weekday() for moment in tapered} == {MONDAY.weekday()}
    assert len(tapered) == planned


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


def test_the_contract_keeps_the_taper_and_scheduling_follows_it(people, owner):
    plan = builders.start_course(people.owner, people.episode)
    url = reverse("clinic:course_contract", args=[people.episode.pk])
    refused = owner.post(url, contract_post(fortnightly_from="10", monthly_from="9"))
    assert "Monthly sessions start after the two-weekly ones have begun." in (
        refused.content.decode()
    )
    assert CoursePlan.objects.get().monthly_from is None

    owner.post(url, contract_post(fortnightly_from="9", monthly_from="11"))
    plan = CoursePlan.objects.get()
    assert (plan.fortnightly_from, plan.monthly_from) == (9, 11)
    page = owner.get(reverse("clinic:course", args=[people.episode.pk])).content.decode()
    assert "Weekly, then every two weeks from session 9, then monthly from session 11" in page

    first = timezone.make_aware(MONDAY)
    actions.schedule_sessions(people.owner, plan, first_at=first, count=12)
    days = [
        timezone.localtime(moment).date()
        for moment in Session.objects.order_by("number").values_list("scheduled_for", flat=True)
    ]
    assert days[7] == date(2026, 10, 26)  # session 8: weekly
    assert days[8] == date(2026, 11, 9)  # session 9: two weeks later
    assert days[9] == date(2026, 11, 23)
    assert days[10] == date(2026, 12, 21)  # session 11: four weeks later
    assert days[11] == date(2027, 1, 18)
    # Phases follow the session numbers, not the calendar: the tapered sessions 9-12 are in
    # the phases their numbers give, as in an untapered course.
    history = course.session_history(builders.load_facts(plan), Session.objects.order_by("number"))
    modality = get("individual_ipt")
    assert [row["phase_name"] for row in history] == [
        modality.phase(phase_for_session(modality, n, 12)).name for n in range(1, 13)
    ]
