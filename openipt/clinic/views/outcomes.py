"""The outcome dashboard (docs/outcomes.md): a supervisor's team, or the whole organisation
as figures only for the admin and a programme lead; the same figures as CSV; and, for a
supervisor, the episodes behind a figure.

The dashboard and its CSV show no client: one audit event records that they were looked
at. The list of episodes names clients, so it writes an event naming each one shown."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from openipt.audit.record import record, record_clients_shown
from openipt.caseload import access
from openipt.groups.queries import groups_for_outcomes
from openipt.outcomes import dashboard, export, queries
from openipt.outcomes.figures import BY_KEY
from openipt.outcomes.forms import OutcomeFilterForm

EPISODES_PER_PAGE = 50
# The query string keys that are filters (kept on links from one outcome page to another).
FILTER_KEYS = ("period", "site", "team", "clinician", "modality", "problem_area", "group")


def _asked(request):
    form = OutcomeFilterForm(
        request.GET or None,
        user=request.user,
        today=timezone.localdate(),
        groups=groups_for_outcomes(request.user),
    )
    return form, form.chosen()


def period_facts(period):
    """The period as audit facts: its year, and its quarter (None for a whole year)."""
    quarter = (period.start.month - 1) // 3 + 1 if period.is_quarter else None
    return {"year": period.start.year, "quarter": quarter}


def _filters_kept(request):
    return urlencode([(key, request.GET[key]) for key in FILTER_KEYS if request.GET.get(key)])


@access.outcomes_required
def outcomes(request):
    form, choices = _asked(request)
    shown = dashboard.build(queries.summaries_for(request.user, choices), choices.period)
    record(request.user, "outcomes.viewed", request=request, facts=period_facts(choices.period))
    context = {
        "form": form,
        "dashboard": shown,
        "filters": dashboard.described_filters(choices),
        "scope": access.outcome_scope_in_words(request.user),
        "may_open_episodes": access.may_open_outcome_episodes(request.user),
        "keep": _filters_kept(request),
        "nav": "outcomes",
    }
    return render(request, "clinic/outcomes/dashboard.html", context)


@access.outcomes_required
def outcomes_csv(request):
    _, choices = _asked(request)
    shown = dashboard.build(queries.summaries_for(request.user, choices), choices.period)
    lines = export.rows(
        shown,
        dashboard.described_filters(choices),
        access.outcome_scope_in_words(request.user),
    )
    record(request.user, "outcomes.exported", request=request, facts=period_facts(choices.period))
    response = HttpResponse(export.csv_text(lines), content_type="text/csv; charset=utf-8")
    filename = f"outcomes-{choices.period.key}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@access.supervisor_required
def outcome_episodes(request, figure):
    found = BY_KEY.get(figure)
    if found is None:
        raise Http404("No such figure.")
    form, choices = _asked(request)
    counted_only = request.GET.get("only") == "counted"
    summaries = queries.summaries_for(request.user, choices)
    behind = queries.episodes_behind(summaries, found, choices.period, counted_only=counted_only)
    page = Paginator(behind, EPISODES_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    record_clients_shown(
        request.user,
        "outcomes.episodes_viewed",
        [row.episode.client for row in rows],
        request=request,
    )
    keep = _filters_kept(request)
    context = {
        "figure": found,
        "period": choices.period,
        "filters": dashboard.described_filters(choices),
        "rows": rows,
        "page": page,
        "counted_only": counted_only,
        "keep": keep + ("&only=counted" if counted_only else ""),
        "back": keep,
        "form": form,
        "nav": "outcomes",
    }
    return render(request, "clinic/outcomes/episodes.html", context)
