"""A group as a FHIR R4B Group resource (docs/groups.md, FHIR).

`type` person and `actual` true: a list of the very people in it. Each member is an entity
by pseudonymous client reference (never a name) with the period of their membership and
`inactive` once they have left; the facilitator is the managing entity, by pseudonymous staff
identifier. The members' scores stay QuestionnaireResponse and Observation resources on their
own records (questionnaire_response.py). Plain dicts; the tests validate them with
fhir.resources.R4B.
"""

import uuid

from .questionnaire_response import ID_NAMESPACE, patient_reference, practitioner_reference

GROUP_CODE_SYSTEM = "urn:openipt:modality"


def group_identifier_system(organisation_slug):
    return f"urn:openipt:{organisation_slug}:group"


def group_resource(group, members, *, organisation_slug):
    """The Group resource for `group`; `members` are its members who joined (screened and
    declined people were never in it), each with `client`, `joined_on`, `left_on` and
    `is_current`."""
    organisation_id = group.organisation_id
    resource = {
        "resourceType": "Group",
        "id": str(uuid.uuid5(ID_NAMESPACE, f"{organisation_id}/Group/{group.pk}")),
        "identifier": [
            {"system": group_identifier_system(organisation_slug), "value": str(group.pk)}
        ],
        "active": not group.has_ended,
        "type": "person",
        "actual": True,
        "code": {
            "coding": [{"system": GROUP_CODE_SYSTEM, "code": group.modality}],
            "text": group.modality_name,
        },
        "quantity": sum(1 for member in members if member.is_current),
        "managingEntity": practitioner_reference(
            group.facilitator_id, organisation_id, organisation_slug
        ),
        "member": [_member(member, organisation_slug) for member in members],
    }
    if not resource["member"]:
        del resource["member"]
    return resource


def _member(member, organisation_slug):
    entry = {
        "entity": patient_reference(member.client, organisation_slug),
        "inactive": not member.is_current,
    }
    period = {}
    if member.joined_on:
        period["start"] = member.joined_on.isoformat()
    if member.left_on:
        period["end"] = member.left_on.isoformat()
    if period:
        entry["period"] = period
    return entry
