"""Reads that several formulation pages share, and the facts the pure modules work on.

Query counts stay constant however many people, events or versions an episode has:
every list is one query plus prefetches.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openipt.measures import instruments
from openipt.measures.models import MeasureAdministration
from openipt.protocol.models import CoursePlan, Session, TreatmentContract

from . import decision, draft, maps, strategies, timeline
from .models import (
    CIRCLE_ORDER,
    SYMPTOM_KINDS,
    Area,
    DisputeStageRecord,
    EventKind,
    FormulationVersion,
    Goal,
    GoalReview,
    GoalStatus,
    PersonVersion,
    ProblemArea,
    Shareable,
    ShareDecision,
)

# The symptom measure drawn under the timeline: the first of these with any scores.
SYMPTOM_MEASURES = ("phq9", "phqa")


# --- inventory --------------------------------------------------------------------------


def people_of(episode):
    """Inventory people in order, each with .history (all versions, oldest first),
    .start (the first version) and .current (the latest)."""
    versions = PersonVersion.objects.select_related("session").order_by("recorded_on", "id")
    people = episode.inventory_people.prefetch_related(Prefetch("versions", queryset=versions))
    found = []
    for person in people:
        person.history = list(person.versions.all())
        if person.history:
            person.start, person.current = person.history[0], person.history[-1]
            person.moved = person.start.circle != person.current.circle
            found.append(person)
    return found


def rated(people):
    """The current versions that carry a distress or importance rating, most troubling
    first (then most important): the concerns to weigh when choosing the focus."""
    shown = [
        person.current
        for person in people
        if person.current.distress is not None or person.current.importance is not None
    ]
    return sorted(shown, key=lambda v: (-(v.distress or 0), -(v.importance or 0), v.label.lower()))


# Which timeline events tie a person to which problem area.
EVENT_AREAS = {
    EventKind.DEATH: Area.GRIEF,
    EventKind.DISPUTE: Area.ROLE_DISPUTE,
    EventKind.LIFE_CHANGE: Area.ROLE_TRANSITION,
    EventKind.ISOLATION: Area.DEFICITS,
}


@dataclass(frozen=True)
class AreaGroup:
    area: str  # an Area, or "" for the people tied to none
    name: str
    chosen: bool
    people: tuple  # InventoryPerson, as people_of loads them


def _areas_of_person(person, events, areas):
    tied = {
        EVENT_AREAS[e.kind] for e in events if e.person_id == person.pk and e.kind in EVENT_AREAS
    }
    for area in areas:
        if person.pk in (area.deceased_person_id, area.other_party_id):
            tied.add(area.area)
    if person.current.quality in decision.CONFLICTUAL_QUALITIES:
        tied.add(Area.ROLE_DISPUTE)
    return tied


def grouped_by_area(people, events, areas):
    """The inventory grouped by problem area: a person belongs to an area through a
    timeline event linked to them (a death, a dispute, a life change, isolation), as the
    person or other party of a chosen area, or (role dispute) a conflictual relationship.
    A person may be in several groups; those tied to none are listed last. `areas` are the
    episode's active problem areas."""
    chosen = {area.area for area in areas}
    ties = {person.pk: _areas_of_person(person, events, areas) for person in people}
    groups = [
        AreaGroup(area, label, area in chosen, tuple(p for p in people if area in ties[p.pk]))
        for area, label in Area.choices
    ]
    loose = tuple(p for p in people if not ties[p.pk])
    return [*groups, AreaGroup("", _("Not tied to a problem area"), False, loose)]


def versions_by_circle(people, version="current"):
    """The shown version of each person, inner circle first: rows of a map's text alternative."""
    shown = [getattr(person, version) for person in people]
    return sorted(shown, key=lambda v: (CIRCLE_ORDER.index(v.circle), v.label.lower()))


COMPARED = (
    ("label", _("Name or role")),
    ("relationship", _("Relationship")),
    ("circle", _("Circle")),
    ("contact", _("How often in contact")),
    ("quality", _("Supportive or conflictual")),
    ("satisfying", _("What is satisfying")),
    ("unsatisfying", _("What is unsatisfying")),
    ("client_expects", _("What the client expects of them")),
    ("they_expect", _("What they expect of the client")),
    ("would_change", _("What the client would like to change")),
)


def _shown(version, name):
    display = getattr(version, f"get_{name}_display", None)
    return display() if display else getattr(version, name)


def comparison(person):
    """Rows of question, start answer, answer now, and whether it changed."""
    rows = []
    for name, question in COMPARED:
        start, now = _shown(person.start, name), _shown(person.current, name)
        rows.append({"question": question, "start": start, "now": now, "changed": start != now})
    return rows


def person_labels(people):
    return {person.pk: person.current.label for person in people}


def map_people(people, *, version="current", show_moves=False):
    """maps.MapPerson for each person, as at the start or now."""
    result = []
    for person in people:
        shown = getattr(person, version)
        moved_from = person.start.circle if show_moves and person.moved else None
        result.append(
            maps.MapPerson(
                key=person.pk,
                label=shown.label,
                circle=shown.circle,
                quality=shown.quality,
                deceased=shown.is_deceased,
                moved_from=moved_from,
            )
        )
    return result


def support_map_svg(people, *, version="current", show_moves=False, **options):
    return maps.support_map(map_people(people, version=version, show_moves=show_moves), **options)


def narrow_support_map_svg(people, **options):
    """The current map drawn for a phone (maps.narrow_support_map)."""
    return maps.narrow_support_map(map_people(people), **options)


# --- timeline and scores ----------------------------------------------------------------


def events_of(episode):
    return list(
        episode.life_events.filter(removed_at__isnull=True)
        .select_related("recorded_by")
        .order_by("occurred_on", "id")
    )


def event_label(event, labels):
    person = labels.get(event.person_id, "")
    if event.kind in SYMPTOM_KINDS:
        if not event.note:
            return str(event.get_kind_display())
        return gettext("%(kind)s: %(note)s") % {
            "kind": event.get_kind_display(),
            "note": event.note,
        }
    if event.kind == EventKind.DEATH:
        words = gettext("%(name)s died") % {"name": person} if person else gettext("A death")
    elif event.kind == EventKind.DISPUTE:
        words = (
            gettext("Dispute with %(name)s") % {"name": person} if person else gettext("Dispute")
        )
    else:
        words = event.note or str(event.get_kind_display())
        if person:
            words = gettext("%(event)s (%(name)s)") % {"event": words, "name": person}
    return gettext("%(event)s (expected)") % {"event": words} if event.anticipated else words


def symptom_scores(episode):
    """(instrument definition, administrations) of the first symptom measure with scores."""
    rows = list(
        MeasureAdministration.objects.filter(episode=episode, instrument__in=SYMPTOM_MEASURES)
        .order_by("administered_on", "created_at", "id")
        .only("instrument", "administered_on", "total", "band")
    )
    for code in SYMPTOM_MEASURES:
        chosen = [row for row in rows if row.instrument == code]
        if chosen:
            return instruments.QUESTIONNAIRES[code], chosen
    return None, []


def score_scale(definition):
    gridlines = tuple(band.upper + 1 for band in definition.bands[:-1])
    return timeline.ScoreScale(definition.name, definition.max_total, gridlines)


def timeline_svg(events, labels, definition, scores, **options):
    points = [
        timeline.Point(e.occurred_on, e.kind, event_label(e, labels), e.approximate) for e in events
    ]
    score_points = [timeline.Score(s.administered_on, s.total) for s in scores]
    scale = score_scale(definition) if definition else None
    return timeline.timeline(points, score_points, scale, **options)


# --- problem areas ----------------------------------------------------------------------


def decision_facts(people, events):
    person_facts = [
        decision.PersonFact(
            key=p.pk,
            label=p.current.label,
            relationship=p.current.relationship,
            circle=p.current.circle,
            quality=p.current.quality,
            unsatisfying=bool(p.current.unsatisfying.strip()),
        )
        for p in people
    ]
    event_facts = [
        decision.EventFact(e.kind, e.occurred_on, e.approximate, e.person_id, e.note, e.anticipated)
        for e in events
    ]
    return person_facts, event_facts


def assess(people, events, as_of=None):
    person_facts, event_facts = decision_facts(people, events)
    return decision.propose(person_facts, event_facts, as_of=as_of or date.today())


def areas_of(episode, *, active_only=True):
    """Problem areas with goals (each with .status and .reviews) and dispute stages."""
    reviews = GoalReview.objects.select_related("session").order_by("reviewed_on", "id")
    goals = Goal.objects.prefetch_related(Prefetch("reviews", queryset=reviews))
    stages = DisputeStageRecord.objects.select_related("session").order_by("recorded_on", "id")
    areas = episode.problem_areas.select_related("chosen_by").prefetch_related(
        Prefetch("goals", queryset=goals),
        Prefetch("stage_records", queryset=stages),
    )
    if active_only:
        areas = areas.filter(set_aside_at__isnull=True)
    areas = list(areas)
    for area in areas:
        area.goal_list = list(area.goals.all())
        for goal in area.goal_list:
            goal.review_list = list(goal.reviews.all())
            goal.status = (
                goal.review_list[-1].status if goal.review_list else GoalStatus.NOT_STARTED
            )
            goal.status_label = GoalStatus(goal.status).label
        area.stages = list(area.stage_records.all())
        area.current_stage = area.stages[-1] if area.stages else None
        area.strategy_titles = strategies.titles(area.planned_strategies)
    return areas


def active_goals_of(episode):
    """Goals of the episode's problem areas that are not set aside."""
    return Goal.objects.filter(
        problem_area__episode=episode, problem_area__set_aside_at__isnull=True
    )


def planned_strategies(episode):
    """(problem area, [Strategy]) for each active area: the checklist session agendas use."""
    return [
        (
            area,
            [strategies.BY_KEY[key] for key in area.planned_strategies if key in strategies.BY_KEY],
        )
        for area in ProblemArea.objects.filter(episode=episode, set_aside_at__isnull=True)
    ]


# --- formulation and sharing ------------------------------------------------------------


@dataclass
class Sharing:
    formulation: FormulationVersion | None = None
    formulation_decision: object = None
    map_shared: bool = False
    map_decision: object = None


def sharing_of(episode):
    return sharing_by_episode([episode])[episode.pk]


def sharing_by_episode(episodes):
    """{episode id: Sharing} for several episodes in one query."""
    decisions = (
        ShareDecision.objects.filter(episode__in=episodes)
        .select_related("version", "decided_by")
        .order_by("decided_at", "id")
    )
    states = {episode.pk: Sharing() for episode in episodes}
    for entry in decisions:
        state = states[entry.episode_id]
        if entry.item == Shareable.FORMULATION:
            state.formulation = entry.version if entry.shared else None
            state.formulation_decision = entry
        else:
            state.map_shared = entry.shared
            state.map_decision = entry
    return states


def latest_formulation(episode):
    return (
        episode.formulation_versions.select_related("written_by")
        .order_by("-created_at", "-id")
        .first()
    )


def course_plan(episode):
    return CoursePlan.objects.filter(episode=episode).first()


def sessions_of(episode):
    return Session.objects.filter(episode=episode).order_by("number")


def _score_fact(definition, row):
    return draft.ScoreFact(definition.name, row.total, row.band, row.administered_on)


def _area_facts(area, labels):
    person = area.deceased_person_id or area.other_party_id
    when = area.date_of_death
    return draft.AreaFacts(
        area=area.area,
        person=labels.get(person, ""),
        when=date_format(when, "F Y") if when else "",
        stage=area.current_stage.stage if area.current_stage else "",
        old_role=area.old_role,
        new_role=area.new_role,
        losses=area.losses,
        gains=area.gains,
        pattern=area.isolation_pattern,
        goals=tuple(goal.text for goal in area.goal_list),
    )


def draft_facts(episode, people, events, areas):
    labels = person_labels(people)
    definition, scores = symptom_scores(episode)
    plan = course_plan(episode)
    onset = [e for e in events if e.kind == EventKind.ONSET]
    life = [e for e in events if e.kind not in SYMPTOM_KINDS]
    return draft.DraftFacts(
        concerns=episode.presenting_concerns,
        first_score=_score_fact(definition, scores[0]) if scores else None,
        latest_score=_score_fact(definition, scores[-1]) if scores else None,
        onset=onset[0].when if onset else "",
        worsening=tuple(e.when for e in events if e.kind == EventKind.WORSENING),
        events=tuple(
            draft.EventLine(e.kind, e.when, labels.get(e.person_id, ""), e.note) for e in life
        ),
        areas=tuple(_area_facts(area, labels) for area in areas),
        planned_sessions=plan.planned_sessions if plan else None,
        end_date=plan.agreed_end_date if plan else None,
        sick_role_given_on=_sick_role_date(episode),
    )


def _sick_role_date(episode):
    return (
        TreatmentContract.objects.filter(episode=episode)
        .values_list("sick_role_given_on", flat=True)
        .first()
    )


def draft_for(episode):
    people = people_of(episode)
    return draft.draft(draft_facts(episode, people, events_of(episode), areas_of(episode)))
