"""The staff measure form asks less and adds up (issue 19, item 3): the session defaults to
today's, "who answered" to the last choice, and the page shows the running total."""

import re
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import Respondent
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol.models import Session

PHQ9 = QUESTIONNAIRES["phq9"]


def record_url(people, instrument="phq9"):
    return reverse("clinic:measure_new", args=[people.episode.pk]) + f"?instrument={instrument}"


def session_on(episode, number, day):
    return Session.objects.create(
        episode=episode,
        number=number,
        scheduled_for=timezone.make_aware(datetime(day.year, day.month, day.day, 10)),
    )


def chosen(page, name):
    """The value of the selected option or checked radio of a field, or None."""
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    if select:
        found = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(0))
        return found.group(1) if found else None
    found = re.search(rf'<input type="radio" name="{name}" value="([^"]*)"[^>]*checked', page)
    return found.group(1) if found else None


def test_the_session_defaults_to_the_one_scheduled_today(people, client):
    today = timezone.localdate()
    session_on(people.episode, 1, today - timedelta(days=7))
    todays = session_on(people.episode, 2, today)
    client.force_login(people.owner)
    page = client.get(record_url(people)).content.decode()
    assert chosen(page, "session") == str(todays.pk)


def test_no_session_today_leaves_the_session_empty(people, client):
    session_on(people.episode, 1, timezone.localdate() - timedelta(days=7))
    client.force_login(people.owner)
    page = client.get(record_url(people)).content.decode()
    assert chosen(page, "session") in (None, "")


def test_who_answered_defaults_to_the_last_choice(people, client):
    actions.record_administration(
        people.owner,
        people.episode,
        "gad7",
        answers_totalling(QUESTIONNAIRES["gad7"], 5),
        administered_on=timezone.localdate(),
        respondent=Respondent.CLIENT_AT_HOME,
    )
    client.force_login(people.owner)
    page = client.get(record_url(people)).content.decode()
    assert chosen(page, "respondent") == Respondent.CLIENT_AT_HOME


def test_the_form_shows_a_running_total_with_each_questions_scores(people, client):
    client.force_login(people.owner)
    page = client.get(record_url(people)).content.decode()
    assert "Total so far: <strong data-total>0</strong> of 27" in page
    assert page.count('data-scores="0=0 1=1 2=2 3=3"') == 9  # item 10 adds nothing
    assert "js/running-total.js" in page


def test_a_refused_form_shows_the_total_of_what_was_posted(people, client):
    client.force_login(people.owner)
    data = {"administered_on": "", "respondent": Respondent.CLIENT_IN_SESSION, "session": ""}
    data |= {f"item_{item.key}": "2" for item in PHQ9.items[:4]}
    page = client.post(record_url(people), data).content.decode()
    assert "Total so far: <strong data-total>8</strong> of 27" in page
    assert "<span data-answered>4</span> of 9 scored questions answered" in page
