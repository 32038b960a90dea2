"""IPSRT: Interpersonal and Social Rhythm Therapy for bipolar disorder.

Individual IPT's steps, reworded for bipolar disorder, plus daily social-rhythm tracking
with the SRM-5: the client records five daily times, and each session reviews the week's
regularity score and steadies one routine at a time.
"""

from django.utils.translation import gettext_lazy as _

from . import individual_ipt
from .base import BoundaryRule, Modality, Phase, PhaseKey, SessionRange, Task, replace_tasks

INITIAL_TASKS = (
    *replace_tasks(
        individual_ipt.INITIAL_TASKS,
        Task(
            key="history_and_diagnosis",
            title=_("Take the history of mood episodes"),
            guide=_(
                "Go through past episodes of depression and of highs, what came before each and"
                " how they were treated. Check for a current suicidal crisis, mania or psychosis,"
                " which need urgent medical care before therapy."
            ),
        ),
        Task(
            key="psychoeducation",
            title=_("Explain bipolar disorder and why routines matter"),
            guide=_(
                "Explain that bipolar disorder is a treatable illness and that disrupted sleep and"
                " daily routines can set off episodes. Describe how the sessions combine work on"
                " relationships with steadying daily rhythms, alongside prescribed treatment."
            ),
        ),
    ),
    Task(
        key="social_rhythm_history",
        title=_("Link routine disruptions to past episodes"),
        guide=_(
            "Ask how regular the client's sleep, meals and daily activities are, and whether"
            " changes such as shift work, travel or late nights came before past episodes."
        ),
        builds_on=("history_and_diagnosis", "timeline"),
    ),
    Task(
        key="start_rhythm_tracking",
        title=_("Start the daily SRM-5 record"),
        guide=_(
            "Show the client how to note each day the times they got up, first spoke with"
            " someone, started work or other main activity, had dinner and went to bed. Agree"
            " when they will fill it in so it becomes a habit."
        ),
    ),
)

REVIEW_RHYTHMS = Task(
    key="review_social_rhythms",
    title=_("Review the week's social rhythms"),
    guide=_(
        "Look at the week's SRM-5 record and score with the client and find the least regular"
        " routine. Agree a target time for it and what would help keep to it."
    ),
    every_session=True,
    builds_on=("start_rhythm_tracking",),
)

MIDDLE_TASKS = (
    *replace_tasks(
        individual_ipt.MIDDLE_TASKS,
        Task(
            key="open_with_measure",
            title=_("Open with the symptom measures"),
            guide=_(
                "Start each session with the PHQ-9 and the ASRM mania screen, and ask about signs"
                " of a high the scores may miss, such as racing thoughts. An ASRM of 6 or more"
                " suggests mania or hypomania: review it with the client and your supervisor."
                " Deal with any safety concern before anything else."
            ),
            every_session=True,
        ),
    ),
    REVIEW_RHYTHMS,
)

TERMINATION_TASKS = (
    *replace_tasks(
        individual_ipt.TERMINATION_TASKS,
        Task(
            key="relapse_warning_signs",
            title=_("Identify warning signs of depression and of highs"),
            guide=_(
                "Ask which early signs come before the client's lows and highs, such as sleeping"
                " less, spending more or withdrawing. Write them in the client's own words."
            ),
        ),
    ),
    Task(
        key="rhythm_plan",
        title=_("Plan for keeping routines steady"),
        guide=_(
            "Write down the routines that matter most and how the client will protect them"
            " through disruptions such as travel, a new job or a new baby."
        ),
        builds_on=("review_social_rhythms",),
    ),
)

# After the initial phase, SRM-5 every session: its weekly score is reviewed each time, as
# the routine work is the core of IPSRT. PHQ-9 tracks depression and the ASRM (a self-rated
# mania screen for the past week) signs of a high at every session, since IPSRT serves people
# with bipolar disorder and the PHQ-9 does not ask about highs; GAD-7 is left out to keep the
# session load down.
MOOD_MEASURES = ("phq9", "asrm")
EVERY_SESSION_MEASURES = (*MOOD_MEASURES, "srm5")

MODALITY = Modality(
    code="ipsrt",
    name=_("Interpersonal and Social Rhythm Therapy (IPSRT)"),
    summary=_("IPT for bipolar disorder with daily social-rhythm tracking (SRM-5)."),
    audience=individual_ipt.MODALITY.audience,
    planned_sessions=SessionRange(minimum=12, maximum=24, default=16),
    session_minutes=individual_ipt.MODALITY.session_minutes,
    spacing=individual_ipt.MODALITY.spacing,
    # Four initial sessions: the first week of SRM-5 records must exist before they are
    # reviewed; the reference allows an initial phase of up to four sessions.
    boundary_rules=(BoundaryRule(from_planned=12, initial_sessions=4, termination_sessions=3),),
    phases=(
        Phase(
            key=PhaseKey.INITIAL,
            name=_("Initial phase"),
            tasks=INITIAL_TASKS,
            # SRM-5 once: the first week's record only exists by the end of this phase.
            every_session_measures=MOOD_MEASURES,
            once_measures=("srm5", *individual_ipt.START_AND_END_MEASURES),
        ),
        Phase(
            key=PhaseKey.MIDDLE,
            name=_("Middle phase"),
            tasks=MIDDLE_TASKS,
            every_session_measures=EVERY_SESSION_MEASURES,
            once_measures=individual_ipt.ALLIANCE_MEASURES,
        ),
        Phase(
            key=PhaseKey.TERMINATION,
            name=_("Termination phase"),
            tasks=TERMINATION_TASKS,
            every_session_measures=EVERY_SESSION_MEASURES,
            once_measures=(
                *individual_ipt.START_AND_END_MEASURES,
                *individual_ipt.ALLIANCE_MEASURES,
            ),
        ),
    ),
)
