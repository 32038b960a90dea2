"""The audit actions of the formulation records (audit/events.py). All clinical."""

from openipt.audit.events import CLINICAL, Code, YesNo, declare

from . import strategies
from .models import Area, DisputeStage, EventKind, GoalStatus

PERSON_FIELD_WORDS = {
    "label": "name or role",
    "relationship": "relationship",
    "circle": "circle",
    "contact": "contact",
    "quality": "quality",
    "satisfying": "what is satisfying",
    "distress": "distress rating",
    "importance": "importance rating",
    "unsatisfying": "what is unsatisfying",
    "client_expects": "what the client expects",
    "they_expect": "what they expect",
    "would_change": "what the client would change",
}
AREA_FIELD_WORDS = {
    "other_party": "other party",
    "deceased_person": "person who died",
    "date_of_death": "date of the death",
    "loss": "what was lost",
    "grief_kind": "kind of grief",
    "old_role": "old role",
    "new_role": "new role",
    "losses": "losses",
    "gains": "gains",
    "isolation_pattern": "pattern of isolation",
}
# The formulation pages (clinic/views/formulation_pages.py), each audited when shown.
PAGES = {
    "formulation.overview_viewed": "Formulation overview viewed",
    "formulation.formulation_viewed": "Written formulation viewed",
    "formulation.formulation_versions_viewed": "Formulation versions viewed",
    "formulation.inventory_viewed": "Interpersonal inventory viewed",
    "formulation.inventory_comparison_viewed": "Inventory comparison viewed",
    "formulation.support_map_viewed": "Support map viewed",
    "formulation.timeline_viewed": "Timeline viewed",
    "formulation.problem_areas_viewed": "Problem areas viewed",
    "formulation.problem_area_viewed": "Problem area viewed",
}
SHARING = {
    "formulation.formulation_shared": "Formulation shared with the client",
    "formulation.formulation_unshared": "Formulation no longer shared with the client",
    "formulation.support_map_shared": "Support map shared with the client",
    "formulation.support_map_unshared": "Support map no longer shared with the client",
}
AREAS = Code(Area.choices)

for _code, _words in {**PAGES, **SHARING}.items():
    declare(_code, CLINICAL, _words)

declare("formulation.person_added", CLINICAL, "Person added to the inventory")
declare(
    "formulation.person_updated",
    CLINICAL,
    "Inventory person updated",
    says="Inventory person updated; changed: {changed}",
    changed=Code(PERSON_FIELD_WORDS, many=True),
)
declare(
    "formulation.event_added",
    CLINICAL,
    "Timeline event added",
    says="Timeline event added: {kind}",
    kind=Code(EventKind.choices),
)
declare(
    "formulation.event_removed",
    CLINICAL,
    "Timeline event removed",
    says="Timeline event removed: {kind}",
    kind=Code(EventKind.choices),
)
declare(
    "formulation.area_chosen",
    CLINICAL,
    "Problem area chosen",
    says="Problem area chosen: {area}; proposed: {proposed}; {followed}",
    area=AREAS,
    proposed=Code(Area.choices, many=True),
    followed=YesNo(yes="the proposal was accepted", no="the proposal was overridden"),
)
declare(
    "formulation.area_updated",
    CLINICAL,
    "Problem area details saved",
    says="Problem area details saved; changed: {changed}",
    changed=Code(AREA_FIELD_WORDS, many=True),
)
declare(
    "formulation.area_set_aside",
    CLINICAL,
    "Problem area set aside",
    says="Problem area set aside: {area}",
    area=AREAS,
)
declare(
    "formulation.dispute_stage_recorded",
    CLINICAL,
    "Stage of the dispute recorded",
    says="Stage of the dispute recorded: {stage}",
    stage=Code(DisputeStage.choices),
)
declare(
    "formulation.strategies_planned",
    CLINICAL,
    "Strategies planned",
    says="Strategies planned: {strategies}",
    strategies=Code(
        {key: strategy.title for key, strategy in strategies.BY_KEY.items()}, many=True
    ),
)
declare("formulation.goal_added", CLINICAL, "Goal added")
declare(
    "formulation.goal_reviewed",
    CLINICAL,
    "Goal reviewed",
    says="Goal reviewed: {status}",
    status=Code(GoalStatus.choices),
)
declare("formulation.version_saved", CLINICAL, "Written formulation saved")
