"""Everything the portal holds about a client, for "my data": collected once, then shown
as a summary PDF or exported as JSON with a FHIR R4 bundle (docs/portal.md)."""

from datetime import date

from openipt.fhir.bundle import client_bundle
from openipt.measures.queries import client_administrations
from openipt.worksheets.forms import display_answers
from openipt.worksheets.queries import own_relapse_plans


def collect(client):
    """Everything the portal holds about the client, in the order the summary shows it."""
    administrations = client_administrations(client)
    homework = list(client.homework.prefetch_related("comments").order_by("due_on", "id"))
    for item in homework:
        item.sections = display_answers(item.sheet, item.answers)
    plans = list(own_relapse_plans(client).order_by("episode_id", "id"))
    for plan in plans:
        plan.sections = display_answers(plan.definition, plan.answers)
    return {
        "client": client,
        "episodes": list(client.episodes.select_related("clinician").order_by("opened_on", "id")),
        "administrations": administrations,
        "homework": homework,
        "plans": plans,
    }


def export(collected):
    client = collected["client"]
    return {
        "format": "openipt-my-data/1",
        "exported_on": date.today().isoformat(),
        "client": {
            "reference": client.reference,
            "given_name": client.given_name,
            "family_name": client.family_name,
            "date_of_birth": client.date_of_birth,
            "email": client.email,
        },
        "episodes": [
            {"opened_on": e.opened_on, "status": e.status, "clinician": e.clinician.display_name}
            for e in collected["episodes"]
        ],
        "fhir_bundle": client_bundle(client, collected["administrations"]),
        "homework": [_homework(h) for h in collected["homework"]],
        "relapse_prevention_plans": [
            {
                "id": p.pk,
                "episode_id": p.episode_id,
                "answers": p.answers,
                "booster_on": p.booster_on,
            }
            for p in collected["plans"]
        ],
    }


def _homework(item):
    return {
        "id": item.pk,
        "title": item.title,
        "worksheet": item.worksheet,
        "instructions": item.instructions,
        "due_on": item.due_on,
        "status": item.status,
        "submitted_at": item.submitted_at,
        "answers": item.answers,
        "comments": [{"written_on": c.created_at, "text": c.text} for c in item.comments.all()],
    }
