"""A measure administration as FHIR R4: a QuestionnaireResponse with the answers, and an
Observation for the total that is derivedFrom it, together in a collection Bundle.

Plain dicts, built from the instrument definitions; the tests validate them with
fhir.resources.R4B. Choices are documented in docs/measures.md (FHIR export).
"""

import uuid

from openipt.measures.instruments.base import Item

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
# Stable resource ids: the same administration always exports with the same ids.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:openipt:fhir")
SCORE_UNIT = "{score}"


def questionnaire_canonical(definition):
    """LOINC's Questionnaire where there is one; our own URN (with version) otherwise."""
    if definition.loinc_panel:
        return f"{LOINC}/q/{definition.loinc_panel}"
    return f"urn:openipt:questionnaire:{definition.code}|{definition.version}"


def client_identifier_system(organisation_slug):
    return f"urn:openipt:{organisation_slug}:client-reference"


def patient_reference(client, organisation_slug):
    """The client by pseudonymous reference only: no name, no date of birth."""
    return {
        "type": "Patient",
        "identifier": {
            "system": client_identifier_system(organisation_slug),
            "value": client.reference,
        },
    }


def staff_identifier_system(organisation_slug):
    return f"urn:openipt:{organisation_slug}:staff"


def staff_identifier(organisation_id, user_id):
    """A stable pseudonym for a member of staff: the same person always exports with the
    same value, and nothing in it is a name, a username or an e-mail address."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{organisation_id}/Practitioner/{user_id}"))


def practitioner_reference(user_id, organisation_id, organisation_slug):
    """A member of staff by pseudonymous identifier only."""
    return {
        "type": "Practitioner",
        "identifier": {
            "system": staff_identifier_system(organisation_slug),
            "value": staff_identifier(organisation_id, user_id),
        },
    }


def author_reference(administration, client, subject):
    """Who recorded the answers: the client themselves (a questionnaire sent from the
    portal) by the same reference as the subject, else the member of staff by pseudonym."""
    if client.user_id is not None and administration.recorded_by_id == client.user_id:
        return subject
    organisation = administration.organisation
    return practitioner_reference(administration.recorded_by_id, organisation.pk, organisation.slug)


def resource_id(kind, administration):
    name = f"{administration.organisation_id}/{kind}/{administration.pk}"
    return str(uuid.uuid5(ID_NAMESPACE, name))


def administration_bundle(administration, *, client):
    """A collection Bundle: the QuestionnaireResponse, then the total's Observation."""
    slug = administration.organisation.slug
    subject = patient_reference(client, slug)
    response_id = resource_id("QuestionnaireResponse", administration)
    observation_id = resource_id("Observation", administration)
    return {
        "resourceType": "Bundle",
        "id": resource_id("Bundle", administration),
        "type": "collection",
        "entry": [
            {
                "fullUrl": f"urn:uuid:{response_id}",
                "resource": questionnaire_response(
                    administration,
                    response_id,
                    subject,
                    author_reference(administration, client, subject),
                ),
            },
            {
                "fullUrl": f"urn:uuid:{observation_id}",
                "resource": total_observation(
                    administration, observation_id, subject, derived_from=response_id
                ),
            },
        ],
    }


def questionnaire_response(administration, resource_id, subject, author):
    """Subject, author and source are references by pseudonymous identifier: no names."""
    definition = administration.definition
    from_client = administration.respondent != "clinician_rated"
    items = [
        _item(item, administration.answers.get(item.key))
        for item in definition.items
        if administration.answers.get(item.key) is not None
    ]
    items.append(_total_item(definition, administration.total))
    return {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id,
        # The language the questions were asked in (BCP-47): the score does not depend on it.
        "language": administration.language,
        "questionnaire": questionnaire_canonical(definition),
        "status": "completed",
        "subject": subject,
        "authored": administration.administered_on.isoformat(),
        "author": author,
        "source": subject if from_client else author,
        "item": items,
    }


def _item(item: Item, value):
    return {
        # LOINC item codes where they exist (stable across LOINC's Questionnaire versions,
        # whose own linkIds are internal numbers); our item key otherwise.
        "linkId": item.loinc or item.key,
        "text": item.text or item.label,
        "answer": [_answer(item, value)],
    }


def _answer(item: Item, value):
    option = item.option_for(value)
    if option.score is None and value == "na":
        coding = {
            "system": DATA_ABSENT_REASON,
            "code": "not-applicable",
            "display": "Not Applicable",
        }
        return {"valueCoding": coding}
    if option.loinc:
        return {"valueCoding": {"system": LOINC, "code": option.loinc, "display": option.label}}
    if value in ("yes", "no"):
        return {"valueBoolean": value == "yes"}
    return {"valueInteger": value}


def _total_item(definition, total):
    return {
        "linkId": definition.loinc_total or "total",
        "text": f"{definition.name} total score",
        "answer": [{"valueInteger": total}],
    }


def total_observation(administration, resource_id, subject, *, derived_from):
    definition = administration.definition
    code = {"text": f"{definition.name} total score"}
    if definition.loinc_total:
        code["coding"] = [{"system": LOINC, "code": definition.loinc_total}]
    observation = {
        "resourceType": "Observation",
        "id": resource_id,
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": code,
        "subject": subject,
        "effectiveDateTime": administration.administered_on.isoformat(),
        "valueQuantity": {
            "value": administration.total,
            "unit": SCORE_UNIT,
            "system": UCUM,
            "code": SCORE_UNIT,
        },
        "interpretation": [{"text": administration.band}],
        "derivedFrom": [{"reference": f"urn:uuid:{derived_from}"}],
    }
    if administration.notes:
        observation["note"] = [{"text": note} for note in administration.notes]
    return observation
