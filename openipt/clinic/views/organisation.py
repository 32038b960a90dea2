"""The organisation admin's page for policy choices and crisis information."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from openipt.accounts.actions import ORGANISATION_POLICY_FIELDS, update_organisation
from openipt.accounts.forms import OrganisationPolicyForm
from openipt.accounts.models import Organisation, Role
from openipt.caseload import access


@access.staff_required
def organisation_settings(request):
    if request.user.role != Role.ADMIN:
        raise PermissionDenied("Organisation settings are for the organisation admin.")
    organisation = Organisation.objects.get(pk=request.user.organisation_id)
    form = OrganisationPolicyForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        fresh = Organisation.objects.get(pk=organisation.pk)
        values = {name: form.cleaned_data[name] for name in ORGANISATION_POLICY_FIELDS}
        update_organisation(request.user, fresh, request=request, **values)
        messages.success(request, "Organisation settings saved.")
        return redirect("clinic:organisation")
    context = {"form": form, "organisation": organisation, "nav": "organisation"}
    return render(request, "clinic/organisation.html", context)
