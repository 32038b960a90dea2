"""The supervisor's pages: their team with its open safety flags, and the team's fidelity.
Both name clients, so both write an event naming each client shown. Both lists are paged
by the database."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode

from openipt.audit.record import record_clients_shown
from openipt.caseload import access
from openipt.caseload.queries import supervisees_of, team_of
from openipt.measures import queries as measures_queries
from openipt.protocol import queries as course_queries
from openipt.protocol.forms.fidelity import TeamFidelityForm

TEAM_PER_PAGE = 50
FIDELITY_PER_PAGE = 50


@access.supervisor_required
def supervision(request):
    risk_flags = list(measures_queries.open_risk_flags(request.user))
    record_clients_shown(
        request.user,
        "supervision.viewed",
        [flag.client for flag in risk_flags],
        request=request,
    )
    team = Paginator(team_of(request.user), TEAM_PER_PAGE).get_page(request.GET.get("page"))
    context = {"team": team, "risk_flags": risk_flags, "nav": "supervision"}
    return render(request, "clinic/supervision.html", context)


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
    page = Paginator(ordered, FIDELITY_PER_PAGE).get_page(request.GET.get("page"))
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
