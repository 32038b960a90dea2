"""The organisation admin's staff pages: the staff list (with invitations still waiting),
inviting a new staff member, one staff member's role, site, supervisor and status,
moving a clinician's open episodes to colleagues, and a clinician's IPT training records
(kept by the admin and the clinician's supervisor). Administrative fields only: these pages
never show clinical content (no presenting concerns, scores or notes)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from openipt.accounts.actions import (
    add_training_record,
    deactivate_staff,
    invite_staff,
    reactivate_staff,
    update_staff,
)
from openipt.accounts.forms import SiteFilterForm, StaffInvitationForm, StaffMemberForm
from openipt.accounts.staff import ChangeRefused
from openipt.audit.record import record, record_clients_shown
from openipt.caseload import access
from openipt.caseload import queries as caseload_queries
from openipt.caseload.actions import ReassignmentRefused, reassign_episodes
from openipt.caseload.forms import ReassignForm
from openipt.clinic.forms import TrainingRecordForm
from openipt.protocol import modalities

STAFF_PER_PAGE = 50


@access.admin_required
def staff_list(request):
    organisation_id = request.user.organisation_id
    filter_form = SiteFilterForm(request.GET or None, organisation=organisation_id)
    site = filter_form.chosen_site()
    rows = caseload_queries.staff_rows(organisation_id, site)
    page = Paginator(rows, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    invitations = caseload_queries.pending_staff_invitations(organisation_id, timezone.now())
    # The site the list is filtered by, if any, is the event's object.
    record(request.user, "staff.listed", site, request=request)
    context = {
        "page": page,
        "staff": page.object_list,
        "invitations": list(invitations),
        "filter_form": filter_form,
        "site": site,
        "nav": "staff",
    }
    return render(request, "clinic/staff_list.html", context)


@access.admin_required
def staff_invite(request):
    form = StaffInvitationForm(request.POST or None, organisation=request.user.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = invite_staff(
                request.user,
                link_for=_staff_invitation_link(request),
                request=request,
                **form.cleaned_data,
            )
        except ChangeRefused as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request, gettext("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("clinic:staff")
    if request.method == "GET":
        record(request.user, "staff.invite_form_viewed", request=request)
    return render(request, "clinic/staff_invite.html", {"form": form, "nav": "staff"})


def _staff_invitation_link(request):
    return lambda token: request.build_absolute_uri(
        reverse("accounts:staff_invitation", args=[token])
    )


@access.admin_required
def staff_member(request, pk):
    member = access.staff_member_for(request.user, pk)
    if request.method == "POST" and ("deactivate" in request.POST or "reactivate" in request.POST):
        return _change_status(request, member)
    form = StaffMemberForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            update_staff(request.user, member, request=request, **form.cleaned_data)
        except ChangeRefused as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request,
                gettext("The details of %(name)s are saved.") % {"name": member.display_name},
            )
            return redirect("clinic:staff_member", pk=member.pk)
    if request.method == "GET":
        record(request.user, "staff.viewed", member, request=request)
    context = {
        "member": member,
        "form": form,
        "training": named_training(member),
        "supervisees": list(caseload_queries.supervisees_of(member)),
        "open_episodes": caseload_queries.open_episodes_of(member).count(),
        "nav": "staff",
    }
    return render(request, "clinic/staff_member.html", context)


def _change_status(request, member):
    try:
        if "deactivate" in request.POST:
            deactivate_staff(request.user, member, request=request)
        else:
            reactivate_staff(request.user, member, request=request)
    except ChangeRefused as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect("clinic:staff_member", pk=member.pk)
    if not member.is_active:
        messages.success(
            request, gettext("%(name)s can no longer sign in.") % {"name": member.display_name}
        )
        if caseload_queries.open_episodes_of(member).exists():
            return redirect("clinic:staff_reassign", pk=member.pk)
    else:
        messages.success(
            request, gettext("%(name)s can sign in again.") % {"name": member.display_name}
        )
    return redirect("clinic:staff_member", pk=member.pk)


@access.admin_required
def staff_reassign(request, pk):
    """A clinician's open episodes, and who each goes to. The admin sees who the clients
    are (administrative fields), so the page is in each client's audit trail."""
    member = access.staff_member_for(request.user, pk)
    episodes = list(caseload_queries.open_episodes_of(member))
    form = ReassignForm(
        request.POST or None,
        organisation_id=member.organisation_id,
        leaving=member,
        episodes=episodes,
    )
    if request.method == "POST" and form.is_valid():
        chosen, to_clinician = form.cleaned_data["episodes"], form.cleaned_data["to_clinician"]
        try:
            reassign_episodes(request.user, chosen, to_clinician, request=request)
        except ReassignmentRefused as problem:
            form.add_error("to_clinician", str(problem))
        else:
            count = len(chosen)
            messages.success(
                request,
                ngettext(
                    "%(count)s episode now with %(name)s.",
                    "%(count)s episodes now with %(name)s.",
                    count,
                )
                % {"count": count, "name": to_clinician.display_name},
            )
            return redirect("clinic:staff_reassign", pk=member.pk)
    if request.method == "GET":
        clients = [episode.client for episode in episodes]
        record_clients_shown(request.user, "staff.open_episodes_viewed", clients, request=request)
    context = {
        "member": member,
        "episodes": episodes,
        "form": form,
        "checked": _checked(request, episodes),
        "nav": "staff",
    }
    return render(request, "clinic/staff_reassign.html", context)


def _checked(request, episodes):
    """Every episode is ticked at first; a refused submission keeps the person's ticks."""
    if request.method != "POST":
        return {episode.pk for episode in episodes}
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return {int(value) for value in request.POST.getlist("episodes") if value.isdecimal()}


@access.staff_required
def staff_training(request, pk):
    """A clinician's IPT training and certification records, and a form to add one: for
    the organisation admin and the clinician's supervisor (access.training_clinician_for).
    Administrative fields only."""
    clinician = access.training_clinician_for(request.user, pk)
    form = TrainingRecordForm(request.POST or None, organisation_id=clinician.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            add_training_record(request.user, clinician, request=request, **form.cleaned_data)
        except ChangeRefused as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request,
                gettext("Training record added for %(name)s.") % {"name": clinician.display_name},
            )
            return redirect("clinic:staff_training", pk=clinician.pk)
    if request.method == "GET":
        record(request.user, "staff.training_viewed", clinician, request=request)
    context = {
        "clinician": clinician,
        "records": named_training(clinician),
        "form": form,
        "nav": "staff",
    }
    return render(request, "clinic/staff_training.html", context)


def named_training(clinician):
    """The clinician's training records, each with its modality's name."""
    names = dict(modalities.choices())
    records = caseload_queries.training_records_of(clinician)
    for training in records:
        training.modality_name = names.get(training.modality, training.modality)
    return records
