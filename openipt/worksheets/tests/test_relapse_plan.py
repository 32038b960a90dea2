"""The relapse-prevention plan: written by the clinician, kept by the client after the end."""

from datetime import date

from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.caseload.actions import close_episode
from openipt.protocol import readings
from openipt.worksheets.actions import save_relapse_plan
from openipt.worksheets.models import RelapsePreventionPlan

PLAN = {
    "warning_signs": "Staying in bed\nNot answering messages",
    "triggers": "Arguments about money",
    "contacts": "Priya, by phone",
    "skills": "Saying what I need",
    "if_worse": "Call Priya and book a GP appointment.",
    "come_back": "If low mood lasts two weeks.",
    "booster_on": "2027-02-01",
}


def test_the_clinician_writes_the_plan_and_the_client_keeps_it_after_closing(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:relapse_plan", args=[people.episode.pk])
    assert client.post(url, PLAN).status_code == 302
    plan = RelapsePreventionPlan.objects.get()
    assert plan.answers["warning_signs"] == ["Staying in bed", "Not answering messages"]
    assert plan.booster_on == date(2027, 2, 1)
    assert AuditEvent.objects.filter(action="relapse_plan.created").exists()
    close_episode(people.owner, people.episode, closed_on=date.today())

    client.force_login(people.client_user)
    page = client.get(reverse("portal:relapse_plan")).content.decode()
    assert "Not answering messages" in page and "1 February 2027" in page
    client.force_login(people.another_client_user)
    assert (
        "Not answering messages" not in client.get(reverse("portal:relapse_plan")).content.decode()
    )


def test_missing_parts_of_the_plan_are_marked_and_nothing_is_saved(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:relapse_plan", args=[people.episode.pk])
    response = client.post(url, {**PLAN, "if_worse": ""})
    assert response.status_code == 400
    assert (
        'id="id_if_worse_error">Please answer this before submitting.' in response.content.decode()
    )
    assert not RelapsePreventionPlan.objects.exists()


def test_the_supervisor_reads_but_cannot_write_the_plan(people, client):
    client.force_login(people.supervisor)
    url = reverse("clinic:relapse_plan", args=[people.episode.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, PLAN).status_code == 403


# --- a draft (issue 19, item 3) ----------------------------------------------------------


def test_a_half_written_plan_is_saved_as_a_draft_the_client_cannot_see(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:relapse_plan", args=[people.episode.pk])
    response = client.post(url, {"warning_signs": "Staying in bed", "draft": "1"})
    assert response.status_code == 302
    plan = RelapsePreventionPlan.objects.get()
    assert plan.is_draft and plan.answers["warning_signs"] == ["Staying in bed"]
    assert AuditEvent.objects.filter(action="relapse_plan.draft_saved").exists()
    page = client.get(url).content.decode()
    assert "a draft the client cannot see yet" in page
    client.force_login(people.client_user)
    assert "Staying in bed" not in client.get(reverse("portal:relapse_plan")).content.decode()


def test_a_finished_plan_still_needs_its_required_answers(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:relapse_plan", args=[people.episode.pk])
    client.post(url, {"warning_signs": "Staying in bed", "draft": "1"})
    response = client.post(url, {"warning_signs": "Staying in bed"})
    assert response.status_code == 400
    assert RelapsePreventionPlan.objects.get().is_draft
    assert client.post(url, PLAN).status_code == 302
    assert not RelapsePreventionPlan.objects.get().is_draft
    assert AuditEvent.objects.filter(action="relapse_plan.created").exists()


def test_a_draft_is_not_a_written_plan_for_fidelity(people):
    save_relapse_plan(people.owner, people.episode, {"warning_signs": ["x"]}, draft=True)
    assert readings.relapse_plan_episodes([people.episode.pk]) == set()
    save_relapse_plan(people.owner, people.episode, {"warning_signs": ["x"]})
    assert readings.relapse_plan_episodes([people.episode.pk]) == {people.episode.pk}
