"""After a progress note is signed, the page offers one primary button to the course's
next step (issue 19): the next session, then the relapse-prevention plan, then the ending."""

import re

import pytest
from django.urls import reverse

from openipt.protocol.tests import builders
from openipt.worksheets.models import RelapsePreventionPlan

HTMX = {"HTTP_HX_REQUEST": "true"}
SIGN = {"note-text": "Worked on the dispute.", "sign": "1"}


def note_url(session):
    return reverse("clinic:session_note", args=[session.episode_id, session.number])


def next_button(page):
    """The one primary step offered: (href, words), or None."""
    found = re.findall(r'<a class="button" id="next-step" href="([^"]+)">([^<]+)</a>', page)
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture
def owner(client, people):
    client.force_login(people.owner)
    return client


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_signing_offers_the_next_session(owner, people, htmx):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=0, scheduled=2)
    first = plan.episode.sessions.get(number=1)
    builders.record(people.owner, plan, first)
    if htmx:
        page = owner.post(note_url(first), SIGN, **HTMX).content.decode()
    else:
        page = owner.post(note_url(first), SIGN, follow=True).content.decode()
    assert 'class="primary">Add a signed addendum' not in page
    session_two = reverse("clinic:course_session", args=[people.episode.pk, 2])
    assert next_button(page) == (session_two, "Record session 2")


def test_a_session_not_scheduled_yet_is_to_schedule(owner, people):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=1, scheduled=1)
    first = plan.episode.sessions.get(number=1)
    page = owner.post(note_url(first), SIGN, follow=True).content.decode()
    schedule = reverse("clinic:course_schedule", args=[people.episode.pk])
    assert next_button(page) == (schedule, "Schedule session 2")


def test_after_the_last_session_the_plan_then_the_ending(owner, people):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=8, planned=8)
    last = plan.episode.sessions.get(number=8)
    page = owner.post(note_url(last), SIGN, follow=True).content.decode()
    relapse = reverse("clinic:relapse_plan", args=[people.episode.pk])
    assert next_button(page) == (relapse, "Write the relapse-prevention plan")
    RelapsePreventionPlan.objects.create(
        episode=people.episode, version="1", updated_by=people.owner
    )
    page = owner.get(reverse("clinic:course_session", args=[people.episode.pk, 8])).content
    ending = reverse("clinic:course_end", args=[people.episode.pk])
    assert next_button(page.decode()) == (ending, "End the course")


def test_no_next_step_before_the_note_is_signed(owner, people):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=1, scheduled=2)
    page = owner.get(reverse("clinic:course_session", args=[plan.episode_id, 1])).content
    assert next_button(page.decode()) is None
