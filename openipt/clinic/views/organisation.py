"""The organisation admin's page: policy choices, crisis information, default planned
sessions per modality, and clients' deletion requests to decide."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from openipt.accounts.actions import (
    ORGANISATION_POLICY_FIELDS,
    RETENTION_FIELDS,
    DeletionAlreadyDecided,
    set_crisis_by_language,
    update_organisation,
)
from openipt.accounts.forms import (
    CrisisByLanguageForm,
    DeletionDecisionForm,
    OrganisationPolicyForm,
    RetentionRuleForm,
)
from openipt.audit.record import record_many
from openipt.caseload import access
from openipt.caseload.actions import ErasureRefused, decide_deletion
from openipt.caseload.erasure import CLINICAL, IDENTITY
from openipt.caseload.queries import open_deletion_requests
from openipt.operations import health
from openipt.protocol.actions import set_planned_session_defaults, set_start_rules
from openipt.protocol.forms.plan import PlannedSessionsForm, StartRulesForm


@access.admin_required
def organisation_settings(request):
    organisation = request.user.organisation
    if request.method == "POST" and "deletion" in request.POST:
        return _decide_deletion(request, organisation)
    if request.method == "POST" and "planned_sessions" in request.POST:
        return _set_planned_sessions(request, organisation)
    if request.method == "POST" and "retention_rule" in request.POST:
        return _set_retention_rule(request, organisation)
    if request.method == "POST" and "start_rules" in request.POST:
        return _set_start_rules(request, organisation)
    form = OrganisationPolicyForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ORGANISATION_POLICY_FIELDS}
        update_organisation(request.user, fresh_copy(organisation), request=request, **values)
        messages.success(request, gettext("Organisation settings saved."))
        return redirect("clinic:organisation")
    return _page(request, organisation, form)


@access.admin_required
def crisis_by_language(request):
    """The crisis information in the other languages people may choose (docs/languages.md);
    the organisation page holds the default language's."""
    organisation = request.user.organisation
    form = CrisisByLanguageForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        set_crisis_by_language(
            request.user, fresh_copy(organisation), form.by_language(), request=request
        )
        messages.success(request, gettext("Crisis information saved."))
        return redirect("clinic:crisis_by_language")
    context = {"form": form, "nav": "organisation"}
    return render(request, "clinic/crisis_by_language.html", context)


def fresh_copy(organisation):
    # A valid ModelForm has already set the new values on `organisation`; the action
    # compares against what is stored.
    return type(organisation).objects.get(pk=organisation.pk)


def _set_planned_sessions(request, organisation):
    planned = PlannedSessionsForm(request.POST)
    if planned.is_valid():
        set_planned_session_defaults(
            request.user, fresh_copy(organisation), planned.defaults(), request=request
        )
        messages.success(request, gettext("Planned sessions saved."))
        return redirect("clinic:organisation")
    form = OrganisationPolicyForm(instance=organisation)
    return _page(request, organisation, form, planned=planned, status=400)


def _set_retention_rule(request, organisation):
    retention = RetentionRuleForm(request.POST, instance=fresh_copy(organisation))
    if retention.is_valid():
        values = {name: retention.cleaned_data[name] for name in RETENTION_FIELDS}
        update_organisation(request.user, fresh_copy(organisation), request=request, **values)
        messages.success(request, gettext("Retention rule saved."))
        return redirect("clinic:organisation")
    form = OrganisationPolicyForm(instance=organisation)
    return _page(request, organisation, form, retention=retention, status=400)


def _set_start_rules(request, organisation):
    starts = StartRulesForm(request.POST, organisation=organisation)
    if starts.is_valid():
        set_start_rules(
            request.user,
            fresh_copy(organisation),
            starts.rules(),
            require_training=starts.cleaned_data["require_training"],
            request=request,
        )
        messages.success(request, gettext("Who may start which course saved."))
        return redirect("clinic:organisation")
    form = OrganisationPolicyForm(instance=organisation)
    return _page(request, organisation, form, starts=starts, status=400)


def _page(
    request,
    organisation,
    form,
    bound=None,
    status=200,
    planned=None,
    retention=None,
    starts=None,
):
    """The settings page; `bound` is a decision form with errors for one request."""
    deletions = list(open_deletion_requests(organisation))
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
        "retention": retention or RetentionRuleForm(instance=organisation),
        "starts": starts or StartRulesForm(organisation=organisation),
        "organisation": organisation,
        "deletion_requests": deletions,
        "health": health.warnings_for(request.user),
        "nav": "organisation",
    }
    return render(request, "clinic/organisation.html", context, status=status)


def _decide_deletion(request, organisation):
    deletion = access.deletion_request_for(request.user, request.POST.get("deletion"))
    form = DeletionDecisionForm(request.POST, prefix=f"d{deletion.pk}")
    if not form.is_valid():
        return _page(
            request, organisation, OrganisationPolicyForm(instance=organisation), form, status=400
        )
    try:
        _, erased, ends_on = decide_deletion(
            request.user, deletion, request=request, **form.cleaned_data
        )
    except DeletionAlreadyDecided:
        messages.error(
            request, gettext("That request already had an outcome; nothing was changed.")
        )
        return redirect("clinic:organisation")
    except ErasureRefused as refused:
        form.add_error("outcome", str(refused))
        return _page(
            request, organisation, OrganisationPolicyForm(instance=organisation), form, status=400
        )
    messages.success(request, _outcome_message(erased, ends_on))
    return redirect("clinic:organisation")


def _outcome_message(erased, ends_on):
    if not erased:
        return "Outcome recorded."
    said = []
    if IDENTITY in erased:
        said.append("The client's identifying details were erased and their portal account closed.")
    if CLINICAL in erased:
        said.append("Their clinical record was erased.")
    elif ends_on:
        said.append(f"Their clinical record is kept until {ends_on:%-d %B %Y}, then erased.")
    else:
        said.append(
            "Their clinical record is kept for the retention period after their last episode "
            "closes, then erased."
        )
    return "Outcome recorded. " + " ".join(said)
