"""Staff pages for clients and episodes: the caseload, the client list, a client's record,
the episode page and the client's audit trail. Each goes through a gate in
caseload/access.py and writes an audit event naming every client it shows."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from openipt.accounts.actions import InvitationInvalid, invite_client, send_client_password_reset
from openipt.accounts.forms import SiteFilterForm
from openipt.accounts.staff import ChangeRefused
from openipt.audit.queries import rows_of, trail_of
from openipt.audit.record import record, record_clients_shown
from openipt.caseload import access
from openipt.caseload.actions import (
    open_episode,
    register_client,
    remove_client_made_in_error,
    remove_episode_made_in_error,
    update_client,
)
from openipt.caseload.forms import ClientForm, EpisodeForm, InvitationForm, MadeInErrorForm
from openipt.caseload.queries import matching, with_open_episodes, with_site
from openipt.clinic.forms import CaseloadFilterForm
from openipt.measures import due, risk
from openipt.measures import queries as measures_queries
from openipt.operations import health
from openipt.protocol import queries as course_queries
from openipt.reminders import queries as reminder_queries
from openipt.worksheets import queries as worksheet_queries

from .pages import render_episode_page
from .paging import one_page

AUDIT_PAGE_SIZE = 200
CLIENTS_PER_PAGE = 50
CASELOAD_PER_PAGE = 25
# What needs attention first: an open safety flag, then the most overdue items (homework
# and course steps), then the soonest appointment; then by reference.
CASELOAD_ORDER = (
    F("has_open_flag").desc(),
    F("overdue_items").desc(),
    F("next_appointment").asc(nulls_last=True),
    "reference",
    "pk",
)


def home(request):
    """Send each person to their starting page."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return redirect(request.user.start_page)


def _client_page(request, template, client, action, **context):
    """A page about one client: its audit event (when it is shown, not when a refused
    change shows it again), then the page."""
    if request.method in ("GET", "HEAD"):
        record(request.user, action, client, client=client, request=request)
    return render(request, template, {"client": client, "nav": "clients", **context})


@access.clinician_required
def caseload(request):
    form = CaseloadFilterForm(request.GET or None)
    chosen = form.chosen()
    # Built once for the list and for the reminders that could not be sent.
    visible = access.visible_clients(request.user)
    clients = with_open_episodes(
        _caseload_rows(request.user, visible, chosen), episode_extras=due.DUE_FIELDS
    )
    page = one_page(clients, request.GET.get("page"), CASELOAD_PER_PAGE)
    rows = page.object_list
    due.clients_with_due_measures(rows)
    measures_queries.with_alert_screens(rows)
    risk_flags = list(measures_queries.open_risk_flags(request.user))
    risk.mark_clients(rows, risk_flags)
    failed_messages = reminder_queries.failed_messages(request.user, visible=visible)
    shown = rows + [flag.client for flag in risk_flags]
    shown += [message.client for message in failed_messages]
    record_clients_shown(request.user, "caseload.viewed", shown, request=request)
    context = {
        "clients": rows,
        "page": page,
        "form": form,
        "filtered": bool(chosen),
        "keep": urlencode(form.kept()),
        "risk_flags": risk_flags,
        "failed_messages": failed_messages,
        "nav": "caseload",
    }
    return render(request, "clinic/caseload.html", context)


def _caseload_rows(user, visible, chosen):
    """The clients a clinician may list (`visible`), searched and filtered as chosen, with
    what needs attention on each row, in the order of attention; paged by the database."""
    clients = matching(visible, chosen.get("q", ""))
    if chosen.get("stage"):
        clients = course_queries.clients_at_stage(clients, chosen["stage"])
    if chosen.get("due"):
        clients = course_queries.clients_with_measures_due(clients)
    clients = measures_queries.with_open_flag(clients, user)
    if chosen.get("flagged"):
        clients = clients.filter(has_open_flag=True)
    clients = course_queries.with_course_attention(worksheet_queries.with_overdue_homework(clients))
    return clients.annotate(overdue_items=F("overdue_homework") + F("overdue_steps")).order_by(
        *CASELOAD_ORDER
    )


@access.staff_required
def client_list(request):
    query = request.GET.get("q", "").strip()
    filter_form = SiteFilterForm(request.GET or None, organisation=request.user.organisation_id)
    site = filter_form.chosen_site()
    clients = matching(with_site(access.visible_clients(request.user), site), query)
    page = one_page(with_open_episodes(clients), request.GET.get("page"), CLIENTS_PER_PAGE)
    record_clients_shown(request.user, "clients.listed", page.object_list, request=request)
    context = {
        "clients": page.object_list,
        "page": page,
        "query": query,
        "filter_form": filter_form,
        # What the page links keep: the search and the site.
        "keep": urlencode(_kept(query, site)),
        "health": health.warnings_for(request.user),
        "nav": "clients",
    }
    return render(request, "clinic/client_list.html", context)


def _kept(query, site):
    return {name: value for name, value in (("q", query), ("site", site and site.pk)) if value}


@access.clinician_required
def client_new(request):
    form = ClientForm(
        request.POST or None,
        organisation_id=request.user.organisation_id,
        default_site=request.user.site,
    )
    if request.method == "POST" and form.is_valid():
        try:
            client = register_client(request.user, request=request, **form.cleaned_data)
        except ChangeRefused as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request,
                gettext("Client registered as %(reference)s.") % {"reference": client.reference},
            )
            return redirect("clinic:client", pk=client.pk)
    return render(request, "clinic/client_form.html", {"form": form, "nav": "clients"})


@access.staff_required
def client_detail(request, pk):
    client = access.client_for(request.user, pk, need=access.VIEW_ADMIN)
    episodes = list(client.episodes.select_related("clinician"))
    context = {
        "episodes": episodes,
        # With an episode open, the page leads to it rather than inviting a second one.
        "open_episode": next((e for e in episodes if e.is_open and not e.erased_at), None),
        "can_see_clinical": access.VIEW_CLINICAL in client.permissions,
        "can_change_clinical": access.CHANGE_CLINICAL in client.permissions,
        "can_change_admin": access.CHANGE_ADMIN in client.permissions,
        "can_see_audit": access.VIEW_AUDIT in client.permissions,
    }
    if context["can_see_clinical"]:
        context.update(measures_queries.client_page(client, episodes))
    return _client_page(request, "clinic/client_detail.html", client, "client.viewed", **context)


@access.staff_required
def client_edit(request, pk):
    client = access.client_for(request.user, pk, need=access.CHANGE_ADMIN)
    form = ClientForm(request.POST or None, instance=client, organisation_id=client.organisation_id)
    if request.method == "POST" and form.is_valid():
        # Hand the action a fresh copy: a valid ModelForm has already set fields on `client`.
        fresh = type(client).objects.get(pk=client.pk)
        try:
            update_client(request.user, fresh, request=request, **form.cleaned_data)
        except ChangeRefused as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, gettext("Client details saved."))
            return redirect("clinic:client", pk=client.pk)
    return _client_page(
        request, "clinic/client_form.html", client, "client.edit_form_viewed", form=form
    )


@access.staff_required
def episode_new(request, pk):
    client = access.client_for(request.user, pk, need=access.CHANGE_CLINICAL)
    form = EpisodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        episode = open_episode(request.user, client, request=request, **form.cleaned_data)
        messages.success(request, gettext("Episode opened."))
        return redirect("clinic:episode", pk=episode.pk)
    return _client_page(
        request, "clinic/episode_form.html", client, "episode.form_viewed", form=form
    )


@access.staff_required
def episode_detail(request, pk):
    episode = access.episode_for(request.user, pk, need=access.VIEW_CLINICAL)
    measures = measures_queries.episode_page(episode)
    return render_episode_page(
        request,
        "clinic/episode_detail.html",
        episode,
        action="episode.viewed",
        can_change_clinical=access.CHANGE_CLINICAL in episode.permissions,
        # The banner's open flags are the ones the measures part has just read.
        risk=risk.risk_in_view(episode, open_flags=measures["risk_flags"]),
        **measures,
    )


@access.staff_required
def client_audit(request, pk):
    client = access.client_for(request.user, pk, need=access.VIEW_AUDIT)
    # The supervisor reads every event; the organisation admin, of a clinical event, only
    # when it happened and who acted (audit/queries.py).
    clinical_visible = access.VIEW_CLINICAL in client.permissions
    # Recorded first, so this view is in the trail it shows and in its count.
    record(request.user, "audit.viewed", client, client=client, request=request)
    page = Paginator(trail_of(client), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "client": client,
        "events": rows_of(page.object_list, clinical_visible=clinical_visible),
        "clinical_visible": clinical_visible,
        "page": page,
        "nav": "clients",
    }
    return render(request, "clinic/client_audit.html", context)


@access.staff_required
def client_invite(request, pk):
    client = access.client_for(request.user, pk, need=access.CHANGE_CLINICAL)
    form = InvitationForm(request.POST or None, initial={"email": client.email})
    link = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            _, token = invite_client(
                request.user,
                client,
                email=email,
                language=form.cleaned_data["language"],
                link_for=_invitation_link(request),
                request=request,
            )
        except ChangeRefused as problem:
            form.add_error(None, problem)
        except InvitationInvalid as refused:
            form.add_error(None, str(refused))
        else:
            if email:
                messages.success(
                    request, gettext("Invitation sent to %(email)s.") % {"email": email}
                )
                return redirect("clinic:client", pk=client.pk)
            link = _invitation_link(request)(token)
    return _client_page(
        request,
        "clinic/client_invite.html",
        client,
        "client.invite_form_viewed",
        form=form,
        link=link,
        days=settings.OPENIPT_INVITATION_DAYS,
    )


@access.staff_required
def client_password_reset(request, pk):
    """The treating clinician sends the client a password-reset mail (POST only). The
    answer is the same whatever the account's address, as on the public reset page."""
    client = access.client_for(request.user, pk, need=access.CHANGE_CLINICAL)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        send_client_password_reset(
            request.user,
            client,
            domain=request.get_host(),
            use_https=request.is_secure(),
            request=request,
        )
    except ChangeRefused as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(
            request,
            gettext(
                "A password reset has been sent. If the address on the client's account "
                "reaches them, they will get a link to choose a new password."
            ),
        )
    return redirect("clinic:client", pk=client.pk)


@access.admin_required
def client_remove(request, pk):
    """The admin removes a client registered in error: everything erased at once
    (caseload/erasure.py), the audit trail kept."""
    client = access.client_for(request.user, pk, need=access.CHANGE_ADMIN)
    removed = client.is_identity_erased and client.clinical_erased_at is not None
    form = MadeInErrorForm(request.POST or None)
    if request.method == "POST" and not removed and form.is_valid():
        remove_client_made_in_error(
            request.user, client, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(
            request,
            gettext("%(reference)s was removed as made in error.")
            % {"reference": client.reference},
        )
        return redirect("clinic:client", pk=client.pk)
    return _client_page(
        request,
        "clinic/remove_made_in_error.html",
        client,
        "client.remove_form_viewed",
        form=form,
        already_removed=removed,
    )


@access.admin_required
def episode_remove(request, pk):
    """The admin removes an episode opened in error: its clinical records erased, the
    episode kept as a closed, empty shell."""
    episode = access.episode_for(request.user, pk, need=access.CHANGE_ADMIN)
    form = MadeInErrorForm(request.POST or None)
    removed = episode.erased_at is not None
    if request.method == "POST" and not removed and form.is_valid():
        remove_episode_made_in_error(
            request.user, episode, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(request, gettext("The episode was removed as made in error."))
        return redirect("clinic:client", pk=episode.client_id)
    return _client_page(
        request,
        "clinic/remove_made_in_error.html",
        episode.client,
        "episode.remove_form_viewed",
        episode=episode,
        form=form,
        already_removed=removed,
    )


def _invitation_link(request):
    return lambda token: request.build_absolute_uri(reverse("portal:invitation", args=[token]))
