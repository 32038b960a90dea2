"""Boosters and follow-ups are real sessions (issue 14, item 2): recorded with attendance,
how they were held, a PHQ-9, a review of the relapse-prevention plan and a note; a relapse
is kept and points to a new, linked course; the course's outcome is not changed by them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openipt.audit.models import AuditEvent
from openipt.measures import instruments
from openipt.measures.models import MeasureAdministration, RiskFlag
from openipt.measures.tests.builders import answers_totalling
from openipt.outcomes.models import OutcomeSummary
from openipt.outcomes.summaries import recompute
from openipt.protocol import actions
from openipt.protocol.models import FollowUpSession
from openipt.protocol.tests import builders

# The day the booster took place: the form refuses a future date, so yesterday.
BOOSTER_DAY = timezone.localdate() - timedelta(days=1)


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


@pytest.fixture
def booster(people):
    return builders.ended_with_follow_ups(people)


def page_url(booster):
    return reverse("clinic:course_follow_up", args=[booster.episode_id, booster.pk])


def phq9_post(total, q9=0):
    answers = answers_totalling(instruments.QUESTIONNAIRES["phq9"], total, q9=q9)
    return {f"phq9-item_{key}": str(value) for key, value in answers.items() if value is not None}


def attended(**changes):
    return {
        "attendance": "attended",
        "held_on": BOOSTER_DAY.isoformat(),
        "duration_minutes": "50",
        "delivery_mode": "video",
        "warning_signs": "still_fit",
        "symptoms_returned": "none",
        "what_helped": "Walking with a friend on Sundays.",
        "note": "Mood steady; plan still fits.",
    } | changes


# (post data, accepted, message when refused)
RECORDING = [
    (attended(), True, None),
    (attended(symptoms_returned="relapse"), True, None),
    (attended(also_present=["partner"]), True, None),
    ({"attendance": "did_not_attend", "held_on": BOOSTER_DAY.isoformat()}, True, None),
    (attended(warning_signs=""), False, "Review the relapse-prevention plan: choose one."),
    (attended(symptoms_returned=""), False, "Review the relapse-prevention plan: choose one."),
    (attended(duration_minutes=""), False, "Give the length of the session in minutes."),
    (
        {
            "attendance": "did_not_attend",
            "held_on": BOOSTER_DAY.isoformat(),
            "also_present": "parent",
        },
        False,
        "Only an attended session has others present.",
    ),
    (attended(attendance=""), False, "Choose how the session went."),
]


@pytest.mark.parametrize(("data", "accepted", "message"), RECORDING)
def test_recording_a_booster(owner, booster, data, accepted, message):
    response = owner.post(page_url(booster), data)
    booster.refresh_from_db()
    if accepted:
        assert response.status_code == 302
        assert booster.is_recorded and booster.attendance == data["attendance"]
        assert AuditEvent.objects.filter(action="follow_up.recorded").count() == 1
    else:
        assert message in response.content.decode()
        assert not booster.is_recorded
        assert not AuditEvent.objects.filter(action="follow_up.recorded").exists()


def test_a_missed_booster_keeps_no_review(owner, booster):
    owner.post(page_url(booster), attended())
    owner.post(
        page_url(booster), {"attendance": "did_not_attend", "held_on": BOOSTER_DAY.isoformat()}
    )
    booster.refresh_from_db()
    assert (booster.warning_signs, booster.symptoms_returned, booster.what_helped) == ("", "", "")
    assert AuditEvent.objects.filter(action="follow_up.updated").count() == 1


def test_the_phq9_at_a_booster_is_kept_and_flags_risk(owner, booster):
    answers = phq9_post(12, q9=1)
    owner.post(page_url(booster), attended() | answers)
    administration = MeasureAdministration.objects.get(follow_up=booster)
    assert administration.total == sum(int(value) for value in answers.values())
    assert administration.administered_on == BOOSTER_DAY
    assert RiskFlag.objects.filter(administration=administration).exists()
    page = owner.get(page_url(booster)).content.decode()
    assert "PHQ9" in page and "Walking with a friend" in page


def test_boosters_do_not_change_the_course_outcome(people, owner, booster):
    """The outcome figures are the course's: attended sessions and first and last PHQ-9
    up to the ending. A booster after it (its attendance and its PHQ-9) changes neither,
    both as recorded and when the summary is worked out afresh."""
    summary = OutcomeSummary.objects.get(episode=people.episode)
    before = (summary.attended_sessions, summary.phq9_last, summary.phq9_count)
    owner.post(page_url(booster), attended() | phq9_post(20))
    summary.refresh_from_db()
    assert (summary.attended_sessions, summary.phq9_last, summary.phq9_count) == before
    recompute([people.episode.pk])
    summary = OutcomeSummary.objects.get(episode=people.episode)
    assert (summary.attended_sessions, summary.phq9_last, summary.phq9_count) == before


def test_a_relapse_points_to_a_new_linked_course(owner, people, booster):
    owner.post(page_url(booster), attended(symptoms_returned="relapse"))
    page = owner.get(page_url(booster)).content.decode()
    assert "A relapse was recorded at this session" in page
    assert reverse("clinic:episode_new", args=[people.client.pk]) in page
    event = AuditEvent.objects.get(action="follow_up.recorded")
    assert event.facts["symptoms_returned"] == "relapse"
    course_page = owner.get(reverse("clinic:course", args=[people.episode.pk])).content.decode()
    assert page_url(booster) in course_page and "relapse" in course_page


def test_the_supervisor_sees_but_cannot_record(client, people, booster):
    client.force_login(people.supervisor)
    page = client.get(page_url(booster)).content.decode()
    assert "Save the session" not in page
    assert client.post(page_url(booster), attended()).status_code == 403


def test_another_episodes_follow_up_is_not_found(owner, people, booster):
    other = builders.start_course(
        people.owner,
        people.client.episodes.create(
            organisation=people.episode.organisation,
            clinician=people.owner,
            opened_on=date(2027, 1, 4),
        ),
    ).episode
    url = reverse("clinic:course_follow_up", args=[other.pk, booster.pk])
    assert owner.get(url).status_code == 404


def test_existing_follow_up_rows_are_scheduled_sessions(booster):
    # Rows made before this change gain the defaults: scheduled, nothing recorded.
    row = FollowUpSession.objects.get(pk=booster.pk)
    assert row.attendance == "scheduled" and not row.is_recorded and row.also_present == []


def test_the_calendar_lists_follow_ups_on_their_day(owner, people):
    monday = date(2026, 11, 16)
    booster = builders.ended_with_follow_ups(people, count=1, first_on=monday + timedelta(days=2))
    page = owner.get(reverse("clinic:calendar") + f"?week={monday.isoformat()}")
    html = page.content.decode()
    assert page.context["session_count"] == 1
    assert page_url(booster) in html and "booster session after the course" in html
    event = AuditEvent.objects.filter(action="calendar.viewed").latest("pk")
    assert event.client_id == people.client.pk


def test_the_caseload_shows_the_next_booster(owner, people):
    day = timezone.localdate() + timedelta(days=3)
    booster = builders.ended_with_follow_ups(people, count=2, first_on=day)
    html = owner.get(reverse("clinic:caseload")).content.decode()
    assert page_url(booster) in html
    assert f"Booster or maintenance, {day:%a} {day.day} {day:%b}" in html


def test_a_booster_is_recorded_after_the_episode_closed(owner, people):
    plan = builders.start_course(people.owner, people.episode)
    builders.schedule(people.owner, plan, 1)
    actions.end_course(
        people.owner,
        plan,
        ended_on=BOOSTER_DAY - timedelta(weeks=6),
        reason="completed",
        problem_area_progress="Fewer arguments at home.",
        future_plan="Keep the weekly walk with a friend.",
        follow_up="booster",
        follow_up_first_on=BOOSTER_DAY,
        follow_up_count=1,
        close=True,
    )
    booster = people.episode.follow_up_sessions.get()
    assert owner.post(page_url(booster), attended()).status_code == 302
    booster.refresh_from_db()
    assert booster.is_recorded
