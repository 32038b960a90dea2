"""FHIR export: every instrument's administration validates as R4 (fhir.resources.R4B)."""

import json
from datetime import date

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from openipt.audit.models import AuditEvent
from openipt.fhir import questionnaire_response as fhir
from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import Respondent
from openipt.measures.tests.builders import answers_totalling

ANSWERS = {
    "phq9": answers_totalling(QUESTIONNAIRES["phq9"], 14, q10=2),
    "gad7": answers_totalling(QUESTIONNAIRES["gad7"], 9),
    "wsas": {
        "work": "na",
        "home_management": 5,
        "social_leisure": 3,
        "private_leisure": 1,
        "close_relationships": 7,
    },
    "phqa": answers_totalling(QUESTIONNAIRES["phqa"], 11, serious_thoughts_past_month="yes"),
}


def administer(people, code, respondent=Respondent.CLIENT_AT_HOME):
    return actions.record_administration(
        people.owner,
        people.episode,
        code,
        ANSWERS[code],
        administered_on=date(2026, 9, 15),
        respondent=respondent,
    )


def export(people, code, **kwargs):
    administration = administer(people, code, **kwargs)
    return administration, fhir.administration_bundle(administration, client=people.client)


@pytest.mark.parametrize("code", sorted(ANSWERS))
def test_every_instrument_exports_a_valid_r4_bundle(people, code):
    administration, data = export(people, code)
    bundle = Bundle.model_validate(data)
    assert bundle.type == "collection"
    response, observation = (entry.resource for entry in bundle.entry)
    assert isinstance(response, QuestionnaireResponse)
    assert isinstance(observation, Observation)
    # Each resource also validates on its own.
    QuestionnaireResponse.model_validate(data["entry"][0]["resource"])
    Observation.model_validate(data["entry"][1]["resource"])
    assert response.status == "completed"
    assert observation.valueQuantity.value == administration.total


def test_the_observation_is_the_loinc_total_derived_from_the_response(people):
    administration, data = export(people, "phq9")
    response_entry, observation_entry = data["entry"]
    observation = observation_entry["resource"]
    assert observation["status"] == "final"
    assert observation["category"][0]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
        "code": "survey",
        "display": "Survey",
    }
    assert observation["code"]["coding"] == [{"system": "http://loinc.org", "code": "44261-6"}]
    assert observation["valueQuantity"] == {
        "value": 14,
        "unit": "{score}",
        "system": "http://unitsofmeasure.org",
        "code": "{score}",
    }
    # derivedFrom resolves inside the bundle.
    assert observation["derivedFrom"] == [{"reference": response_entry["fullUrl"]}]
    assert response_entry["fullUrl"] == f"urn:uuid:{response_entry['resource']['id']}"
    assert observation["effectiveDateTime"] == "2026-09-15"


def test_the_response_points_at_loincs_questionnaire_with_coded_answers(people):
    _, data = export(people, "phq9")
    response = data["entry"][0]["resource"]
    assert response["questionnaire"] == "http://loinc.org/q/44249-1"
    items = {item["linkId"]: item for item in response["item"]}
    # Item 1 answered 3 ("Nearly every day"), item 10 answered 2 ("Very difficult").
    assert items["44250-9"]["answer"] == [
        {
            "valueCoding": {
                "system": "http://loinc.org",
                "code": "LA6571-9",
                "display": "Nearly every day",
            }
        }
    ]
    assert items["69722-7"]["answer"][0]["valueCoding"]["code"] == "LA6575-0"
    assert items["44261-6"]["answer"] == [{"valueInteger": 14}]
    assert response["authored"] == "2026-09-15"


def test_the_client_is_exported_by_pseudonymous_reference_only(people):
    _, data = export(people, "gad7")
    text = json.dumps(data)
    assert people.client.reference in text
    assert people.client.given_name not in text and people.client.family_name not in text
    assert "1985" not in text
    subject = data["entry"][0]["resource"]["subject"]
    assert subject == {
        "type": "Patient",
        "identifier": {
            "system": "urn:openipt:northside:client-reference",
            "value": people.client.reference,
        },
    }


def test_who_answered_is_the_source(people):
    _, by_client = export(people, "gad7", respondent=Respondent.CLIENT_IN_SESSION)
    _, by_clinician = export(people, "gad7", respondent=Respondent.CLINICIAN_RATED)
    assert by_client["entry"][0]["resource"]["source"]["type"] == "Patient"
    source = by_clinician["entry"][0]["resource"]["source"]
    assert source["type"] == "Practitioner" and "display" not in source


def test_wsas_not_applicable_and_phqa_yes_no_answers(people):
    _, wsas = export(people, "wsas")
    response = wsas["entry"][0]["resource"]
    assert response["questionnaire"] == "urn:openipt:questionnaire:wsas|1"
    work = next(item for item in response["item"] if item["linkId"] == "work")
    assert work["answer"][0]["valueCoding"]["code"] == "not-applicable"
    observation = wsas["entry"][1]["resource"]
    assert "coding" not in observation["code"] and observation["code"]["text"] == "WSAS total score"
    assert observation["note"][0]["text"].startswith("Total over 4 items")
    _, phqa = export(people, "phqa")
    items = {item["linkId"]: item for item in phqa["entry"][0]["resource"]["item"]}
    assert items["serious_thoughts_past_month"]["answer"] == [{"valueBoolean": True}]
    assert phqa["entry"][1]["resource"]["code"]["coding"][0]["code"] == "89204-2"


def test_exports_are_stable(people):
    administration = administer(people, "phq9")
    first = fhir.administration_bundle(administration, client=people.client)
    second = fhir.administration_bundle(administration, client=people.client)
    assert first == second


def test_the_endpoint_returns_fhir_json_to_the_clinician_and_audits(people, client):
    administration = administer(people, "phq9")
    url = reverse("clinic:measure_fhir", args=[administration.pk])
    for person in ("owner", "supervisor"):
        client.force_login(getattr(people, person))
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/fhir+json"
        Bundle.model_validate_json(response.content)
    assert AuditEvent.objects.filter(action="measure.fhir_exported").count() == 2
    client.force_login(people.owner)
    assert client.post(url).status_code == 405


def test_the_fhir_export_is_a_named_download(people, client):
    administration = administer(people, "phq9")
    client.force_login(people.owner)
    response = client.get(reverse("clinic:measure_fhir", args=[administration.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert people.client.reference in response["Content-Disposition"]
