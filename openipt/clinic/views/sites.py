"""The organisation admin's site pages: the list of sites (with how many active staff and
clients each has) where a site is added, and one site, renamed, deactivated or
reactivated there. No client is named on these pages: counts only."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from openipt.accounts.actions import add_site, deactivate_site, reactivate_site, rename_site
from openipt.accounts.forms import SiteForm
from openipt.accounts.staff import ChangeRefused
from openipt.audit.record import record
from openipt.caseload import access
from openipt.caseload.queries import sites_with_counts


@access.admin_required
def site_list(request):
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            site = add_site(request.user, name=form.cleaned_data["name"], request=request)
        except ChangeRefused as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, gettext("Site %(site)s added.") % {"site": site.name})
            return redirect("clinic:sites")
    if request.method == "GET":
        record(request.user, "sites.listed", request=request)
    context = {
        "sites": list(sites_with_counts(request.user.organisation_id)),
        "form": form,
        "nav": "sites",
    }
    return render(request, "clinic/site_list.html", context)


@access.admin_required
def site_detail(request, pk):
    site = access.site_for(request.user, pk)
    if request.method == "POST" and ("deactivate" in request.POST or "reactivate" in request.POST):
        return _change_status(request, site)
    form = SiteForm(request.POST or None, initial={"name": site.name})
    if request.method == "POST" and form.is_valid():
        try:
            rename_site(request.user, site, name=form.cleaned_data["name"], request=request)
        except ChangeRefused as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, gettext("Site name saved."))
            return redirect("clinic:site", pk=site.pk)
    if request.method == "GET":
        record(request.user, "site.viewed", site, request=request)
    return render(request, "clinic/site_detail.html", {"site": site, "form": form, "nav": "sites"})


def _change_status(request, site):
    try:
        if "deactivate" in request.POST:
            deactivate_site(request.user, site, request=request)
            messages.success(
                request,
                gettext("%(site)s is deactivated: it takes no new members.") % {"site": site.name},
            )
        else:
            reactivate_site(request.user, site, request=request)
            messages.success(request, gettext("%(site)s is active again.") % {"site": site.name})
    except ChangeRefused as problem:
        messages.error(request, " ".join(problem.messages))
    return redirect("clinic:site", pk=site.pk)
