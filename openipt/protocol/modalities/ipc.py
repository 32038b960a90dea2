"""Interpersonal Counselling (IPC): brief IPT for non-specialists.

Delivered by GPs, nurses or community health workers, so every task carries a guide
and the wording avoids diagnosis: the counsellor clarifies symptoms and refers on
when something needs more than counselling. Task keys match individual IPT so the
fidelity view compares like with like.

IPC may also run as a group (docs/groups.md): no published group IPC format was found, so
its group format is OpenIPT's choice, kept inside IPC's own 3-8 sessions: 4, 6 or 8 group
sessions (6 by default, so each member has working sessions), one individual pre-group
meeting (IPC's first-session assessment, done alone), 6-10 members and the 90-minute
meeting of group IPT (Bolton et al. 2003; StrongMinds), since a group of that size does not
fit IPC's 30-45 minutes.
"""

from django.utils.translation import gettext_lazy as _

from .base import (
    Audience,
    BoundaryRule,
    GroupFormat,
    Modality,
    Phase,
    PhaseKey,
    SessionRange,
    Spacing,
    Task,
)

INITIAL_TASKS = (
    Task(
        key="history_and_diagnosis",
        title=_("Ask about symptoms and recent life changes"),
        guide=_(
            "Ask how the person has been feeling, since when, and what has changed in their life"
            " lately, such as a loss, a quarrel or a move. If they are in suicidal crisis, seeing"
            " or hearing things others do not, or unusually high and driven, stop and follow your"
            " referral procedure."
        ),
    ),
    Task(
        key="symptom_measure",
        title=_("Record the PHQ-9"),
        guide=_(
            "Ask the person to fill in the PHQ-9 and go over the score together. If they mark"
            " anything other than 'not at all' on the self-harm question, ask about it and follow"
            " your safety procedure."
        ),
    ),
    Task(
        key="psychoeducation",
        title=_("Explain how stress and mood are linked"),
        guide=_(
            "Explain simply that hard events and strained relationships can bring low mood, and"
            " that low mood makes relationships harder still. Say that these sessions will focus"
            " on the current problem and practical ways to cope with it."
        ),
    ),
    Task(
        key="sick_role",
        title=_("Say that the low mood is not their fault"),
        guide=_(
            "Tell the person that low mood like theirs is a common health problem that gets"
            " better with help, not a weakness. It is fine to do a little less for now while they"
            " recover."
        ),
    ),
    Task(
        key="interpersonal_inventory",
        title=_("Ask who is in their life"),
        guide=_(
            "Ask about the people who matter most: who they feel close to, who they can turn to"
            " and who they are having trouble with. Note who could support them."
        ),
    ),
    Task(
        key="timeline",
        title=_("Link the low mood to events"),
        guide=_(
            "Ask when the low mood began and what was happening then. Look together for events or"
            " changes in relationships that came just before it."
        ),
    ),
    Task(
        key="choose_problem_areas",
        title=_("Agree the main problem"),
        guide=_(
            "Agree which kind of problem fits best: the death of someone close, a conflict with"
            " someone, a big life change, or loneliness and isolation. Check the person agrees"
            " this is what to work on."
        ),
        builds_on=("interpersonal_inventory", "timeline"),
    ),
    Task(
        key="agree_goals",
        title=_("Agree goals"),
        guide=_(
            "Agree one or two small, realistic goals the person would like to reach by the end."
        ),
        builds_on=("choose_problem_areas",),
    ),
    Task(
        key="treatment_contract",
        title=_("Agree how many sessions and when"),
        guide=_(
            "Agree how many sessions you will have (three to eight), how often you will meet and"
            " the date of the last one. Write it down for the person."
        ),
    ),
)

MIDDLE_TASKS = (
    Task(
        key="open_with_measure",
        title=_("Start with the PHQ-9"),
        guide=_(
            "Ask the person to fill in the PHQ-9 at the start and compare it with the last score."
            " Look at the self-harm question first and follow your safety procedure if needed."
        ),
        every_session=True,
    ),
    Task(
        key="mood_check_in",
        title=_("Ask about mood since last time"),
        guide=_(
            "Ask how their mood has been since you last met and what happened with the main"
            " problem. Point out where the two seem connected."
        ),
        every_session=True,
        builds_on=("choose_problem_areas",),
    ),
    Task(
        key="review_homework",
        title=_("Go over what they tried"),
        guide=_(
            "Ask how the step agreed last time went. Praise any attempt, and if it did not happen,"
            " talk about what got in the way."
        ),
        every_session=True,
    ),
    Task(
        key="problem_area_work",
        title=_("Work on the main problem"),
        guide=_(
            "Talk through the main problem and practical ways to handle it: planning what to say"
            " in a hard conversation, weighing up choices, or finding people to lean on. Let the"
            " person choose what to try."
        ),
        every_session=True,
        builds_on=("choose_problem_areas", "agree_goals"),
    ),
    Task(
        key="set_homework",
        title=_("Agree a small step to try"),
        guide=_(
            "Agree one small step the person will try before you meet again, and write it down"
            " for them."
        ),
        every_session=True,
    ),
)

TERMINATION_TASKS = (
    Task(
        key="feelings_about_ending",
        title=_("Talk about finishing"),
        guide=_(
            "Remind the person that counselling is ending and ask how they feel about that. Let"
            " them know some sadness or worry is normal."
        ),
        builds_on=("treatment_contract",),
    ),
    Task(
        key="progress_review",
        title=_("Look back at progress"),
        guide=_(
            "Compare the first and last PHQ-9 scores, then go back over the goals and the people"
            " you talked about. Point out the changes the person made themselves."
        ),
        builds_on=("interpersonal_inventory", "agree_goals", "symptom_measure"),
    ),
    Task(
        key="relapse_warning_signs",
        title=_("Spot the warning signs"),
        guide=_(
            "Ask what would tell them their mood is slipping again, such as poor sleep or avoiding"
            " people. Write these down in their own words."
        ),
    ),
    Task(
        key="relapse_prevention_plan",
        title=_("Make a plan for hard times"),
        guide=_(
            "Write down what helped during counselling, who they can turn to, and when to come"
            " back or seek help. Give them a copy."
        ),
        builds_on=("relapse_warning_signs",),
    ),
    Task(
        key="further_options",
        title=_("Agree next steps"),
        guide=_(
            "If the score is still high or the person is still struggling, talk about more help:"
            " a few extra sessions, full IPT, or referral to a specialist. Record what you agreed."
        ),
        builds_on=("progress_review",),
    ),
)

MODALITY = Modality(
    code="ipc",
    name=_("Interpersonal Counselling (IPC)"),
    summary=_("Brief IPT-based counselling by non-specialists, 3-8 sessions."),
    audience=Audience.COUNSELLOR,
    # Default 4: two working sessions, and the person can choose fewer or more within 3-8
    # (Judd et al. 2004 up to 6, Weissman et al. 2014 from 3, Mootz et al. 2024 4 to 8).
    planned_sessions=SessionRange(minimum=3, maximum=8, default=4, typical=(3, 6)),
    session_minutes=(30, 45),
    spacing=Spacing.FLEXIBLE,
    group_size=(6, 10),
    group=GroupFormat(
        largest=12, planned_choices=(4, 6, 8), default_planned=6, pre_group_sessions=1
    ),
    boundary_rules=(
        # 3-4 sessions: the first session both contracts and picks the problem.
        BoundaryRule(from_planned=3, initial_sessions=1, termination_sessions=1),
        # 5-6 sessions: a second session to pin down the problem area before the work starts.
        BoundaryRule(from_planned=5, initial_sessions=2, termination_sessions=1),
        # 7-8 sessions: room for a closing session of review before the last one.
        BoundaryRule(from_planned=7, initial_sessions=2, termination_sessions=2),
    ),
    phases=(
        Phase(
            key=PhaseKey.INITIAL,
            name=_("Getting started"),
            tasks=INITIAL_TASKS,
            every_session_measures=("phq9",),
            once_measures=("gad7",),
        ),
        Phase(
            key=PhaseKey.MIDDLE,
            name=_("Working on the problem"),
            tasks=MIDDLE_TASKS,
            every_session_measures=("phq9",),
        ),
        Phase(
            key=PhaseKey.TERMINATION,
            name=_("Finishing"),
            tasks=TERMINATION_TASKS,
            every_session_measures=("phq9",),
            once_measures=("gad7",),
        ),
    ),
)
