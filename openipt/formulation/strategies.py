"""The strategies typical of each problem area, as data (clinical reference, section 1).

The clinician ticks the ones they plan to use; session agendas read the ticked keys
through formulation.queries.planned_strategies(). Keys are stored, so never rename one.
"""

from dataclasses import dataclass

from .decision import DEFICITS, GRIEF, ROLE_DISPUTE, ROLE_TRANSITION


@dataclass(frozen=True)
class Strategy:
    key: str
    title: str


STRATEGIES = {
    GRIEF: (
        Strategy(
            "grief_relationship", "Go through the relationship before, during and after the death"
        ),
        Strategy(
            "grief_feelings", "Make room for the feelings the loss brings, including the mixed ones"
        ),
        Strategy("grief_memories", "Talk about good and difficult memories of the person"),
        Strategy("grief_reconnect", "Plan small steps back towards interests and people"),
    ),
    ROLE_DISPUTE: (
        Strategy("dispute_stage", "Agree the stage: renegotiation, impasse or dissolution"),
        Strategy("dispute_expectations", "Set out what each side expects and where that differs"),
        Strategy("dispute_communication", "Go through one recent disagreement in detail"),
        Strategy("dispute_options", "Weigh up the options that suit the stage"),
        Strategy("dispute_role_play", "Rehearse a conversation with the other person"),
    ),
    ROLE_TRANSITION: (
        Strategy("transition_old_role", "Talk about the old role: what was good, what is missed"),
        Strategy("transition_losses_gains", "Weigh what has been lost against what may be gained"),
        Strategy("transition_new_role", "Look at the new role as positively as is honest"),
        Strategy("transition_skills", "Build the skills and support the new role needs"),
    ),
    DEFICITS: (
        Strategy("deficits_history", "Look back over past relationships for repeating patterns"),
        Strategy("deficits_therapy", "Use the therapy relationship to notice those patterns"),
        Strategy("deficits_role_play", "Practise starting and keeping up contact"),
        Strategy("deficits_contacts", "Plan small steps towards new or renewed contact"),
    ),
}

BY_KEY = {strategy.key: strategy for group in STRATEGIES.values() for strategy in group}


def for_area(area):
    return STRATEGIES[area]


def titles(keys):
    """Titles of stored keys, in the order given; unknown keys are skipped."""
    return [BY_KEY[key].title for key in keys if key in BY_KEY]
