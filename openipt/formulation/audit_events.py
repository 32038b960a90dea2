"""The audit actions of the formulation records (audit/events.py). All clinical."""

from django.utils.translation import gettext_lazy as _

from openipt.audit.events import CLINICAL, Code, YesNo, declare

from . import strategies
from .models import Area, DisputeStage, EventKind, GoalStatus

PERSON_FIELD_WORDS = {
    "label": _("name or role"),
    "relationship": _("relationship"),
    "circle": _("circle"),
    "contact": _("contact"),
    "quality": _("quality"),
    "satisfying": _("what is satisfying"),
    "distress": _("distress rating"),
    "importance": _("importance rating"),
    "unsatisfying": _("what is unsatisfying"),
    "client_expects": _("what the client expects"),
    "they_expect": _("what they expect"),
    "would_change": _("what the client would change"),
}
AREA_FIELD_WORDS = {
    "other_party": _("other party"),
    "deceased_person": _("person who died"),
    "date_of_death": _("date of the death"),
    "loss": _("what was lost"),
    "grief_kind": _("kind of grief"),
    "old_role": _("old role"),
    "new_role": _("new role"),
    "losses": _("losses"),
    "gains": _("gains"),
    "isolation_pattern": _("pattern of isolation"),
}
# The formulation pages (clinic/views/formulation_pages.py), each audited when shown.
PAGES = {
    "formulation.overview_viewed": _("Formulation overview viewed"),
    "formulation.formulation_viewed": _("Written formulation viewed"),
    "formulation.formulation_versions_viewed": _("Formulation versions viewed"),
    "formulation.inventory_viewed": _("Interpersonal inventory viewed"),
    "formulation.inventory_comparison_viewed": _("Inventory comparison viewed"),
    "formulation.support_map_viewed": _("Support map viewed"),
    "formulation.timeline_viewed": _("Timeline viewed"),
    "formulation.problem_areas_viewed": _("Problem areas viewed"),
    "formulation.problem_area_viewed": _("Problem area viewed"),
}
SHARING = {
    "formulation.formulation_shared": _("Formulation shared with the client"),
    "formulation.formulation_unshared": _("Formulation no longer shared with the client"),
    "formulation.support_map_shared": _("Support map shared with the client"),
    "formulation.support_map_unshared": _("Support map no longer shared with the client"),
}
AREAS = Code(Area.choices)

for _code, _words in {**PAGES, **SHARING}.items():
    declare(_code, CLINICAL, _words)

declare("formulation.person_added", CLINICAL, _("Person added to the inventory"))
declare(
    "formulation.person_updated",
    CLINICAL,
    _("Inventory person updated"),
    says=_("Inventory person updated; changed: {changed}"),
    changed=Code(PERSON_FIELD_WORDS, many=True),
)
declare(
    "formulation.event_added",
    CLINICAL,
    _("Timeline event added"),
    says=_("Timeline event added: {kind}"),
    kind=Code(EventKind.choices),
)
declare(
    "formulation.event_removed",
    CLINICAL,
    _("Timeline event removed"),
    says=_("Timeline event removed: {kind}"),
    kind=Code(EventKind.choices),
)
declare(
    "formulation.area_chosen",
    CLINICAL,
    _("Problem area chosen"),
    says=_("Problem area chosen: {area}; proposed: {proposed}; {followed}"),
    area=AREAS,
    proposed=Code(Area.choices, many=True),
    followed=YesNo(yes=_("the proposal was accepted"), no=_("the proposal was overridden")),
)
declare(
    "formulation.area_updated",
    CLINICAL,
    _("Problem area details saved"),
    says=_("Problem area details saved; changed: {changed}"),
    changed=Code(AREA_FIELD_WORDS, many=True),
)
declare(
    "formulation.area_set_aside",
    CLINICAL,
    _("Problem area set aside"),
    says=_("Problem area set aside: {area}"),
    area=AREAS,
)
declare(
    "formulation.dispute_stage_recorded",
    CLINICAL,
    _("Stage of the dispute recorded"),
    says=_("Stage of the dispute recorded: {stage}"),
    stage=Code(DisputeStage.choices),
)
declare(
    "formulation.strategies_planned",
    CLINICAL,
    _("Strategies planned"),
    says=_("Strategies planned: {strategies}"),
    strategies=Code(
        {key: strategy.title for key, strategy in strategies.BY_KEY.items()}, many=True
    ),
)
declare("formulation.goal_added", CLINICAL, _("Goal added"))
declare(
    "formulation.goal_reviewed",
    CLINICAL,
    _("Goal reviewed"),
    says=_("Goal reviewed: {status}"),
    status=Code(GoalStatus.choices),
)
declare("formulation.version_saved", CLINICAL, _("Written formulation saved"))
