"""The supervisor's pages: their team with its open safety flags, and the team's fidelity.
Both name clients, so both write an event naming each client shown."""

from django.shortcuts import render

from openipt.audit.record import record_clients_shown
from openipt.caseload import access
from openipt.caseload.queries import team_of
from openipt.measures import queries as measures_queries
from openipt.operations import health
from openipt.protocol import fidelity


@access.supervisor_required
def supervision(request):
    risk_flags = list(measures_queries.open_risk_flags(request.user))
    record_clients_shown(
        request.user,
        "supervision.viewed",
        [flag.client for flag in risk_flags],
        request=request,
    )
    context = {
        "team": team_of(request.user),
        "risk_flags": risk_flags,
        "health": health.warnings_for(request.user),
        "nav": "supervision",
    }
    return render(request, "clinic/supervision.html", context)


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
