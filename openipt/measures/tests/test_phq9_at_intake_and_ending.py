"""The intake screen's and the course ending's PHQ-9 are full administrations, so item 9
is asked there and raises its flag; a second PHQ-9 for the same occasion asks first."""

from datetime import date

import pytest
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import MeasureAdministration, Respondent, RiskFlag
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol.models import CourseEnding, IntakeScreen
from openipt.protocol.tests import builders

PHQ9 = QUESTIONNAIRES["phq9"]
NO = {"suicidal_crisis": "no", "psychosis": "no", "mania": "no", "severe_dissociation": "no"}
TODAY = date.today()


def phq9_items(total, **overrides):
    """Prefixed form fields; an override adds to the total (answers_totalling)."""
    answers = answers_totalling(PHQ9, total, **overrides)
    return {f"phq9-item_{key}": str(value) for key, value in answers.items()}


def intake_post(**extra):
    return {
        "screened_on": TODAY.isoformat(),
        "symptoms": "Low mood since the move.",
        **NO,
        **extra,
    }


def end_post(**extra):
    return {
        "ended_on": TODAY.isoformat(),
        "reason": "completed",
        "problem_area_progress": "Back in touch with her sister.",
        "future_plan": "Weekly call.",
        "follow_up": "none",
        "follow_up_interval_weeks": "4",
        **extra,
    }


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


def intake_url(people):
    return reverse("clinic:course_intake", args=[people.episode.pk])


def end_url(people):
    return reverse("clinic:course_end", args=[people.episode.pk])


def test_the_intake_form_asks_the_nine_items(people, owner):
    page = owner.get(intake_url(people)).content.decode()
    assert "Thoughts that you would be better off dead" in page
    assert 'name="phq9-item_q9"' in page and 'name="phq9_total"' not in page


def test_item_9_at_intake_raises_a_flag_and_keeps_the_total_in_step(people, owner):
    response = owner.post(intake_url(people), intake_post(**phq9_items(11, q9=1)))
    assert response.status_code == 302
    screen = IntakeScreen.objects.get()
    administration = MeasureAdministration.objects.get()
    assert screen.phq9_total == administration.total == 12
    assert (administration.respondent, administration.administered_on) == (
        Respondent.CLIENT_IN_SESSION,
        TODAY,
    )
    flag = RiskFlag.objects.get()
    assert flag.administration == administration and flag.is_open
    assert AuditEvent.objects.filter(action="risk_flag.raised").count() == 1
    follow = owner.get(response.url)
    assert "safety answer that needs your follow-up" in follow.content.decode()


def test_an_intake_without_the_phq9_records_no_administration(people, owner):
    assert owner.post(intake_url(people), intake_post()).status_code == 302
    assert IntakeScreen.objects.get().phq9_total is None
    assert not MeasureAdministration.objects.exists()


def test_a_partly_answered_phq9_at_intake_writes_nothing(people, owner):
    data = intake_post(**phq9_items(5))
    del data["phq9-item_q9"]
    response = owner.post(intake_url(people), data)
    assert "An answer is needed for “Thoughts of death or self-harm”." in response.content.decode()
    assert not IntakeScreen.objects.exists() and not MeasureAdministration.objects.exists()


def test_item_9_at_the_ending_raises_a_flag_and_sets_the_summary(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=12)
    response = owner.post(end_url(people), end_post(**phq9_items(5, q9=2)))
    assert response.status_code == 302
    ending = CourseEnding.objects.get()
    administration = MeasureAdministration.objects.get()
    assert (administration.total, administration.administered_on) == (7, TODAY)
    # The builder's intake typed 14 (a screen from before the items were asked).
    assert (ending.first_phq9, ending.last_phq9) == (14, 7)
    assert RiskFlag.objects.get().administration == administration


def test_the_ending_summary_comes_from_the_records(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=12)
    for total, day in ((19, date(2026, 9, 10)), (9, date(2026, 11, 20))):
        actions.record_administration(
            people.owner,
            people.episode,
            "phq9",
            answers_totalling(PHQ9, total),
            administered_on=day,
            respondent=Respondent.CLIENT_IN_SESSION,
        )
    page = owner.get(end_url(people)).content.decode()
    assert "PHQ-9 from the records: first 14, latest 9." in page
    assert owner.post(end_url(people), end_post()).status_code == 302
    ending = CourseEnding.objects.get()
    assert (ending.first_phq9, ending.last_phq9) == (14, 9)


def test_an_intake_phq9_is_the_first_when_the_screen_asked_it(people):
    screen, administration = actions.record_intake_screen(
        people.owner,
        people.episode,
        phq9_answers=answers_totalling(PHQ9, 16),
        screened_on=date(2026, 9, 1),
        symptoms="Low mood.",
        fit_answers=[],
        notes="",
        suicidal_crisis=False,
        psychosis=False,
        mania=False,
        severe_dissociation=False,
    )
    assert screen.phq9_total == administration.total == 16
    assert actions.phq9_summary(people.episode) == (16, 16)


# --- a second PHQ-9 for the same occasion ----------------------------------------------


def test_a_second_phq9_for_the_same_session_asks_for_confirmation(people, owner):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=2)
    session = plan.episode.sessions.get(number=2)
    url = reverse("clinic:measure_new", args=[people.episode.pk]) + "?instrument=phq9"
    answers = answers_totalling(PHQ9, 8)
    data = {
        "administered_on": TODAY.isoformat(),
        "respondent": Respondent.CLIENT_IN_SESSION,
        "session": session.pk,
        **{f"item_{key}": str(value) for key, value in answers.items()},
    }
    assert owner.post(url, data).status_code == 302
    response = owner.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "A PHQ-9 is already recorded for session 2" in page
    assert "Yes, record a second PHQ-9 for the same occasion" in page
    assert MeasureAdministration.objects.count() == 1
    assert owner.post(url, data | {"confirm_repeat": "on"}).status_code == 302
    assert MeasureAdministration.objects.filter(session=session).count() == 2


def test_another_session_needs_no_confirmation(people, owner):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=2)
    url = reverse("clinic:measure_new", args=[people.episode.pk]) + "?instrument=phq9"
    answers = {f"item_{k}": str(v) for k, v in answers_totalling(PHQ9, 8).items()}
    for number in (1, 2):
        data = {
            "administered_on": TODAY.isoformat(),
            "respondent": Respondent.CLIENT_IN_SESSION,
            "session": plan.episode.sessions.get(number=number).pk,
            **answers,
        }
        assert owner.post(url, data).status_code == 302
    page = owner.get(url).content.decode()
    assert "Yes, record a second" not in page


def test_a_second_phq9_on_the_intake_day_asks_for_confirmation(people, owner):
    assert owner.post(intake_url(people), intake_post(**phq9_items(10))).status_code == 302
    data = intake_post(**phq9_items(11))
    response = owner.post(intake_url(people), data)
    page = response.content.decode()
    assert f"A PHQ-9 is already recorded on {TODAY.day} {TODAY:%B %Y}" in page
    assert IntakeScreen.objects.count() == 1 and MeasureAdministration.objects.count() == 1
    confirmed = owner.post(intake_url(people), data | {"phq9-confirm_repeat": "on"})
    assert confirmed.status_code == 302
    assert IntakeScreen.objects.count() == 2 and MeasureAdministration.objects.count() == 2
