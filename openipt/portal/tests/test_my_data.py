"""My data: the downloads hold everything, the FHIR bundle validates, deletion is audited."""

import json
from datetime import date

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from openipt.accounts.actions import DeletionAlreadyDecided, decide_deletion
from openipt.accounts.models import DeletionRequest
from openipt.audit.models import AuditEvent
from openipt.measures.actions import record_administration
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import answers_totalling
from openipt.worksheets.models import RelapsePreventionPlan


@pytest.fixture
def held(people):
    episode = people.episode
    administrations = [
        record_administration(
            people.owner,
            episode,
            code,
            answers_totalling(QUESTIONNAIRES[code], total),
            administered_on=date(2026, 9, 8),
            respondent="client_in_session",
        )
        for code, total in (("phq9", 12), ("gad7", 6), ("phq9", 8))
    ]
    homework = [
        episode.homework.create(
            client=people.client, title=title, due_on="2026-09-15", assigned_by=people.owner
        )
        for title in ("Call a friend", "Write down one good moment")
    ]
    plan = RelapsePreventionPlan.objects.create(
        episode=episode, version="1", answers={}, updated_by=people.owner
    )
    # Another client's things must not appear.
    record_administration(
        people.unrelated,
        people.another_client.episodes.get(),
        "wsas",
        answers_totalling(QUESTIONNAIRES["wsas"], 3),
        administered_on=date(2026, 9, 8),
        respondent="client_in_session",
    )
    return administrations, homework, plan


def test_json_holds_every_administration_homework_and_plan_and_the_bundle_validates(
    people, client, held
):
    administrations, homework, plan = held
    client.force_login(people.client_user)
    response = client.get(reverse("portal:my_data_json"))
    assert response.status_code == 200
    data = json.loads(response.content)
    bundle = (
        Bundle.model_validate(data["fhir_bundle"])
        if hasattr(Bundle, "model_validate")
        else Bundle.parse_obj(data["fhir_bundle"])
    )
    kinds = [entry.resource.__resource_type__ for entry in bundle.entry]
    assert kinds.count("Patient") == 1
    assert kinds.count("QuestionnaireResponse") == len(administrations)
    assert kinds.count("Observation") == len(administrations)
    assert people.client.given_name not in json.dumps(data["fhir_bundle"])
    assert {h["id"] for h in data["homework"]} == {h.pk for h in homework}
    assert [p["id"] for p in data["relapse_prevention_plans"]] == [plan.pk]
    assert AuditEvent.objects.filter(action="portal.my_data_json_downloaded").exists()


def test_pdf_summary_downloads(people, client, held):
    client.force_login(people.client_user)
    response = client.get(reverse("portal:my_data_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_deletion_request_goes_to_the_admin_and_its_outcome_is_audited(people, client):
    client.force_login(people.client_user)
    response = client.post(reverse("portal:my_data"), {"reason": "I have moved away."})
    assert response.status_code == 302
    deletion = DeletionRequest.objects.get()
    assert deletion.client == people.client and deletion.is_open
    client.force_login(people.admin)
    page = client.get(reverse("clinic:organisation")).content.decode()
    assert "I have moved away." in page
    response = client.post(
        reverse("clinic:organisation"),
        {
            "deletion": deletion.pk,
            f"d{deletion.pk}-outcome": "kept",
            f"d{deletion.pk}-outcome_reason": "Records kept 8 years.",
        },
    )
    assert response.status_code == 302
    deletion.refresh_from_db()
    assert deletion.outcome == "kept" and deletion.decided_by == people.admin
    actions = list(
        AuditEvent.objects.filter(client=people.client, action__startswith="deletion.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["deletion.requested", "deletion.decided"]
    with pytest.raises(DeletionAlreadyDecided):
        decide_deletion(people.admin, deletion, outcome="erased")


def test_keeping_needs_a_reason(people, client):
    client.force_login(people.client_user)
    client.post(reverse("portal:my_data"), {"reason": ""})
    deletion = DeletionRequest.objects.get()
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:organisation"), {"deletion": deletion.pk, f"d{deletion.pk}-outcome": "kept"}
    )
    assert response.status_code == 400
    deletion.refresh_from_db()
    assert deletion.is_open


def test_a_too_long_reason_is_refused_next_to_the_field(people, client):
    client.force_login(people.client_user)
    response = client.post(reverse("portal:my_data"), {"reason": "x" * 2001})
    assert response.status_code == 400
    assert not DeletionRequest.objects.exists()
