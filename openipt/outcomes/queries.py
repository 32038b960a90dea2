"""Reads of outcome summaries for the dashboard: whose episodes a person's figures count
(`caseload.access.outcome_scope`), narrowed by the filters chosen, and the episodes behind
a figure for the supervisor who may open them."""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, Value

from openipt.accounts.models import CLINICIAN_ROLES, Role, Site, User
from openipt.caseload import access
from openipt.formulation.models import ProblemArea
from openipt.measures.queries import improvement_rule

from .figures import COUNT, in_period
from .models import OutcomeSummary
from .periods import Period


@dataclass(frozen=True)
class Choices:
    """What the dashboard is asked for: a period and the filters (None: not filtered)."""

    period: Period
    site: Site | None = None
    team: User | None = None  # a supervisor: the episodes of the clinicians they supervise
    clinician: User | None = None
    modality: str = ""
    problem_area: str = ""
    # A group (groups.Group): the episodes of its members' courses delivered in it, each
    # member's course being the episode of their membership. Offered by the page from
    # groups.queries.groups_for_outcomes, so this app does not import the groups app.
    group: object | None = None


def summaries_for(user, choices):
    """The summaries a person's figures count (their scope), narrowed by the filters; a
    filter never widens the scope."""
    summaries = OutcomeSummary.objects.filter(access.outcome_scope(user))
    if choices.site is not None:
        summaries = summaries.filter(site=choices.site)
    if choices.team is not None:
        summaries = summaries.filter(clinician__in=access.team_clinician_ids(choices.team))
    if choices.clinician is not None:
        summaries = summaries.filter(clinician=choices.clinician)
    if choices.modality:
        summaries = summaries.filter(modality=choices.modality)
    if choices.problem_area:
        chosen = ProblemArea.objects.filter(area=choices.problem_area).values("episode_id")
        summaries = summaries.filter(episode_id__in=chosen)
    if choices.group is not None:
        summaries = summaries.filter(episode__group_membership__group=choices.group)
    return summaries


def recomputation_checks():
    """What the dashboard counts beside its figures, over the summaries they are counted
    from: those worked out under another improvement rule than the one in force, and those
    marked stale (docs/outcomes.md)."""
    return {"other_rule": ~Q(improvement_rule=improvement_rule()), "stale": Q(stale=True)}


def episodes_behind(summaries, figure, period, *, counted_only=False):
    """The summaries a figure is counted over in the period (or only those it counts), with
    their episodes' clients, clinicians and sites, those it counts first. For the supervisor
    only (the view is supervisor_required and `summaries` is in their scope)."""
    behind = summaries.filter(in_period(figure, period) & figure.over)
    counts = figure.counts if figure.kind != COUNT and figure.counts is not None else None
    if counts is not None and counted_only:
        behind = behind.filter(counts)
    counted = ExpressionWrapper(counts, output_field=BooleanField()) if counts else Value(True)
    return (
        behind.annotate(counted=counted)
        .select_related("episode__client", "clinician", "site")
        .order_by("-counted", f"-{figure.when}", "episode_id")
    )


# --- what the filters offer ----------------------------------------------------------------


def sites_of(organisation_id):
    return Site.objects.filter(organisation_id=organisation_id)


def supervisors_of(organisation_id):
    return User.objects.filter(organisation_id=organisation_id, role=Role.SUPERVISOR).order_by(
        "last_name", "first_name", "pk"
    )


def clinicians_for(user):
    """The clinicians a person may filter by: a supervisor's team, else every clinician of
    the organisation (inactive ones too: their courses still count)."""
    clinicians = User.objects.filter(organisation_id=user.organisation_id, role__in=CLINICIAN_ROLES)
    if user.role == Role.SUPERVISOR:
        clinicians = clinicians.filter(supervisor=user)
    return clinicians.order_by("last_name", "first_name", "pk")
