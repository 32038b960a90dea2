"""The 5xx found by the black-box probe (issue 17, item 6), each now a message by its field
with nothing written; and a write that meets a unique constraint is refused, not a 500."""

from datetime import date

import pytest
from django.urls import reverse

from openipt.accounts.actions import add_site
from openipt.accounts.staff import ChangeRefused
from openipt.formulation.models import LifeEvent
from openipt.measures import instruments
from openipt.measures.actions import RhythmWeekExists, record_rhythm_week
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol import actions as protocol_actions
from openipt.protocol.actions import CourseAlreadyEnded, CourseStartBlocked
from openipt.protocol.models import CourseEnding, FollowUpSession, Session
from openipt.protocol.tests import builders


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


def url(name, episode, *args):
    return reverse(f"clinic:{name}", args=[episode.pk, *args])


def test_a_life_event_in_the_year_1_is_refused_and_the_timeline_stays_up(people, owner):
    response = owner.post(
        url("timeline_add", people.episode), {"kind": "death", "occurred_on": "0001-01-01"}
    )
    assert response.status_code == 200
    # The timeline takes anticipated events up to three years ahead (dates.LIFE_PLANS).
    assert "Give a date from 1 January 1900 to " in response.content.decode()
    assert not LifeEvent.objects.exists()
    assert owner.get(url("timeline", people.episode)).status_code == 200


@pytest.mark.parametrize("month", ["0000-01", "1899-12", "9999-12"])
def test_a_month_out_of_range_is_refused(people, owner, month):
    response = owner.post(url("timeline_add", people.episode), {"kind": "death", "month": month})
    assert response.status_code == 200
    assert not LifeEvent.objects.exists()


@pytest.mark.parametrize("moment", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_scheduling_near_the_ends_of_the_calendar_is_refused(people, owner, moment):
    builders.start_course(people.owner, people.episode)
    response = owner.post(
        url("course_schedule", people.episode), {"scheduled_for": moment, "count": "3"}
    )
    assert response.status_code == 200
    assert "Give a date from" in response.content.decode()
    assert not Session.objects.exists()


def test_moving_a_session_to_the_year_9999_is_refused(people, owner):
    builders.started_course(people)
    response = owner.post(
        url("course_reschedule", people.episode, 1),
        {"scheduled_for": "9999-12-31T23:59", "reason": "Client is away"},
    )
    assert response.status_code == 200
    assert "Give a date from" in response.content.decode()
    assert Session.objects.get().scheduled_for.year == 2026


def test_follow_ups_near_the_year_9999_are_refused(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=12)
    phq9 = answers_totalling(instruments.QUESTIONNAIRES["phq9"], 6)
    data = {
        "ended_on": date.today().isoformat(),
        "reason": "completed",
        **{f"phq9-item_{key}": str(value) for key, value in phq9.items()},
        "problem_area_progress": "Talks with her sister again.",
        "future_plan": "Keep the weekly call.",
        "follow_up": "booster",
        "follow_up_first_on": "9999-12-25",
        "follow_up_count": "12",
        "follow_up_interval_weeks": "26",
    }
    response = owner.post(url("course_end", people.episode), data)
    assert response.status_code == 200
    assert "Give a date from" in response.content.decode()
    assert not CourseEnding.objects.exists() and not FollowUpSession.objects.exists()


def test_a_date_of_birth_before_1900_is_refused(people, owner):
    response = owner.post(
        reverse("clinic:client_edit", args=[people.client.pk]),
        {
            "given_name": "Robin",
            "family_name": "Example",
            "date_of_birth": "1899-12-31",
            "email": "",
            "phone": "",
            "site": people.client.site_id,
        },
    )
    assert response.status_code == 200
    assert "Give a date from 1 January 1900 to today." in response.content.decode()


# --- unique constraints: a refusal, never a 500 -------------------------------------------


def test_a_duplicate_srm5_week_is_a_message_by_the_field(people, owner):
    builders.course_with_sessions(
        people.owner, people.episode, recorded=0, scheduled=1, modality="ipsrt"
    )
    data = {"week_starting": "2026-09-07", "out_of_bed_0": "07:30"}
    first = owner.post(url("rhythm_week_new", people.episode), data)
    assert first.status_code == 302
    again = owner.post(url("rhythm_week_new", people.episode), data)
    assert again.status_code in (200, 400)
    assert "A week starting on that date is already recorded." in again.content.decode()


def test_the_unique_constraint_itself_refuses_a_second_week(people):
    """Two requests at once both pass any check made before writing; the constraint is
    the check, and its IntegrityError becomes the refusal."""
    times = {"out_of_bed": [None] * 7}
    record_rhythm_week(people.owner, people.episode, week_starting=date(2026, 9, 7), times=times)
    with pytest.raises(RhythmWeekExists):
        record_rhythm_week(
            people.owner, people.episode, week_starting=date(2026, 9, 7), times=times
        )


def test_a_course_started_twice_at_once_is_refused(people):
    builders.start_course(people.owner, people.episode)
    with pytest.raises(CourseStartBlocked, match="a moment ago"):
        protocol_actions._create_plan(
            people.owner,
            people.episode,
            people.episode.intake_screens.get(),
            "",
            None,
            {
                "modality": "individual_ipt",
                "planned_sessions": 12,
                "session_minutes": 50,
                "frequency": "weekly",
                "started_on": builders.START,
            },
        )


def test_a_course_ended_twice_at_once_is_refused(people):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=2)
    ending = {"ended_on": date(2026, 11, 2), "reason": "completed", "follow_up": "none"}
    protocol_actions.end_course(people.owner, plan, **ending)
    with pytest.raises(CourseAlreadyEnded):
        protocol_actions.end_course(people.owner, plan, **ending)
    assert CourseEnding.objects.count() == 1


def test_a_site_name_taken_at_once_is_refused_by_the_field(people, monkeypatch):
    add_site(people.admin, name="Riverside")
    # As if the check before writing had run before the other request committed.
    monkeypatch.setattr("openipt.accounts.staff.site_name_problem", lambda *a, **k: None)
    with pytest.raises(ChangeRefused) as refused:
        add_site(people.admin, name="riverside")
    assert "name" in refused.value.message_dict
