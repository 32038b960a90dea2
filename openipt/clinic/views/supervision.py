"""The supervisor's pages: their team with its risk in view (open safety flags, clients with
an intake finding, an escalation or a positive mania screen), the escalations sent to them
and their acknowledgement, counsellors' notes waiting for a co-signature, course starts
held for their approval (protocol/start_rules.py) and their decision, and the team's
fidelity. Each names clients, so each writes an event naming each client shown. The team
and fidelity lists are paged by the database."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext

from openipt.audit.record import record_clients_shown
from openipt.caseload import access
from openipt.caseload.queries import supervisees_of, team_of
from openipt.measures import queries as measures_queries
from openipt.measures import risk
from openipt.operations import health
from openipt.protocol import actions
from openipt.protocol import queries as course_queries
from openipt.protocol.forms.fidelity import TeamFidelityForm

from .paging import one_page

TEAM_PER_PAGE = 50
FIDELITY_PER_PAGE = 50


@access.supervisor_required
def supervision(request):
    risk_flags = list(measures_queries.open_risk_flags(request.user))
    open_alerts, acknowledged = course_queries.supervisor_alerts_for(request.user)
    notes = course_queries.notes_waiting_for(request.user)
    start_requests = course_queries.start_requests_waiting_for(request.user)
    risk_rows = risk.team_risk(request.user, risk_flags)
    shown = (
        [flag.client for flag in risk_flags]
        + [alert.episode.client for alert in open_alerts + acknowledged]
        + [note.episode.client for note in notes]
        + [row.episode.client for row in risk_rows]
        + [held.episode.client for held in start_requests]
    )
    record_clients_shown(request.user, "supervision.viewed", shown, request=request)
    team = one_page(team_of(request.user), request.GET.get("page"), TEAM_PER_PAGE)
    context = {
        "team": team,
        "risk_flags": risk_flags,
        "open_alerts": open_alerts,
        "acknowledged_alerts": acknowledged,
        "notes_waiting": notes,
        "start_requests": start_requests,
        "risk_rows": risk_rows,
        "health": health.warnings_for(request.user),
        "nav": "supervision",
    }
    return render(request, "clinic/supervision.html", context)


@access.supervisor_required
def acknowledge_alert(request, pk):
    """The supervisor has read an escalation from their team (POST only)."""
    alert = course_queries.supervisor_alert_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        done = actions.acknowledge_supervisor_alert(request.user, alert, request=request)
    except actions.AlertRefused as refused:
        raise PermissionDenied(str(refused)) from refused
    if done:
        messages.success(
            request,
            gettext("Alert about %(reference)s acknowledged.")
            % {"reference": alert.episode.client.reference},
        )
    else:
        messages.info(request, gettext("That alert was already acknowledged."))
    return redirect("clinic:supervision")


@access.supervisor_required
def decide_start_request(request, pk):
    """The clinician's supervisor approves or declines a course start held by the rules of
    who may start what (POST only)."""
    held = course_queries.start_request_to_decide(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    approve = request.POST.get("decision") == "approve"
    try:
        actions.decide_start_request(request.user, held, approve=approve, request=request)
    except actions.StartRequestAlreadyDecided:
        messages.info(request, gettext("That request was already decided; nothing was changed."))
        return redirect("clinic:supervision")
    client = held.episode.client.reference
    if approve:
        messages.success(
            request,
            gettext("Approved: the course for %(client)s may now start.") % {"client": client},
        )
    else:
        messages.success(
            request,
            gettext("Declined: the course for %(client)s stays unstarted.") % {"client": client},
        )
    return redirect("clinic:supervision")


@access.supervisor_required
def team_fidelity(request):
    """The stored fidelity of the team's courses (protocol.models.CourseFidelity): a table
    by clinician, pooled in the database, and one page of courses, filtered and ordered."""
    clinicians = list(supervisees_of(request.user))
    form = TeamFidelityForm(
        request.GET or None, clinicians=clinicians, organisation=request.user.organisation_id
    )
    chosen = form.chosen()
    rows = course_queries.team_fidelity(request.user, **chosen.filters)
    pooled = course_queries.pooled_by_clinician(rows)
    by_clinician = [(member, pooled.get(member.pk)) for member in clinicians]
    ordered = course_queries.in_order(rows, chosen.order)
    page = one_page(ordered, request.GET.get("page"), FIDELITY_PER_PAGE)
    record_clients_shown(
        request.user,
        "fidelity.team_viewed",
        [row.episode.client for row in page.object_list],
        request=request,
    )
    context = {
        "form": form,
        "by_clinician": by_clinician,
        "team_total": course_queries.pooled(pooled.values()),
        "page": page,
        "keep": urlencode(form.kept()),
        "nav": "supervision",
    }
    return render(request, "clinic/course/fidelity_team.html", context)
