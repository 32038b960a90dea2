"""Maintenance IPT runs for as long as agreed and continues an earlier course; a course
started after a relapse continues the course the client relapsed after (issue 14, item 1)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.caseload import actions as caseload_actions
from openipt.protocol import actions
from openipt.protocol.modalities import get
from openipt.protocol.models import CoursePlan
from openipt.protocol.tests import builders

from .test_course_pages import start_post

# (planned, reason given, accepted, message shown when refused)
MAINTENANCE_LENGTHS = [
    ("6", False, True, None),
    ("24", False, True, None),
    ("25", False, False, "Maintenance IPT above 24 sessions needs a reason"),
    ("60", True, True, None),
    ("120", True, True, None),
    ("121", True, False, "Maintenance IPT plans between 6 and 120 sessions."),
    ("5", False, False, "Maintenance IPT plans between 6 and 120 sessions."),
]
REASON = "Three earlier episodes of depression; monthly sessions for as long as they help."


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


def ended_acute_course(people):
    """The owner's episode with an individual IPT course that has ended."""
    plan = builders.start_course(people.owner, people.episode)
    builders.schedule(people.owner, plan, 1)
    actions.end_course(
        people.owner,
        plan,
        ended_on=builders.START + timedelta(weeks=14),
        reason="completed",
        problem_area_progress="Fewer arguments at home.",
        future_plan="Keep the weekly walk with a friend.",
    )
    return plan


def second_episode(people):
    episode = caseload_actions.open_episode(people.owner, people.client, opened_on=date(2027, 1, 4))
    builders.record_intake(people.owner, episode)
    return episode


def maintenance_post(**changes):
    return start_post(
        **{"modality": "maintenance_ipt", "planned_sessions": "12", "frequency": "monthly"}
        | changes
    )


def start_url(episode):
    return reverse("clinic:course_start", args=[episode.pk])


def test_maintenance_is_monthly_and_open_ended_with_a_reason_beyond_two_years():
    sessions = get("maintenance_ipt").planned_sessions
    assert (sessions.minimum, sessions.reason_above, sessions.maximum) == (6, 24, 120)
    assert get("maintenance_ipt").follows_acute_course
    assert not any(
        get(code).follows_acute_course for code in ("individual_ipt", "ipc", "perinatal_ipt")
    )


@pytest.mark.parametrize(("planned", "with_reason", "accepted", "message"), MAINTENANCE_LENGTHS)
def test_maintenance_lengths(people, owner, planned, with_reason, accepted, message):
    builders.record_intake(people.owner, people.episode)
    data = maintenance_post(planned_sessions=planned, length_reason=REASON if with_reason else "")
    response = owner.post(start_url(people.episode), data)
    assert CoursePlan.objects.exists() is accepted
    if not accepted:
        assert message in response.content.decode()


def test_starting_maintenance_offers_the_ended_acute_course(people, owner):
    acute = ended_acute_course(people)
    episode = second_episode(people)

    page = owner.get(start_url(episode)).content.decode()
    assert "Earlier course this one continues" in page
    assert "Individual IPT, 07 Sep 2026 to 14 Dec 2026" in page

    refused = owner.post(start_url(episode), maintenance_post(started_on="2027-01-11"))
    assert "Maintenance IPT follows an acute course" in refused.content.decode()
    assert not CoursePlan.objects.filter(episode=episode).exists()

    owner.post(
        start_url(episode),
        maintenance_post(started_on="2027-01-11", continues=str(acute.episode_id)),
    )
    maintenance = CoursePlan.objects.get(episode=episode)
    assert maintenance.continues_episode_id == acute.episode_id
    event = AuditEvent.objects.filter(action="course.started").latest("pk")
    assert event.facts["continues_earlier"] is True


def test_maintenance_after_an_acute_course_elsewhere_keeps_no_link(people, owner):
    ended_acute_course(people)
    episode = second_episode(people)
    owner.post(start_url(episode), maintenance_post(started_on="2027-01-11", continues="elsewhere"))
    assert CoursePlan.objects.get(episode=episode).continues_episode_id is None


def test_the_link_is_shown_both_ways(people, owner):
    acute = ended_acute_course(people)
    episode = second_episode(people)
    owner.post(
        start_url(episode),
        maintenance_post(started_on="2027-01-11", continues=str(acute.episode_id)),
    )
    later = owner.get(reverse("clinic:course", args=[episode.pk])).content.decode()
    earlier = owner.get(reverse("clinic:course", args=[acute.episode_id])).content.decode()
    assert "Follows the acute course" in later
    assert reverse("clinic:course", args=[acute.episode_id]) in later
    assert "Continued by maintenance" in earlier
    assert reverse("clinic:course", args=[episode.pk]) in earlier


def test_a_course_after_a_relapse_links_to_the_course_before(people, owner):
    acute = ended_acute_course(people)
    episode = second_episode(people)
    owner.post(
        start_url(episode),
        start_post(started_on="2027-01-11", continues=str(acute.episode_id)),
    )
    assert CoursePlan.objects.get(episode=episode).continues_episode_id == acute.episode_id
    later = owner.get(reverse("clinic:course", args=[episode.pk])).content.decode()
    earlier = owner.get(reverse("clinic:course", args=[acute.episode_id])).content.decode()
    assert "Started after a relapse following" in later
    assert "Followed, after a relapse, by" in earlier


def test_an_individual_course_need_not_continue_anything(people, owner):
    ended_acute_course(people)
    episode = second_episode(people)
    owner.post(start_url(episode), start_post(started_on="2027-01-11"))
    assert CoursePlan.objects.get(episode=episode).continues_episode_id is None


def test_no_choice_without_an_ended_course(people, owner):
    builders.record_intake(people.owner, people.episode)
    page = owner.get(start_url(people.episode)).content.decode()
    assert "Earlier course this one continues" not in page
    owner.post(start_url(people.episode), maintenance_post())
    assert CoursePlan.objects.get().continues_episode_id is None


def test_a_course_of_another_client_cannot_be_chosen(people, owner):
    other = builders.start_course(people.unrelated, people.another_client.episodes.first())
    ended_acute_course(people)
    episode = second_episode(people)
    response = owner.post(
        start_url(episode),
        maintenance_post(started_on="2027-01-11", continues=str(other.episode_id)),
    )
    assert "Select a valid choice" in response.content.decode()
    assert not CoursePlan.objects.filter(episode=episode).exists()
