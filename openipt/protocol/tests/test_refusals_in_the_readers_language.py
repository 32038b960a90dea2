"""The course's refusals in the reader's language (issue 16): a message an action raises is
translated where it is raised, with its facts as named placeholders, never English joined
to English, so the page that shows it (`str(refused)`) reads whole in Dutch or French."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from openipt.accounts.models import Role
from openipt.protocol import actions, start_rules, tapering
from openipt.protocol.models import IntakeScreen, Session, SignedRecordLocked
from openipt.protocol.tests import builders
from openipt.testing.people import make_client, make_user


def start_form():
    return {
        "modality": "individual_ipt",
        "planned_sessions": "12",
        "session_minutes": "50",
        "frequency": "weekly",
        "started_on": builders.START.isoformat(),
    }


def start_without_the_rules(people):
    return actions.start_course(
        people.owner,
        people.episode,
        modality="individual_ipt",
        planned_sessions=12,
        session_minutes=50,
        frequency="weekly",
        started_on=builders.START,
    )


def test_a_course_started_without_an_intake_screen_is_refused_in_dutch(people):
    with translation.override("nl"), pytest.raises(actions.CourseStartBlocked) as refused:
        start_without_the_rules(people)
    assert str(refused.value) == (
        "Leg eerst de intakescreening vast voordat u een behandeling start."
    )


def test_the_start_page_names_the_exclusion_found_in_the_readers_language(people, client):
    builders.record_intake(people.owner, people.episode, psychosis=True, suicidal_crisis=True)
    people.owner.language = "nl"
    people.owner.save(update_fields=["language"])
    client.force_login(people.owner)
    page = client.post(reverse("clinic:course_start", args=[people.episode.pk]), start_form())
    text = page.content.decode()
    # The labels come translated from the intake screen; the sentence around them too.
    assert "De intakescreening vond acute suïcidale crisis, psychose, dus IPT" in text
    assert "so IPT is not suitable" not in text and "Psychosis" not in text


def test_a_course_started_a_moment_ago_is_refused_in_french(people):
    builders.start_course(people.owner, people.episode)
    with translation.override("fr"), pytest.raises(actions.CourseStartBlocked) as refused:
        start_without_the_rules(people)
    assert str(refused.value).startswith("Un parcours vient d’être commencé pour cet épisode")


@pytest.mark.parametrize(
    ("reasons", "language", "words"),
    [
        (["role"], "nl", "uw organisatie staat niet toe dat uw rol deze behandelvorm start."),
        (["training"], "fr", "aucune formation certifiée ou validée n’est enregistrée pour"),
        (["role", "training"], "nl", "deze behandelvorm start, en er is geen gecertificeerde"),
    ],
)
def test_a_held_start_says_why_in_whole_sentences_of_the_readers_language(reasons, language, words):
    with translation.override(language):
        explained = start_rules.explain(reasons, "individual_ipt")
    assert words in explained
    assert " and " not in explained and "supervisor's approval" not in explained


def test_the_held_start_page_and_the_supervisors_reasons_are_in_the_readers_language(
    people, client
):
    counsellor = make_user(
        people.owner.organisation, "cora", Role.COUNSELLOR, supervisor=people.supervisor
    )
    counsellor.language = "fr"
    counsellor.save(update_fields=["language"])
    episode = make_client(counsellor, "Lee").episodes.get()
    builders.record_intake(counsellor, episode)
    client.force_login(counsellor)
    page = client.post(reverse("clinic:course_start", args=[episode.pk]), start_form())
    assert "attend l’accord de votre superviseur" in page.content.decode()
    people.supervisor.language = "nl"
    people.supervisor.save(update_fields=["language"])
    client.force_login(people.supervisor)
    supervision = client.get(reverse("clinic:supervision")).content.decode()
    assert "de rol van de behandelaar mag deze niet starten" in supervision


def test_a_signed_session_refuses_a_change_in_dutch(people):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=0, scheduled=1)
    session = plan.episode.sessions.get(number=1)
    builders.signed_note(people.owner, plan, session)
    fresh = Session.objects.get(pk=session.pk)
    fresh.duration_minutes = 5
    with translation.override("nl"), pytest.raises(SignedRecordLocked) as refused:
        fresh.save()
    assert str(refused.value) == "Sessie 1 is ondertekend en kan niet meer veranderen."
    with translation.override("fr"), pytest.raises(SignedRecordLocked) as refused:
        Session.objects.filter(pk=session.pk).update(duration_minutes=5)
    assert str(refused.value) == "Une séance signée ne peut plus changer."


def test_an_alert_sent_to_another_supervisor_is_refused_in_dutch(people):
    builders.started_course(people)
    alert = actions.alert_supervisor(
        people.owner, people.episode, [actions.escalation.Reason("phq9_step_up", "PHQ-9 22.")]
    )
    with translation.override("nl"), pytest.raises(actions.AlertRefused) as refused:
        actions.acknowledge_supervisor_alert(people.other_supervisor, alert)
    assert str(refused.value) == "Deze melding is naar een andere supervisor gestuurd."


def test_a_safety_answer_at_intake_is_named_in_the_readers_language():
    screen = IntakeScreen(screened_on=date(2026, 9, 7), psychosis=True, phq9_safety_answer=True)
    with translation.override("fr"):
        assert screen.risk_findings == [
            "psychose",
            "une réponse de sécurité à l’item 9 du PHQ-9 (pensées d’automutilation)",
        ]


def test_a_taper_outside_the_plan_is_refused_in_french():
    with translation.override("fr"):
        problems = tapering.taper_problems("weekly", 12, 14, 5)
    assert problems == [
        ("fortnightly_from", "Indiquez une séance entre 2 et 12."),
        (
            "monthly_from",
            "Les séances mensuelles commencent après le début des séances toutes les deux "
            "semaines.",
        ),
    ]
