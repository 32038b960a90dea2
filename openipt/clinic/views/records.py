"""Staff pages. Each one goes through a gate in caseload/access.py and, when it
shows a client's record, writes an audit event."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render

from openipt.accounts.actions import invite_client
from openipt.accounts.models import Role, User
from openipt.accounts.tasks import send_invitation_email
from openipt.audit.models import AuditEvent
from openipt.audit.record import record
from openipt.caseload import access
from openipt.caseload.actions import open_episode, register_client, update_client
from openipt.caseload.forms import ClientForm, EpisodeForm, InvitationForm
from openipt.caseload.models import Client, Episode, EpisodeStatus
from openipt.measures import due
from openipt.measures import queries as measures_queries
from openipt.worksheets import queries as worksheet_queries

AUDIT_PAGE_SIZE = 200
CLIENTS_PER_PAGE = 50


def home(request):
    """Send each person to their starting page."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.is_client:
        return redirect("portal:home")
    if user.is_clinician:
        return redirect("clinic:caseload")
    if user.role == Role.SUPERVISOR:
        return redirect("clinic:supervision")
    return redirect("clinic:clients")


def _with_open_episodes(clients):
    open_episodes = Episode.objects.filter(status=EpisodeStatus.OPEN).select_related("clinician")
    return clients.select_related("clinician").prefetch_related(
        Prefetch("episodes", queryset=open_episodes, to_attr="open_episodes")
    )


@access.staff_required
def caseload(request):
    if not request.user.is_clinician:
        raise PermissionDenied("The caseload belongs to therapists and counsellors.")
    clients = worksheet_queries.with_overdue_homework(access.visible_clients(request.user))
    clients = list(_with_open_episodes(clients))
    due.clients_with_due_measures(clients, request.user.organisation)
    record(request.user, "caseload.viewed", request=request)
    context = {
        "clients": clients,
        "risk_flags": measures_queries.open_risk_flags(request.user),
        "nav": "caseload",
    }
    return render(request, "clinic/caseload.html", context)


@access.staff_required
def client_list(request):
    query = request.GET.get("q", "").strip()
    clients = access.visible_clients(request.user)
    if query:
        clients = clients.filter(
            Q(reference__icontains=query)
            | Q(given_name__icontains=query)
            | Q(family_name__icontains=query)
        )
    page = Paginator(clients, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    record(
        request.user,
        "clients.listed",
        request=request,
        detail=f"page {page.number}, search: {query}"[:500],
    )
    page.object_list = _with_open_episodes(page.object_list)
    context = {"clients": page.object_list, "page": page, "query": query, "nav": "clients"}
    return render(request, "clinic/client_list.html", context)


@access.staff_required
def client_new(request):
    if not request.user.is_clinician:
        raise PermissionDenied("Only therapists and counsellors register clients.")
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = register_client(request.user, request=request, **form.cleaned_data)
        messages.success(request, f"Client registered as {client.reference}.")
        return redirect("clinic:client", pk=client.pk)
    return render(request, "clinic/client_form.html", {"form": form, "nav": "clients"})


@access.staff_required
def client_detail(request, pk):
    client = access.client_for(request.user, pk, need=access.VIEW_ADMIN)
    episodes = client.episodes.select_related("clinician")
    record(request.user, "client.viewed", client, client=client, request=request)
    context = {
        "client": client,
        "episodes": episodes,
        "can_see_clinical": access.VIEW_CLINICAL in client.permissions,
        "can_change_clinical": access.CHANGE_CLINICAL in client.permissions,
        "can_change_admin": access.CHANGE_ADMIN in client.permissions,
        "can_see_audit": access.VIEW_AUDIT in client.permissions,
        "nav": "clients",
    }
    if context["can_see_clinical"]:
        context.update(measures_queries.client_page(client))
    return render(request, "clinic/client_detail.html", context)


@access.staff_required
def client_edit(request, pk):
    client = access.client_for(request.user, pk, need=access.CHANGE_ADMIN)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        # Hand the action a fresh copy: a valid ModelForm has already set fields on `client`.
        fresh = type(client).objects.get(pk=client.pk)
        update_client(request.user, fresh, request=request, **form.cleaned_data)
        messages.success(request, "Client details saved.")
        return redirect("clinic:client", pk=client.pk)
    context = {"form": form, "client": client, "nav": "clients"}
    return render(request, "clinic/client_form.html", context)


@access.staff_required
def episode_new(request, pk):
    client = access.client_for(request.user, pk, need=access.CHANGE_CLINICAL)
    form = EpisodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        episode = open_episode(request.user, client, request=request, **form.cleaned_data)
        messages.success(request, "Episode opened.")
        return redirect("clinic:episode", pk=episode.pk)
    context = {"form": form, "client": client, "nav": "clients"}
    return render(request, "clinic/episode_form.html", context)


@access.staff_required
def episode_detail(request, pk):
    episode = access.episode_for(request.user, pk, need=access.VIEW_CLINICAL)
    record(request.user, "episode.viewed", episode, client=episode.client, request=request)
    context = {"episode": episode, "client": episode.client, "nav": "clients"}
    context.update(
        measures_queries.episode_page(episode),
        can_change_clinical=access.CHANGE_CLINICAL in episode.permissions,
    )
    return render(request, "clinic/episode_detail.html", context)


@access.staff_required
def client_audit(request, pk):
    client = access.client_for(request.user, pk, need=access.VIEW_AUDIT)
    events = AuditEvent.objects.filter(client=client).select_related("actor")[:AUDIT_PAGE_SIZE]
    record(request.user, "audit.viewed", client, client=client, request=request)
    context = {"client": client, "events": events, "page_size": AUDIT_PAGE_SIZE, "nav": "clients"}
    return render(request, "clinic/client_audit.html", context)


@access.staff_required
def client_invite(request, pk):
    client = access.client_for(request.user, pk, need=access.CHANGE_CLINICAL)
    form = InvitationForm(request.POST or None, initial={"email": client.email})
    link = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        invitation, token = invite_client(request.user, client, email=email, request=request)
        link = request.build_absolute_uri(f"/portal/invitation/{token}/")
        if email:
            send_invitation_email.enqueue(invitation.pk, link)
            messages.success(request, f"Invitation sent to {email}.")
            return redirect("clinic:client", pk=client.pk)
    context = {
        "client": client,
        "form": form,
        "link": link,
        "days": settings.OPENIPT_INVITATION_DAYS,
        "nav": "clients",
    }
    return render(request, "clinic/client_invite.html", context)


def _count_of(queryset, owner_field):
    counted = (
        queryset.filter(**{owner_field: OuterRef("pk")})
        .order_by()
        .values(owner_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


@access.staff_required
def supervision(request):
    if request.user.role != Role.SUPERVISOR:
        raise PermissionDenied("The supervision page is for supervisors.")
    team = (
        User.objects.filter(supervisor=request.user, organisation_id=request.user.organisation_id)
        # One counting subquery each: joining both relations at once would count
        # clients x episodes rows per clinician (docs/bench.md).
        .annotate(
            open_episodes=_count_of(Episode.objects.filter(status=EpisodeStatus.OPEN), "clinician"),
            client_count=_count_of(Client.objects.all(), "clinician"),
        )
        .order_by("last_name", "first_name")
    )
    context = {
        "team": team,
        "risk_flags": measures_queries.open_risk_flags(request.user),
        "nav": "supervision",
    }
    return render(request, "clinic/supervision.html", context)
