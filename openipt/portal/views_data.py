"""My data: the client downloads what is held about them, and can ask for it to be deleted.

Every query starts from access.portal_client(request.user). The JSON download holds a
FHIR R4 collection Bundle (a Patient identified only by the client reference, and for
every questionnaire its QuestionnaireResponse and the total's Observation, as in
openipt/fhir) and, beside it, plain JSON sections for the client's details, homework and
relapse-prevention plans (docs/portal.md).
"""

import json
import uuid
from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from openipt.accounts.actions import request_deletion
from openipt.accounts.models import DeletionRequest
from openipt.audit.record import record
from openipt.caseload import access
from openipt.fhir import questionnaire_response as fhir
from openipt.measures.models import MeasureAdministration
from openipt.worksheets.forms import display_answers
from openipt.worksheets.models import RelapsePreventionPlan
from openipt.worksheets.pdf import render_pdf


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why would you like your data deleted? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def collect(client):
    """Everything the portal holds about the client, in the order the summary shows it."""
    administrations = list(
        MeasureAdministration.objects.filter(episode__client=client)
        .select_related("organisation", "recorded_by", "session")
        .order_by("administered_on", "created_at", "id")
    )
    homework = list(client.homework.prefetch_related("comments").order_by("due_on", "id"))
    for item in homework:
        item.sections = display_answers(item.sheet, item.answers)
    plans = list(
        RelapsePreventionPlan.objects.filter(episode__client=client).order_by("episode_id", "id")
    )
    for plan in plans:
        plan.sections = display_answers(plan.definition, plan.answers)
    return {
        "client": client,
        "episodes": list(client.episodes.select_related("clinician").order_by("opened_on", "id")),
        "administrations": administrations,
        "homework": homework,
        "plans": plans,
    }


@access.client_required
def my_data(request):
    client = access.portal_client(request.user)
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request_deletion(request.user, client, reason=form.cleaned_data["reason"], request=request)
        messages.success(
            request,
            "Your request has been sent to the organisation's administrator. "
            "They will let you know what happens.",
        )
        return redirect("portal:my_data")
    requests = list(DeletionRequest.objects.filter(client=client).order_by("-requested_at"))
    record(request.user, "portal.my_data_viewed", client, client=client, request=request)
    context = {"client": client, "form": form, "requests": requests, "nav": "my_data"}
    status = 400 if form.errors else 200
    return render(request, "portal/data/my_data.html", context, status=status)


@require_GET
@access.client_required
def my_data_pdf(request):
    client = access.portal_client(request.user)
    context = {**collect(client), "today": date.today()}
    html = render_to_string("portal/data/summary_pdf.html", context)
    record(request.user, "portal.my_data_pdf_downloaded", client, client=client, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="my-data-{date.today():%Y-%m-%d}.pdf"'
    return response


@require_GET
@access.client_required
def my_data_json(request):
    client = access.portal_client(request.user)
    document = export(collect(client))
    record(request.user, "portal.my_data_json_downloaded", client, client=client, request=request)
    response = HttpResponse(
        json.dumps(document, indent=2, default=str), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{date.today():%Y-%m-%d}.json"'
    return response


# --- the machine-readable export -------------------------------------------------------


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
        "fhir_bundle": fhir_bundle(client, collected["administrations"]),
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


def fhir_bundle(client, administrations):
    """A FHIR R4 collection Bundle: the Patient, then each questionnaire's resources."""
    slug = client.organisation.slug
    patient_id = str(uuid.uuid5(fhir.ID_NAMESPACE, f"{client.organisation_id}/Patient/{client.pk}"))
    patient = {
        "resourceType": "Patient",
        "id": patient_id,
        # Pseudonymous: the reference only, as in every other export.
        "identifier": [{"system": fhir.client_identifier_system(slug), "value": client.reference}],
    }
    entries = [{"fullUrl": f"urn:uuid:{patient_id}", "resource": patient}]
    for administration in administrations:
        entries += fhir.administration_bundle(administration, client=client)["entry"]
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(fhir.ID_NAMESPACE, f"{client.organisation_id}/my-data/{client.pk}")),
        "type": "collection",
        "entry": entries,
    }
