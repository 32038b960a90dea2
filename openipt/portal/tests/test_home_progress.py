"""The portal home's coming-up parts and the client's own progress chart."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from openipt.audit.models import AuditEvent
from openipt.measures.actions import record_administration
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol import actions as protocol_actions
from openipt.protocol.tests.builders import start_course


def test_home_shows_next_session_questionnaires_homework_and_comments(people, client):
    plan = start_course(people.owner, people.episode)
    when = timezone.now() + timedelta(days=3)
    protocol_actions.schedule_sessions(people.owner, plan, first_at=when, count=1)
    homework = people.episode.homework.create(
        client=people.client, title="Call a friend", due_on=date.today(), assigned_by=people.owner
    )
    homework.comments.create(text="Well done for trying this week.", author=people.owner)
    client.force_login(people.client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert timezone.localtime(when).strftime("%H:%M") in page
    assert "Fill in your questionnaires" in page and "PHQ-9" in page
    assert "Call a friend" in page
    assert "Well done for trying this week." in page


def test_home_shows_homework_in_one_card(people, client):
    """Issue 19: one "Homework" card holds what is to do and the way to all homework."""
    client.force_login(people.client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert page.count('<h2 id="todo-h">Homework</h2>') == 1
    assert page.count(">Homework</h2>") == 1
    assert reverse("portal:homework") in page and reverse("portal:relapse_plan") in page


def test_home_names_questionnaires_due_in_plain_words(people, client):
    plan = start_course(people.owner, people.episode)
    when = timezone.now() + timedelta(days=3)
    protocol_actions.schedule_sessions(people.owner, plan, first_at=when, count=1)
    client.force_login(people.client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Your mood over the last two weeks (PHQ-9)" in page


def test_home_without_a_course_says_so_plainly(people, client):
    client.force_login(people.client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "No session is booked yet" in page
    assert "You have no homework waiting" in page


def test_progress_uses_plain_band_names_and_only_the_clients_own_scores(people, client):
    for total in (18, 9):
        record_administration(
            people.owner,
            people.episode,
            "phq9",
            answers_totalling(QUESTIONNAIRES["phq9"], total),
            administered_on=date(2026, 9, 8),
            respondent="client_in_session",
        )
    record_administration(
        people.unrelated,
        people.another_client.episodes.get(),
        "gad7",
        answers_totalling(QUESTIONNAIRES["gad7"], 4),
        administered_on=date(2026, 9, 8),
        respondent="client_in_session",
    )
    client.force_login(people.client_user)
    page = client.get(reverse("portal:progress")).content.decode()
    assert "A fairly severe level of depression" in page
    assert "Some signs of depression" in page
    assert "moderately severe" not in page
    assert "GAD-7" not in page
    assert AuditEvent.objects.filter(action="portal.progress_viewed").exists()


def test_home_and_questionnaire_list_name_the_same_next_session(people, client):
    """Issue 19: both pages go by appointments.next_appointment_by_episode."""
    plan = start_course(people.owner, people.episode)
    when = timezone.now() + timedelta(days=3)
    protocol_actions.schedule_sessions(people.owner, plan, first_at=when, count=2)
    client.force_login(people.client_user)
    day = timezone.localtime(when).strftime("%A %-d %B")
    home = client.get(reverse("portal:home")).content.decode()
    listing = client.get(reverse("portal:questionnaires")).content.decode()
    assert day in home and day in listing
