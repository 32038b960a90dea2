"""The client's own FHIR R4 collection Bundle (portal "my data"): a Patient identified only
by the client reference, then each questionnaire's QuestionnaireResponse and Observation."""

import uuid

from .questionnaire_response import ID_NAMESPACE, administration_bundle, client_identifier_system


def client_bundle(client, administrations):
    patient_id = str(uuid.uuid5(ID_NAMESPACE, f"{client.organisation_id}/Patient/{client.pk}"))
    patient = {
        "resourceType": "Patient",
        "id": patient_id,
        # Pseudonymous: the reference only, as in every other export.
        "identifier": [
            {
                "system": client_identifier_system(client.organisation.slug),
                "value": client.reference,
            }
        ],
    }
    entries = [{"fullUrl": f"urn:uuid:{patient_id}", "resource": patient}]
    for administration in administrations:
        entries += administration_bundle(administration, client=client)["entry"]
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(ID_NAMESPACE, f"{client.organisation_id}/my-data/{client.pk}")),
        "type": "collection",
        "entry": entries,
    }
