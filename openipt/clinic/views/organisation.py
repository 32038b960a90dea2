"""The organisation admin's page for policy choices and crisis information."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from openipt.accounts.actions import (
    ORGANISATION_POLICY_FIELDS,
    DeletionAlreadyDecided,
    decide_deletion,
    update_organisation,
)
from openipt.accounts.forms import OrganisationPolicyForm
from openipt.accounts.models import DeletionOutcome, DeletionRequest, Organisation, Role
from openipt.audit.record import record_many
from openipt.caseload import access
from openipt.protocol.actions import set_planned_session_defaults
from openipt.protocol.modalities import MODALITIES


@access.staff_required
def organisation_settings(request):
    if request.user.role != Role.ADMIN:
        raise PermissionDenied("Organisation settings are for the organisation admin.")
    organisation = Organisation.objects.get(pk=request.user.organisation_id)
    if request.method == "POST" and "deletion" in request.POST:
        return _decide_deletion(request, organisation)
    if request.method == "POST" and "planned_sessions" in request.POST:
        return _set_planned_sessions(request, organisation)
    form = OrganisationPolicyForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        fresh = Organisation.objects.get(pk=organisation.pk)
        values = {name: form.cleaned_data[name] for name in ORGANISATION_POLICY_FIELDS}
        update_organisation(request.user, fresh, request=request, **values)
        messages.success(request, "Organisation settings saved.")
        return redirect("clinic:organisation")
    return _page(request, organisation, form)


def _set_planned_sessions(request, organisation):
    planned = PlannedSessionsForm(request.POST)
    if planned.is_valid():
        fresh = Organisation.objects.get(pk=organisation.pk)
        set_planned_session_defaults(request.user, fresh, planned.defaults(), request=request)
        messages.success(request, "Planned sessions saved.")
        return redirect("clinic:organisation")
    form = OrganisationPolicyForm(instance=organisation)
    return _page(request, organisation, form, planned=planned, status=400)


class PlannedSessionsForm(forms.Form):
    """One box per modality, bounded by the modality's own range; empty keeps its default."""

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = organisation.planned_session_defaults if organisation else {}
        for modality in MODALITIES.values():
            allowed = modality.planned_sessions
            self.fields[modality.code] = forms.IntegerField(
                label=modality.name,
                required=False,
                min_value=allowed.minimum,
                max_value=allowed.maximum,
                initial=current.get(modality.code),
                help_text=(
                    f"{allowed.minimum} to {allowed.maximum} sessions; "
                    f"leave empty for the usual {allowed.default}."
                ),
            )

    def defaults(self):
        return {code: value for code, value in self.cleaned_data.items() if value is not None}


def _page(request, organisation, form, bound=None, status=200, planned=None):
    """The settings page; `bound` is a decision form with errors for one request."""
    deletions = list(
        DeletionRequest.objects.filter(
            organisation=organisation, outcome=DeletionOutcome.OPEN
        ).select_related("client")
    )
    for deletion in deletions:
        prefix = f"d{deletion.pk}"
        is_bound = bound is not None and bound.prefix == prefix
        deletion.decision_form = bound if is_bound else DeletionDecisionForm(prefix=prefix)
    # The admin sees who asked (administrative fields only, never clinical content).
    record_many(
        request.user,
        "deletion_request.viewed",
        deletions,
        client_of=lambda deletion: deletion.client,
        request=request,
    )
    context = {
        "form": form,
        "planned": planned or PlannedSessionsForm(organisation=organisation),
        "organisation": organisation,
        "deletion_requests": deletions,
        "nav": "organisation",
    }
    return render(request, "clinic/organisation.html", context, status=status)


class DeletionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[(DeletionOutcome.ERASED, "Erased"), (DeletionOutcome.KEPT, "Kept for retention")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome."},
    )
    outcome_reason = forms.CharField(
        label="Reason (needed when the records are kept)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == DeletionOutcome.KEPT and not cleaned.get("outcome_reason"):
            self.add_error(
                "outcome_reason", "Say why the records are kept, for example the retention period."
            )
        return cleaned


def _decide_deletion(request, organisation):
    deletion = DeletionRequest.objects.filter(
        pk=request.POST.get("deletion") if str(request.POST.get("deletion")).isdigit() else None,
        organisation=organisation,
    ).first()
    if deletion is None:
        raise Http404("No such request.")
    form = DeletionDecisionForm(request.POST, prefix=f"d{deletion.pk}")
    if not form.is_valid():
        return _page(
            request, organisation, OrganisationPolicyForm(instance=organisation), form, status=400
        )
    try:
        decide_deletion(request.user, deletion, request=request, **form.cleaned_data)
    except DeletionAlreadyDecided:
        messages.error(request, "That request already had an outcome; nothing was changed.")
        return redirect("clinic:organisation")
    messages.success(request, "Outcome recorded. Please let the client know.")
    return redirect("clinic:organisation")
