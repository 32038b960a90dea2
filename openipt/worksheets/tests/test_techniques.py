"""Technique records: attached to a session and a problem area; role play uses statements."""

from datetime import date

from django.urls import reverse

from openipt.formulation.models import ProblemArea
from openipt.worksheets import actions
from openipt.worksheets.models import TechniqueRecord

from .builders import session_on


def test_a_role_play_is_recorded_with_its_session_area_and_statement(people, client):
    session = session_on(people.episode, 1, date.today())
    area = ProblemArea.objects.create(
        episode=people.episode, area="role_dispute", chosen_on=date.today(), chosen_by=people.owner
    )
    statement = actions.save_statement(
        people.owner, people.episode, feeling="hurt", situation="x", reason="y", preference="z"
    )
    client.force_login(people.owner)
    url = reverse("clinic:technique_new", args=[people.episode.pk, "role_play"])
    data = {
        "session": session.pk,
        "problem_area": area.pk,
        "statement": statement.pk,
        "person": "My manager",
        "scene": "Asking for fewer late shifts",
        "goal": "Ask calmly",
        "how_it_went": "Steady voice; gave in at the end.",
        "confidence": "5",
        "try_next": "Hold the request\nOffer a compromise",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    row = TechniqueRecord.objects.get()
    assert (row.session, row.problem_area, row.statement) == (session, area, statement)
    assert row.answers["try_next"] == ["Hold the request", "Offer a compromise"]
    page = client.get(reverse("clinic:technique", args=[row.pk])).content.decode()
    assert "Offer a compromise" in page and "I feel hurt" in page
    assert (
        "Role play"
        in client.get(reverse("clinic:techniques", args=[people.episode.pk])).content.decode()
    )


def test_a_technique_needs_a_session_and_its_required_fields(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:technique_new", args=[people.episode.pk, "communication_analysis"])
    response = client.post(url, {"person": "Mum"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page and "Please answer this before submitting." in page
    assert not TechniqueRecord.objects.exists()
    assert (
        client.get(reverse("clinic:technique_new", args=[people.episode.pk, "nope"])).status_code
        == 404
    )


def test_the_readiness_checklist_keeps_only_the_ticks_and_shows_every_item(people, client):
    session = session_on(people.episode, 1, date.today())
    client.force_login(people.owner)
    url = reverse("clinic:technique_new", args=[people.episode.pk, "readiness_to_end"])
    form = client.get(url).content.decode()
    assert 'type="checkbox" name="plan_agreed"' in form
    data = {"session": session.pk, "plan_agreed": "on", "warning_signs": "on", "ready": "7"}
    assert client.post(url, data).status_code == 302
    row = TechniqueRecord.objects.get()
    assert row.answers == {"plan_agreed": True, "warning_signs": True, "ready": 7}
    page = client.get(reverse("clinic:technique", args=[row.pk])).content.decode()
    assert "The relapse-prevention plan" in page and "Not ticked" in page and "Yes" in page


def test_a_handover_needs_where_the_client_goes_and_the_risk_now(people, client):
    session = session_on(people.episode, 1, date.today())
    client.force_login(people.owner)
    url = reverse("clinic:technique_new", args=[people.episode.pk, "handover"])
    data = {"session": session.pk, "response": "PHQ-9 19 at the start, 18 now.", "focus": "Grief"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.content.decode().count("Please answer this before submitting.") == 2
    assert not TechniqueRecord.objects.exists()
