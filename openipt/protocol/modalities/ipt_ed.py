"""IPT for eating disorders (IPT-ED): about 20 weekly sessions for bulimia nervosa or binge
eating disorder.

Individual IPT's steps, with the eating problem linked to what happens between the client and
other people: the history takes in the eating, and each middle session looks at the eating
episodes of the week against the interpersonal events around them. Measured with the PHQ-9 and
GAD-7; an eating-disorder questionnaire is not shipped.
"""

from django.utils.translation import gettext_lazy as _

from . import individual_ipt
from .base import BoundaryRule, Modality, SessionRange, Task, replace_tasks, same_measures_phases

EATING_AND_PEOPLE = Task(
    key="eating_and_relationships",
    title=_("Link the week's eating episodes to what happened with people"),
    guide=_(
        "Go through the week's binges, purges or skipped meals with the client and what was"
        " going on with other people just before: an argument, feeling left out, being alone."
        " Keep the focus on the problem area rather than on food rules."
    ),
    every_session=True,
    builds_on=("choose_problem_areas",),
)

INITIAL_TASKS = replace_tasks(
    individual_ipt.INITIAL_TASKS,
    Task(
        key="history_and_diagnosis",
        title=_("Take the history, with the eating"),
        guide=_(
            "Ask about the eating problem (binges, vomiting, laxatives, restriction), since when,"
            " and what was going on in the client's relationships when it began or got worse."
            " Check weight and physical health with their doctor. Severe restriction or a very"
            " low weight (anorexia nervosa) needs a specialist eating-disorder service."
        ),
    ),
    Task(
        key="psychoeducation",
        title=_("Explain how eating and relationships are linked"),
        guide=_(
            "Explain that eating problems often flare when things are hard with people, and"
            " that the therapy works on those relationship problems so the eating has less to"
            " do. Say how many sessions you will have and what they will focus on."
        ),
    ),
)

MIDDLE_TASKS = (*individual_ipt.MIDDLE_TASKS, EATING_AND_PEOPLE)

MEASURES = individual_ipt.EVERY_SESSION_MEASURES

MODALITY = Modality(
    code="ipt_ed",
    name=_("IPT for eating disorders (IPT-ED)"),
    summary=_("Weekly IPT for bulimia or binge eating, about 20 sessions."),
    audience=individual_ipt.MODALITY.audience,
    planned_sessions=SessionRange(minimum=16, maximum=24, default=20, typical=(18, 20)),
    session_minutes=individual_ipt.MODALITY.session_minutes,
    spacing=individual_ipt.MODALITY.spacing,
    # A longer course: a slightly longer start and ending.
    boundary_rules=(BoundaryRule(from_planned=16, initial_sessions=4, termination_sessions=4),),
    phases=same_measures_phases(
        INITIAL_TASKS, MIDDLE_TASKS, individual_ipt.TERMINATION_TASKS, MEASURES
    ),
)
