"""Every change to the formulation records, each atomic and audited in the same transaction.

Forms validate; these functions assume valid input. History is never rewritten: a
changed person, a new dispute stage, a goal review, a formulation edit and a sharing
decision each add a row.
"""

from django.db import transaction
from django.utils import timezone

from openipt.audit.record import record

from .models import (
    MAX_ACTIVE_AREAS,
    Area,
    DisputeStageRecord,
    FormulationVersion,
    Goal,
    GoalReview,
    InventoryPerson,
    LifeEvent,
    PersonVersion,
    ProblemArea,
    Shareable,
    ShareDecision,
)

PERSON_FIELDS = (
    "label",
    "relationship",
    "circle",
    "contact",
    "quality",
    "distress",
    "importance",
    "satisfying",
    "unsatisfying",
    "client_expects",
    "they_expect",
    "would_change",
)
AREA_DETAIL_FIELDS = (
    "other_party",
    "deceased_person",
    "date_of_death",
    "loss",
    "grief_kind",
    "old_role",
    "new_role",
    "losses",
    "gains",
    "isolation_pattern",
)


class TooManyAreas(ValueError):
    """A third problem area while two are active."""


SHARING_ACTIONS = {
    (Shareable.FORMULATION, True): "formulation.formulation_shared",
    (Shareable.FORMULATION, False): "formulation.formulation_unshared",
    (Shareable.SUPPORT_MAP, True): "formulation.support_map_shared",
    (Shareable.SUPPORT_MAP, False): "formulation.support_map_unshared",
}


class NothingToShare(ValueError):
    """Sharing a formulation before any version has been saved."""


def _audit(actor, action, obj, episode, request, facts=None):
    record(actor, action, obj, client=episode.client, request=request, facts=facts)


# --- inventory --------------------------------------------------------------------------


@transaction.atomic
def add_person(actor, episode, *, recorded_on, session=None, request=None, **details):
    person = InventoryPerson.objects.create(episode=episode, created_by=actor)
    PersonVersion.objects.create(
        person=person, recorded_on=recorded_on, session=session, recorded_by=actor, **details
    )
    _audit(actor, "formulation.person_added", person, episode, request)
    return person


@transaction.atomic
def update_person(actor, person, *, recorded_on, session=None, request=None, **details):
    """A new version of what is known about a person; earlier versions stay as they were."""
    before = person.versions.order_by("-recorded_on", "-id").first()
    version = PersonVersion.objects.create(
        person=person, recorded_on=recorded_on, session=session, recorded_by=actor, **details
    )
    changed = [name for name in PERSON_FIELDS if getattr(before, name, None) != details.get(name)]
    _audit(
        actor,
        "formulation.person_updated",
        person,
        person.episode,
        request,
        facts={"changed": changed},
    )
    return version


# --- timeline ---------------------------------------------------------------------------


@transaction.atomic
def add_life_event(
    actor,
    episode,
    *,
    kind,
    occurred_on,
    approximate=False,
    anticipated=False,
    person=None,
    note="",
    request=None,
):
    event = LifeEvent.objects.create(
        episode=episode,
        kind=kind,
        occurred_on=occurred_on,
        approximate=approximate,
        anticipated=anticipated,
        person=person,
        note=note,
        recorded_by=actor,
    )
    _audit(actor, "formulation.event_added", event, episode, request, facts={"kind": kind})
    return event


@transaction.atomic
def remove_life_event(actor, event, *, request=None):
    """Takes an event off the timeline; the row stays, marked removed."""
    event.removed_at = timezone.now()
    event.removed_by = actor
    event.save(update_fields=["removed_at", "removed_by"])
    _audit(
        actor,
        "formulation.event_removed",
        event,
        event.episode,
        request,
        facts={"kind": event.kind},
    )
    return event


# --- problem areas, goals, strategies ---------------------------------------------------


@transaction.atomic
def choose_problem_area(actor, episode, *, area, chosen_on, assessment, request=None):
    """Records the chosen area with what decision support proposed and the reasons it showed."""
    active = episode.problem_areas.select_for_update().filter(set_aside_at__isnull=True)
    if active.count() >= MAX_ACTIVE_AREAS:
        # Never shown: the form refuses a third area in its own words (ChooseAreaForm).
        raise TooManyAreas(f"At most {MAX_ACTIVE_AREAS} problem areas can be active.")
    proposal = assessment.proposal_for(area)
    chosen = ProblemArea.objects.create(
        episode=episode,
        area=area,
        chosen_on=chosen_on,
        chosen_by=actor,
        proposed_areas=assessment.areas,
        reasons_shown=assessment.reasons_as_shown(),
        followed_proposal=proposal is not None,
        **_details_from(proposal),
    )
    facts = {"area": area, "proposed": list(assessment.areas), "followed": proposal is not None}
    _audit(actor, "formulation.area_chosen", chosen, episode, request, facts=facts)
    return chosen


def _details_from(proposal):
    """Starting details taken from the proposal the clinician accepted (editable later)."""
    if proposal is None or proposal.person is None and proposal.on is None:
        return {}
    if proposal.area == Area.GRIEF:
        return {"deceased_person_id": proposal.person, "date_of_death": proposal.on}
    if proposal.area == Area.ROLE_DISPUTE:
        return {"other_party_id": proposal.person}
    return {}


@transaction.atomic
def update_problem_area(actor, problem_area, *, request=None, **details):
    changed = sorted(
        name
        for name, value in details.items()
        if name in AREA_DETAIL_FIELDS and getattr(problem_area, name) != value
    )
    for name in changed:
        setattr(problem_area, name, details[name])
    if changed:
        problem_area.save(update_fields=changed)
    _audit(
        actor,
        "formulation.area_updated",
        problem_area,
        problem_area.episode,
        request,
        facts={"changed": changed},
    )
    return problem_area


@transaction.atomic
def set_aside_problem_area(actor, problem_area, *, request=None):
    problem_area.set_aside_at = timezone.now()
    problem_area.save(update_fields=["set_aside_at"])
    _audit(
        actor,
        "formulation.area_set_aside",
        problem_area,
        problem_area.episode,
        request,
        facts={"area": problem_area.area},
    )
    return problem_area


@transaction.atomic
def record_dispute_stage(
    actor, problem_area, *, stage, recorded_on, session=None, note="", request=None
):
    entry = DisputeStageRecord.objects.create(
        problem_area=problem_area,
        stage=stage,
        recorded_on=recorded_on,
        session=session,
        note=note,
        recorded_by=actor,
    )
    episode = problem_area.episode
    _audit(
        actor,
        "formulation.dispute_stage_recorded",
        entry,
        episode,
        request,
        facts={"stage": stage},
    )
    return entry


@transaction.atomic
def set_planned_strategies(actor, problem_area, *, keys, request=None):
    problem_area.planned_strategies = list(keys)
    problem_area.save(update_fields=["planned_strategies"])
    _audit(
        actor,
        "formulation.strategies_planned",
        problem_area,
        problem_area.episode,
        request,
        facts={"strategies": list(keys)},
    )
    return problem_area


@transaction.atomic
def add_goal(actor, problem_area, *, text, request=None):
    goal = Goal.objects.create(problem_area=problem_area, text=text, created_by=actor)
    _audit(actor, "formulation.goal_added", goal, problem_area.episode, request)
    return goal


@transaction.atomic
def save_problem_area(actor, problem_area, *, details, goal_text="", strategy_keys, request=None):
    """The problem area page's one form: its details, an optional new goal and the strategy
    checklist, saved together or not at all. Each part writes its own audit event; the
    checklist only when it changed."""
    update_problem_area(actor, problem_area, request=request, **details)
    goal = add_goal(actor, problem_area, text=goal_text, request=request) if goal_text else None
    if list(strategy_keys) != list(problem_area.planned_strategies or []):
        set_planned_strategies(actor, problem_area, keys=strategy_keys, request=request)
    return goal


@transaction.atomic
def review_goal(actor, goal, *, status, reviewed_on, session=None, note="", request=None):
    review = GoalReview.objects.create(
        goal=goal,
        status=status,
        reviewed_on=reviewed_on,
        session=session,
        note=note,
        recorded_by=actor,
    )
    episode = goal.problem_area.episode
    _audit(actor, "formulation.goal_reviewed", review, episode, request, facts={"status": status})
    return review


# --- the written formulation and sharing ------------------------------------------------


@transaction.atomic
def save_formulation(actor, episode, *, text, request=None):
    version = FormulationVersion.objects.create(episode=episode, text=text, written_by=actor)
    _audit(actor, "formulation.version_saved", version, episode, request)
    return version


@transaction.atomic
def decide_sharing(actor, episode, *, item, shared, request=None):
    """Share the latest formulation version or the support map with the client, or stop."""
    version = None
    if item == Shareable.FORMULATION and shared:
        version = episode.formulation_versions.order_by("-created_at", "-id").first()
        if version is None:
            # Never shown: the formulation page says it in its own words.
            raise NothingToShare("Save a formulation before sharing it.")
    decision = ShareDecision.objects.create(
        episode=episode, item=item, shared=shared, version=version, decided_by=actor
    )
    _audit(actor, SHARING_ACTIONS[item, shared], decision, episode, request)
    return decision
