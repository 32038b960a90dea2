"""Homework: the clinician sets it, the client drafts and submits it in the portal, the
clinician reviews and comments, the client sees the comment. Bad input saves nothing."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.caseload.actions import close_episode
from openipt.caseload.models import Client
from openipt.formulation.models import InventoryPerson, PersonVersion
from openipt.protocol.tests.builders import started_course
from openipt.testing.people import make_client
from openipt.worksheets import actions, queries
from openipt.worksheets.models import Homework, HomeworkStatus

from .builders import CONVERSATION, assign, session_on


def form_data(answers, action):
    data = {k: "\n".join(v) if isinstance(v, list) else v for k, v in answers.items()}
    return {**data, "action": action}


def test_the_clinician_sets_a_worksheet_due_at_the_next_session(people, client):
    upcoming = session_on(people.episode, 1, date.today() + timedelta(days=5))
    client.force_login(people.owner)
    url = reverse("clinic:homework_assign", args=[people.episode.pk])
    page = client.get(url).content.decode()
    assert f'value="{upcoming.scheduled_for.date():%Y-%m-%d}"' in page
    response = client.post(
        url,
        {
            "worksheet": "conversation_prep",
            "title": "",
            "instructions": "Try it.",
            "due_on": f"{upcoming.scheduled_for:%Y-%m-%d}",
        },
    )
    assert response.status_code == 302
    homework = Homework.objects.get()
    assert homework.title == "Conversation preparation"
    assert homework.client == people.client and homework.worksheet_version == "2"
    assert AuditEvent.objects.filter(action="homework.assigned", client=people.client).exists()


def test_a_task_needs_a_title_and_instructions(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:homework_assign", args=[people.episode.pk])
    response = client.post(url, {"worksheet": "", "due_on": f"{date.today():%Y-%m-%d}"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the task a short title." in page and "Describe the task for the client." in page
    assert not Homework.objects.exists()


def test_the_supervisor_sees_homework_but_cannot_set_or_comment(people, client):
    homework = assign(people)
    client.force_login(people.supervisor)
    assert client.get(reverse("clinic:homework", args=[people.episode.pk])).status_code == 200
    assert (
        client.get(reverse("clinic:homework_assign", args=[people.episode.pk])).status_code == 403
    )
    url = reverse("clinic:homework_detail", args=[homework.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "Well done"}).status_code == 403
    assert not homework.comments.exists()


def test_draft_return_submit_comment_and_the_client_sees_it(people, client):
    homework = assign(people)
    url = reverse("portal:homework_detail", args=[homework.pk])
    client.force_login(people.client_user)
    draft = {"goal": "Agree the weekends.", "their_reaction": ["Busy", "Defensive"]}
    assert client.post(url, form_data(draft, "draft")).status_code == 302
    homework.refresh_from_db()
    assert homework.status == HomeworkStatus.DRAFT
    assert homework.answers == draft
    # Coming back shows the draft in the form.
    page = client.get(url).content.decode()
    assert "Agree the weekends." in page and "Busy\nDefensive" in page

    answers = {**CONVERSATION, "person": "My brother"}
    assert client.post(url, form_data(answers, "submit")).status_code == 302
    homework.refresh_from_db()
    assert homework.is_submitted and homework.answers["readiness"] == 6

    # The clinician sees it for review, comments, and it leaves the review list.
    review = queries.homework_for_review(people.episode)
    assert review["submitted"] == [homework]
    client.force_login(people.owner)
    detail = reverse("clinic:homework_detail", args=[homework.pk])
    assert "Agree how we share looking after Dad." in client.get(detail).content.decode()
    assert client.post(detail, {"text": "Good plan. Let us rehearse it."}).status_code == 302
    homework.refresh_from_db()
    assert homework.reviewed_at is not None
    assert queries.homework_for_review(people.episode)["submitted"] == []

    client.force_login(people.client_user)
    page = client.get(url).content.decode()
    assert "Good plan. Let us rehearse it." in page
    actions_seen = set(
        AuditEvent.objects.filter(client=people.client).values_list("action", flat=True)
    )
    assert {
        "homework.draft_saved",
        "homework.submitted",
        "homework.commented",
        "portal.homework_viewed",
    } <= actions_seen


def test_an_empty_required_field_is_marked_and_the_draft_is_kept(people, client):
    homework = assign(people)
    actions.save_draft(people.client_user, homework, {"goal": "First thoughts"})
    client.force_login(people.client_user)
    url = reverse("portal:homework_detail", args=[homework.pk])
    response = client.post(url, form_data({"goal": "", "opening": "Hello"}, "submit"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_goal_error">Please answer this before submitting.' in page
    assert "nothing has been saved" in page
    homework.refresh_from_db()
    assert homework.status == HomeworkStatus.DRAFT
    assert homework.answers == {"goal": "First thoughts"}


def test_an_invalid_rating_saves_no_draft(people, client):
    homework = assign(people)
    client.force_login(people.client_user)
    url = reverse("portal:homework_detail", args=[homework.pk])
    response = client.post(url, form_data({"goal": "x", "readiness": "12"}, "draft"))
    assert response.status_code == 400
    homework.refresh_from_db()
    assert homework.answers == {} and homework.status == HomeworkStatus.ASSIGNED


def test_submitted_homework_cannot_be_changed(people, client):
    homework = assign(people)
    actions.submit_homework(people.client_user, homework, CONVERSATION)
    client.force_login(people.client_user)
    url = reverse("portal:homework_detail", args=[homework.pk])
    client.post(url, form_data({"goal": "changed"}, "draft"))
    homework.refresh_from_db()
    assert homework.answers["goal"] == CONVERSATION["goal"]
    with pytest.raises(actions.HomeworkClosed):
        actions.save_draft(people.client_user, homework, {"goal": "changed"})


@pytest.mark.parametrize("action", ["draft", "submit"])
def test_homework_sent_from_another_window_meanwhile_stays_as_sent(
    people, client, monkeypatch, action
):
    """The page was read before the homework was sent from another window; the POST finds
    it sent when it locks it, and says so instead of failing (it used to answer 500)."""
    homework = assign(people)
    own_homework = queries.own_homework

    def sent_meanwhile(owner, pk):
        read = own_homework(owner, pk)
        actions.submit_homework(people.client_user, Homework.objects.get(pk=pk), CONVERSATION)
        return read

    monkeypatch.setattr(queries, "own_homework", sent_meanwhile)
    client.force_login(people.client_user)
    url = reverse("portal:homework_detail", args=[homework.pk])
    response = client.post(url, form_data({**CONVERSATION, "goal": "changed"}, action))
    assert response.status_code == 302
    homework.refresh_from_db()
    assert homework.answers["goal"] == CONVERSATION["goal"]
    assert homework.status == HomeworkStatus.SUBMITTED


def test_a_client_cannot_open_another_clients_homework(people, client):
    homework = assign(people)
    client.force_login(people.another_client_user)
    for name in ("portal:homework_detail", "portal:homework_pdf"):
        assert client.get(reverse(name, args=[homework.pk])).status_code == 404
    response = client.post(
        reverse("portal:homework_detail", args=[homework.pk]), {"action": "submit"}
    )
    assert response.status_code == 404
    assert "conversation" not in client.get(reverse("portal:homework")).content.decode().lower()


def test_person_fields_offer_the_inventory_people(people, client):
    person = InventoryPerson.objects.create(episode=people.episode, created_by=people.owner)
    PersonVersion.objects.create(
        person=person,
        recorded_on=date.today(),
        label="Sam (brother)",
        relationship="sibling",
        circle="inner",
        contact="weekly",
        quality="both",
        recorded_by=people.owner,
    )
    homework = assign(people)
    client.force_login(people.client_user)
    page = client.get(reverse("portal:homework_detail", args=[homework.pk])).content.decode()
    assert '<option value="Sam (brother)">Sam (brother)</option>' in page
    response = client.post(
        reverse("portal:homework_detail", args=[homework.pk]),
        form_data({**CONVERSATION, "person": "Someone invented"}, "submit"),
    )
    assert response.status_code == 400


def test_overdue_and_review_queries(people):
    yesterday = date.today() - timedelta(days=1)
    late = assign(people, due_on=yesterday)
    assign(people, due_on=date.today() + timedelta(days=10))
    done = actions.submit_homework(
        people.client_user, assign(people, due_on=yesterday), CONVERSATION
    )
    assert queries.overdue_counts([people.client.pk, people.another_client.pk]) == {
        people.client.pk: 1
    }
    review = queries.homework_for_review(people.episode)
    assert review["due"] == [late] and review["submitted"] == [done]
    assert late.is_overdue(date.today()) and not done.is_overdue(date.today())


def clients_with_homework(people, count):
    clients = [people.client] + [make_client(people.owner, f"Extra{i}") for i in range(count - 1)]
    for each in clients:
        assign(people, due_on=date.today() - timedelta(days=2), episode=each.episodes.get())
    return clients


@pytest.mark.parametrize("count", [1, 5])
def test_overdue_counts_for_the_caseload_take_one_query(people, count):
    clients = clients_with_homework(people, count)
    ids = [c.pk for c in clients]
    with CaptureQueriesContext(connection) as ctx:
        annotated = list(queries.with_overdue_homework(Client.objects.filter(pk__in=ids)))
        counts = {c.pk: c.overdue_homework for c in annotated}
    assert len(ctx.captured_queries) == 1
    assert set(counts.values()) == {1}
    with CaptureQueriesContext(connection) as ctx:
        assert queries.overdue_counts(ids) == dict.fromkeys(ids, 1)
    assert len(ctx.captured_queries) == 1


@pytest.mark.parametrize("rows", [1, 5])
def test_the_clinic_homework_list_query_count(people, client, rows):
    for _ in range(rows):
        assign(people)
    client.force_login(people.owner)
    url = reverse("clinic:homework", args=[people.episode.pk])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) == 12


@pytest.mark.parametrize("rows", [1, 5])
def test_the_portal_homework_list_query_count(people, client, rows):
    for _ in range(rows):
        assign(people)
    client.force_login(people.client_user)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("portal:homework")).content.decode()
    assert page.count("Conversation preparation") == rows
    assert len(ctx.captured_queries) == 9


def test_homework_stays_listed_for_the_client_after_the_episode_closes(people, client):
    assign(people)
    close_episode(people.owner, people.episode, closed_on=date.today())
    client.force_login(people.client_user)
    assert "Conversation preparation" in client.get(reverse("portal:homework")).content.decode()


def test_overdue_homework_shows_on_the_caseload(people, client):
    assign(people, due_on=date.today() - timedelta(days=2))
    client.force_login(people.owner)
    page = client.get(reverse("clinic:caseload")).content.decode()
    assert "1 overdue homework" in page


def test_submitted_homework_is_on_the_next_session_agenda(people, client):

    episode = started_course(people)
    homework = assign(people, title="Talk to my sister")
    actions.submit_homework(people.client_user, homework, CONVERSATION)
    client.force_login(people.owner)
    page = client.get(reverse("clinic:course_session", args=[episode.pk, 1])).content.decode()
    assert "Homework review" in page
    assert "Talk to my sister" in page


def test_a_sheet_answered_on_an_earlier_version_keeps_its_prompts(people, client):
    """Relationship roles changed its prompts in version 2; a sheet submitted on version 1
    is still shown with the prompts the client answered."""
    homework = assign(people, worksheet="relationship_roles")
    Homework.objects.filter(pk=homework.pk).update(
        worksheet_version="1",
        status=HomeworkStatus.SUBMITTED,
        answers={"i_expect": ["Help with the children"], "they_expect": ["Dinner on time"]},
    )
    client.force_login(people.owner)
    page = client.get(reverse("clinic:homework_detail", args=[homework.pk])).content.decode()
    assert "What I expect of them" in page and "Help with the children" in page
    assert "Dinner on time" in page
    assert "I often end up being the one who" not in page
