"""The course page as the one place to work from (issue 19, item 1): the episode's latest
scores, homework, formulation and relapse-prevention plan a click away; after the last
planned session the primary step is the relapse-prevention plan, then the ending; the
episode page and the course page lead to each other's tools."""

from datetime import date, timedelta

from django.urls import reverse

from openipt.measures import instruments
from openipt.measures.actions import record_administration
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol.tests import builders
from openipt.worksheets.actions import assign_homework, save_relapse_plan


def url(name, episode):
    return reverse(f"clinic:{name}", args=[episode.pk])


def primary_buttons(page):
    """The hrefs of the primary buttons (class exactly "button") on the page."""
    return [part.split('"', 1)[0] for part in page.split('class="button" href="')[1:]]


def give(people, code, total, day):
    return record_administration(
        people.owner,
        people.episode,
        code,
        answers_totalling(instruments.QUESTIONNAIRES[code], total),
        administered_on=day,
        respondent="client_in_session",
    )


def test_the_course_page_shows_the_latest_scores_with_their_band(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=2)
    give(people, "phq9", 17, date.today() - timedelta(days=14))
    latest = give(people, "phq9", 8, date.today() - timedelta(days=7))
    give(people, "gad7", 12, date.today() - timedelta(days=7))
    client.force_login(people.owner)
    page = client.get(url("course", people.episode)).content.decode()
    assert reverse("clinic:measure", args=[latest.pk]) in page
    assert "PHQ-9 8" in page and "(mild," in page
    assert "GAD-7 12" in page and "(moderate," in page
    assert "PHQ-9 17" not in page  # only the latest of each


def test_the_course_page_counts_homework_and_links_to_the_episode_tools(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=2)
    for due in (date.today() + timedelta(days=3), date.today() - timedelta(days=3)):
        assign_homework(
            people.owner,
            people.episode,
            worksheet="",
            title="Call a friend",
            instructions="",
            due_on=due,
        )
    client.force_login(people.owner)
    page = client.get(url("course", people.episode)).content.decode()
    assert "1 set, 0 awaiting review, 1 overdue" in page
    for tool in ("homework", "formulation", "relapse_plan", "measure_new", "episode"):
        assert f'href="{url(tool, people.episode)}' in page, tool
    assert "not written yet" in page


def test_after_the_last_session_the_primary_step_is_the_relapse_plan_then_the_end(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=12)
    client.force_login(people.owner)
    page = client.get(url("course", people.episode)).content.decode()
    assert primary_buttons(page) == [url("relapse_plan", people.episode)]
    save_relapse_plan(people.owner, people.episode, {"warning_signs": "Sleeping badly"})
    page = client.get(url("course", people.episode)).content.decode()
    assert primary_buttons(page) == [url("course_end", people.episode)]


def test_during_the_course_the_primary_step_is_the_next_session(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=3, scheduled=4)
    client.force_login(people.owner)
    page = client.get(url("course", people.episode)).content.decode()
    session_4 = reverse("clinic:course_session", args=[people.episode.pk, 4])
    assert primary_buttons(page) == [session_4]
    assert "Next: the relapse-prevention plan" not in page


def test_the_episode_page_starts_a_course_with_the_intake_screen(people, client):
    client.force_login(people.owner)
    page = client.get(url("episode", people.episode)).content.decode()
    assert f'href="{url("course_start", people.episode)}">Start a course with the intake' in page
    response = client.get(url("course_start", people.episode), follow=True)
    assert response.redirect_chain[-1][0] == url("course_intake", people.episode)
    assert "A course begins with the intake screen" in response.content.decode()


def test_the_episode_page_leads_to_the_course_tools(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=1)
    client.force_login(people.owner)
    page = client.get(url("episode", people.episode)).content.decode()
    assert f'href="{url("course", people.episode)}"' in page
    assert f'href="{url("course_fidelity", people.episode)}"' in page


def test_a_saved_relapse_plan_leads_on_to_the_ending(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=12)
    client.force_login(people.owner)
    page = client.get(url("relapse_plan", people.episode)).content.decode()
    assert url("course_end", people.episode) not in page  # nothing written yet
    save_relapse_plan(people.owner, people.episode, {"warning_signs": "Sleeping badly"})
    page = client.get(url("relapse_plan", people.episode)).content.decode()
    assert f'class="button" href="{url("course_end", people.episode)}">Next: end the course' in page


def test_a_draft_relapse_plan_is_finished_before_the_ending(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=12)
    save_relapse_plan(people.owner, people.episode, {"warning_signs": ["x"]}, draft=True)
    client.force_login(people.owner)
    page = client.get(url("course", people.episode)).content.decode()
    assert primary_buttons(page) == [url("relapse_plan", people.episode)]
    assert "Finish the relapse-prevention plan" in page and "a draft, not finished" in page
    page = client.get(url("relapse_plan", people.episode)).content.decode()
    assert "Next: end the course" not in page


def test_without_a_plan_the_course_can_still_be_ended(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=12)
    client.force_login(people.owner)
    page = client.get(url("course", people.episode)).content.decode()
    assert f'class="button secondary" href="{url("course_end", people.episode)}"' in page
