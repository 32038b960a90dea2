"""The supervisor's pages: their team with its risk in view (open safety flags, clients with
an intake finding, an escalation or a positive mania screen), the escalations sent to them
and their acknowledgement, counsellors' notes waiting for a co-signature, and the team's
fidelity. Each names clients, so each writes an event naming each client shown."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render

from openipt.audit.record import record_clients_shown
from openipt.caseload import access
from openipt.caseload.queries import team_of
from openipt.measures import queries as measures_queries
from openipt.measures import risk
from openipt.protocol import actions, fidelity
from openipt.protocol import queries as course_queries


@access.supervisor_required
def supervision(request):
    risk_flags = list(measures_queries.open_risk_flags(request.user))
    open_alerts, acknowledged = course_queries.supervisor_alerts_for(request.user)
    notes = course_queries.notes_waiting_for(request.user)
    risk_rows = risk.team_risk(request.user, risk_flags)
    shown = (
        [flag.client for flag in risk_flags]
        + [alert.episode.client for alert in open_alerts + acknowledged]
        + [note.episode.client for note in notes]
        + [row.episode.client for row in risk_rows]
    )
    record_clients_shown(request.user, "supervision.viewed", shown, request=request)
    context = {
        "team": team_of(request.user),
        "risk_flags": risk_flags,
        "open_alerts": open_alerts,
        "acknowledged_alerts": acknowledged,
        "notes_waiting": notes,
        "risk_rows": risk_rows,
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
        messages.success(request, f"Alert about {alert.episode.client.reference} acknowledged.")
    else:
        messages.info(request, "That alert was already acknowledged.")
    return redirect("clinic:supervision")


@access.supervisor_required
def team_fidelity(request):
    rows = fidelity.team_table(request.user)
    courses = [(row, course) for row in rows for course in row.courses]
    record_clients_shown(
        request.user,
        "fidelity.team_viewed",
        [course.episode.client for _, course in courses],
        request=request,
    )
    context = {"rows": rows, "courses": courses, "nav": "supervision"}
    return render(request, "clinic/course/fidelity_team.html", context)
