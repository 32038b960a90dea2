"""The strategies typical of each problem area, as data (clinical reference, section 1).

The clinician ticks the ones they plan to use; session agendas read the ticked keys
through formulation.queries.planned_strategies(). Keys are stored, so never rename one.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .decision import DEFICITS, GRIEF, ROLE_DISPUTE, ROLE_TRANSITION


@dataclass(frozen=True)
class Strategy:
    key: str
    title: str
    # For a role dispute: the stage (models.DisputeStage value) the strategy suits; blank
    # when it suits every stage.
    stage: str = ""


# Strategies by stage of a role dispute, from the stage's aim: renegotiation looks for the
# differences in expectations and alternatives; impasse reopens communication so that
# renegotiation can start; dissolution ends the relationship in the least harmful way and
# mourns it like a loss (docs/formulation.md, "Strategies").
RENEGOTIATION, IMPASSE, DISSOLUTION = "renegotiation", "impasse", "dissolution"


STRATEGIES = {
    GRIEF: (
        Strategy(
            "grief_relationship",
            _("Go through the relationship before, during and after the death"),
        ),
        Strategy(
            "grief_feelings",
            _("Make room for the feelings the loss brings, including the mixed ones"),
        ),
        Strategy("grief_memories", _("Talk about good and difficult memories of the person")),
        Strategy("grief_reconnect", _("Plan small steps back towards interests and people")),
    ),
    ROLE_DISPUTE: (
        Strategy("dispute_stage", _("Agree the stage: renegotiation, impasse or dissolution")),
        Strategy(
            "dispute_expectations", _("Set out what each side expects and where that differs")
        ),
        Strategy("dispute_communication", _("Go through one recent disagreement in detail")),
        Strategy("dispute_options", _("Weigh up the options that suit the stage")),
        Strategy("dispute_role_play", _("Rehearse a conversation with the other person")),
        Strategy(
            "dispute_renegotiation_calm",
            _("Renegotiation: lower the heat enough to look for a compromise together"),
            RENEGOTIATION,
        ),
        Strategy(
            "dispute_renegotiation_alternatives",
            _("Renegotiation: list alternatives each side could live with"),
            RENEGOTIATION,
        ),
        Strategy(
            "dispute_impasse_reopen",
            _("Impasse: reopen the conversation, even if the disagreement flares for a while"),
            IMPASSE,
        ),
        Strategy(
            "dispute_impasse_third_party",
            _("Impasse: consider who could help the two talk again (a joint session, a mediator)"),
            IMPASSE,
        ),
        Strategy(
            "dispute_dissolution_ending",
            _("Dissolution: plan an ending that does the least harm to both and to others"),
            DISSOLUTION,
        ),
        Strategy(
            "dispute_dissolution_mourn",
            _("Dissolution: mourn the relationship as a loss, then build other contacts"),
            DISSOLUTION,
        ),
    ),
    ROLE_TRANSITION: (
        Strategy(
            "transition_old_role", _("Talk about the old role: what was good, what is missed")
        ),
        Strategy(
            "transition_losses_gains", _("Weigh what has been lost against what may be gained")
        ),
        Strategy("transition_new_role", _("Look at the new role as positively as is honest")),
        Strategy("transition_skills", _("Build the skills and support the new role needs")),
    ),
    DEFICITS: (
        Strategy("deficits_history", _("Look back over past relationships for repeating patterns")),
        Strategy("deficits_therapy", _("Use the therapy relationship to notice those patterns")),
        Strategy("deficits_role_play", _("Practise starting and keeping up contact")),
        Strategy("deficits_contacts", _("Plan small steps towards new or renewed contact")),
    ),
}

BY_KEY = {strategy.key: strategy for group in STRATEGIES.values() for strategy in group}


def for_area(area, stage=""):
    """The strategies offered for an area. For a role dispute whose stage is recorded, the
    stage's own strategies come first among the stage-specific ones and the others' follow,
    so a change of stage never hides a strategy already ticked."""
    offered = STRATEGIES[area]
    if not stage:
        return offered
    general = [s for s in offered if not s.stage]
    this_stage = [s for s in offered if s.stage == stage]
    other_stages = [s for s in offered if s.stage and s.stage != stage]
    return tuple(general + this_stage + other_stages)


def titles(keys):
    """Titles of stored keys, in the order given; unknown keys are skipped."""
    return [BY_KEY[key].title for key in keys if key in BY_KEY]
