"""Group IPT: 6-10 members, about 90 minutes, about 8 weekly sessions.

Each member is first seen alone (history, inventory, timeline, problem area); the
planned sessions count only the group meetings, and that individual meeting belongs to
the initial phase. Every task has a guide because group leaders vary in training.

Measures (docs/groups.md): the full PHQ-9 before the group starts (at the first attended
session), half-way and at the last session, as StrongMinds asks it, and a brief check-in at
every other session (Bolton et al. 2003: each member says whether they are better or worse),
which always asks the PHQ-9's safety question.
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

# Asked at every session where the PHQ-9 is not (the PHQ-9 covers it).
CHECK_IN = ("checkin",)

INITIAL_TASKS = (
    Task(
        key="group_screening",
        title=_("Meet each member alone before the group"),
        guide=_(
            "Before the first group session, meet each person individually to explain how the"
            " group works and check that it suits them: are they willing to share in a group and"
            " able to come every week?"
        ),
    ),
    Task(
        key="history_and_diagnosis",
        title=_("Take the history and confirm the diagnosis"),
        guide=_(
            "In the individual meeting, ask what has been troubling the person, since when and"
            " what was happening in their life, and confirm the diagnosis. Anyone in suicidal"
            " crisis or with psychosis, mania or severe dissociation needs referral, not the"
            " group."
        ),
        builds_on=("group_screening",),
    ),
    Task(
        key="symptom_measure",
        title=_("Record each member's starting scores"),
        guide=_(
            "Have each member fill in the PHQ-9 privately and go over it with them. Follow up any"
            " answer above 'not at all' on the self-harm question one to one, never in the group."
        ),
    ),
    Task(
        key="interpersonal_inventory",
        title=_("Build each member's interpersonal inventory"),
        guide=_(
            "In the individual meeting, go through the important people in the person's life:"
            " closeness, contact, what is good and hard, and what they would change. Three"
            " circles (closest, friends, helpers) help here."
        ),
    ),
    Task(
        key="timeline",
        title=_("Draw each member's mood timeline"),
        guide=_(
            "In the individual meeting, mark when the low mood began and changed, alongside life"
            " events and relationship changes. Ask which seem connected."
        ),
    ),
    Task(
        key="choose_problem_areas",
        title=_("Choose each member's problem area"),
        guide=_(
            "Agree with each person which area fits their episode best: grief, a role dispute, a"
            " role transition, or interpersonal deficits when nothing else fits. Agree how much"
            " of it they are willing to share with the group."
        ),
        builds_on=("interpersonal_inventory", "timeline"),
    ),
    Task(
        key="group_agreement",
        title=_("Agree the group's ground rules"),
        guide=_(
            "In the first group session, agree rules on confidentiality, attendance, arriving on"
            " time and listening with respect. Ask every member to say they agree."
        ),
    ),
    Task(
        key="psychoeducation",
        title=_("Explain depression and how the group works"),
        guide=_(
            "Explain to the group that depression is common and treatable and that mood and"
            " relationships affect each other. Describe how sessions will run and how members"
            " can help one another."
        ),
    ),
    Task(
        key="sick_role",
        title=_("Give the sick role"),
        guide=_(
            "Tell the group that depression is an illness, not a weakness or a fault, and that"
            " members can expect less of themselves while they recover. Invite members to say how"
            " that sits with them."
        ),
    ),
    Task(
        key="agree_goals",
        title=_("Each member shares their problem area and goals"),
        guide=_(
            "Ask each member to tell the group their problem area and one or two goals, sharing"
            " only what they agreed to in the individual meeting."
        ),
        builds_on=("choose_problem_areas",),
    ),
    Task(
        key="treatment_contract",
        title=_("Confirm the number of sessions and the last date"),
        guide=_(
            "Confirm with the group how many sessions there will be and the date of the last one."
            " Explain that a fixed end keeps everyone's work focused."
        ),
    ),
)

MIDDLE_TASKS = (
    Task(
        key="open_with_measure",
        title=_("Collect the symptom measure"),
        guide=_(
            "As the session starts, have each member answer the check-in (or the PHQ-9 when it is"
            " due) privately and glance over the answers. Follow up any self-harm answer one to"
            " one before the member leaves."
        ),
        every_session=True,
    ),
    Task(
        key="mood_check_in",
        title=_("Run a check-in round"),
        guide=_(
            "Go round the group: each member says briefly how their mood has been and what"
            " happened in their problem area since last week. Help them notice links between the"
            " two."
        ),
        every_session=True,
        builds_on=("choose_problem_areas",),
    ),
    Task(
        key="review_homework",
        title=_("Review homework in the round"),
        guide=_(
            "Ask each member what they tried since last week and what happened. Invite the group"
            " to notice effort and progress, not only results."
        ),
        every_session=True,
    ),
    Task(
        key="problem_area_work",
        title=_("Work on members' problem areas"),
        guide=_(
            "Focus on one or two members at a time and bring the group in: role-play a hard"
            " conversation with another member playing the other person, or ask the group for"
            " options. Over the course, make sure every member gets time."
        ),
        every_session=True,
        builds_on=("choose_problem_areas", "agree_goals"),
    ),
    Task(
        key="set_homework",
        title=_("Agree each member's homework"),
        guide=_(
            "Ask each member to name one small step they will try before the next session, and"
            " note it so you can ask about it next time."
        ),
        every_session=True,
    ),
)

TERMINATION_TASKS = (
    Task(
        key="feelings_about_ending",
        title=_("Talk about the group ending"),
        guide=_(
            "Ask members how they feel about the group finishing and about saying goodbye to one"
            " another. Treat sadness as a normal part of ending, not a sign of relapse."
        ),
        builds_on=("treatment_contract",),
    ),
    Task(
        key="progress_review",
        title=_("Review each member's progress"),
        guide=_(
            "Help each member compare where they started with now: scores, goals and their key"
            " relationships. Invite the group to name changes they have seen in each other."
        ),
        builds_on=("interpersonal_inventory", "agree_goals", "symptom_measure"),
    ),
    Task(
        key="relapse_warning_signs",
        title=_("Name personal warning signs"),
        guide=_(
            "Ask each member to name the early signs that their depression may be returning, in"
            " their own words."
        ),
    ),
    Task(
        key="relapse_prevention_plan",
        title=_("Write personal relapse-prevention plans"),
        guide=_(
            "Have each member write what they will do if the warning signs appear, who they will"
            " contact and when to seek help, and keep a copy."
        ),
        builds_on=("relapse_warning_signs",),
    ),
    Task(
        key="further_options",
        title=_("Discuss further help for each member"),
        guide=_(
            "Offer each member a short individual conversation about whether they need more:"
            " booster sessions, maintenance IPT or referral. Record what was agreed for each."
        ),
        builds_on=("progress_review",),
    ),
)

MODALITY = Modality(
    code="group_ipt",
    name=_("Group IPT"),
    summary=_("IPT in a group of 6-10 members, about 8 weekly sessions of 90 minutes."),
    audience=Audience.THERAPIST,
    # 6 (StrongMinds since 2024), 8 (WHO 2016), 12 (StrongMinds before) or 16 (Bolton 2003).
    planned_sessions=SessionRange(minimum=6, maximum=16, default=8, typical=(6, 12)),
    session_minutes=(90, 90),
    spacing=Spacing.WEEKLY,
    group_size=(6, 10),
    group=GroupFormat(largest=14, planned_choices=(6, 8, 12, 16), pre_group_sessions=2),
    boundary_rules=(
        # 6-7 group sessions: one to start, one to end, the rest for the work.
        BoundaryRule(from_planned=6, initial_sessions=1, termination_sessions=1),
        # 8 or more: two at each end, so every member gets time to share and to say goodbye.
        BoundaryRule(from_planned=8, initial_sessions=2, termination_sessions=2),
        # 12 or more: three at each end, as longer courses of IPT have.
        BoundaryRule(from_planned=12, initial_sessions=3, termination_sessions=3),
    ),
    start_end_measures=("phq9",),
    midline_measures=("phq9",),
    phases=(
        Phase(
            key=PhaseKey.INITIAL,
            name=_("Initial phase"),
            tasks=INITIAL_TASKS,
            every_session_measures=CHECK_IN,
        ),
        Phase(
            key=PhaseKey.MIDDLE,
            name=_("Middle phase"),
            tasks=MIDDLE_TASKS,
            every_session_measures=CHECK_IN,
        ),
        Phase(
            key=PhaseKey.TERMINATION,
            name=_("Termination phase"),
            tasks=TERMINATION_TASKS,
            every_session_measures=CHECK_IN,
        ),
    ),
)
