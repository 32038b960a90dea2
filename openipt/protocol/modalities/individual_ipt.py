"""Individual IPT: the standard course that the other IPT variants adapt.

Its task tuples are the shared IPT steps; IPT-A and IPSRT reuse them with a few
rewordings and additions (see base.replace_tasks).
"""

from django.utils.translation import gettext_lazy as _

from .base import (
    Audience,
    BoundaryRule,
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
        title=_("Take the history and confirm the diagnosis"),
        guide=_(
            "Ask what has been troubling the client, when it began and what else was going on"
            " in their life at the time, and check the symptoms against the diagnosis. Ask"
            " directly about suicidal crisis, psychosis, mania and severe dissociation: any of"
            " these needs referral rather than IPT as the main treatment."
        ),
    ),
    Task(
        key="symptom_measure",
        title=_("Record the starting symptom scores"),
        guide=_(
            "Have the client fill in the PHQ-9 and talk the score through with them. Any answer"
            " above 'not at all' on the self-harm question needs a safety conversation before"
            " you carry on."
        ),
    ),
    Task(
        key="psychoeducation",
        title=_("Explain depression and how IPT works"),
        guide=_(
            "In everyday words, explain that depression is common and treatable and that mood"
            " and relationships affect each other in both directions. Describe the plan: a set"
            " number of meetings about current relationships and life events."
        ),
    ),
    Task(
        key="sick_role",
        title=_("Give the sick role"),
        guide=_(
            "Tell the client that depression is an illness, not laziness or a personal failing,"
            " and that it responds to treatment. Agree what they can fairly expect of themselves"
            " while they recover, such as taking on less for now while still coming to sessions."
        ),
    ),
    Task(
        key="interpersonal_inventory",
        title=_("Build the interpersonal inventory"),
        guide=_(
            "Go through the people who matter to the client one by one: how close they are, how"
            " often they are in touch, what is good and bad about the relationship, what each"
            " expects of the other and what the client would like to change. Three circles"
            " (closest people, friends, helpers) make a useful map."
        ),
    ),
    Task(
        key="timeline",
        title=_("Draw the timeline of mood and life events"),
        guide=_(
            "Mark on a line when the low mood started and when it eased or worsened, then add"
            " life events and changes in relationships beside it. Ask the client which changes"
            " seem to go together."
        ),
    ),
    Task(
        key="choose_problem_areas",
        title=_("Choose one or two problem areas"),
        guide=_(
            "From the timeline and the inventory, agree which area best explains this episode:"
            " grief, a role dispute, a role transition, or interpersonal deficits (chosen only"
            " when none of the others fits). Put your understanding into words and check the"
            " client agrees with it."
        ),
        builds_on=("interpersonal_inventory", "timeline"),
    ),
    Task(
        key="agree_goals",
        title=_("Agree treatment goals"),
        guide=_(
            "Agree one to three concrete goals tied to the chosen problem area, worded as changes"
            " the client would notice in their relationships or daily life."
        ),
        builds_on=("choose_problem_areas",),
    ),
    Task(
        key="treatment_contract",
        title=_("Agree the number of sessions and the end date"),
        guide=_(
            "Agree how many sessions there will be, how often you will meet and the date of the"
            " last one, and write it down. A known end date from the start keeps the work"
            " focused."
        ),
    ),
)

MIDDLE_TASKS = (
    Task(
        key="open_with_measure",
        title=_("Open with the symptom measure"),
        guide=_(
            "Start each session with the PHQ-9 and compare the score with last time. Deal with"
            " any answer above 'not at all' on the self-harm question before anything else."
        ),
        every_session=True,
    ),
    Task(
        key="mood_check_in",
        title=_("Check in on mood and link it to the problem area"),
        guide=_(
            "Ask how the client has felt since you last met and what happened in their"
            " relationships. Help them see how changes in mood followed events in the problem"
            " area, and the other way round."
        ),
        every_session=True,
        builds_on=("choose_problem_areas",),
    ),
    Task(
        key="review_homework",
        title=_("Review homework"),
        guide=_(
            "Ask what the client tried since last time, how it went and what they learned from"
            " it. Praise the effort, and treat anything that did not work as useful information"
            " rather than a failure."
        ),
        every_session=True,
    ),
    Task(
        key="problem_area_work",
        title=_("Work on the problem area"),
        guide=_(
            "Spend most of the session on the chosen problem area. Use the IPT techniques that"
            " fit: go through one recent conversation in detail, weigh up options for a"
            " decision, rehearse a difficult talk in role play, clarify and make room for"
            " feelings."
        ),
        every_session=True,
        builds_on=("choose_problem_areas", "agree_goals"),
    ),
    Task(
        key="set_homework",
        title=_("Agree homework"),
        guide=_(
            "Agree one small, specific thing to try before the next session, such as a"
            " conversation prepared today or a worksheet. Check that the client thinks it is"
            " doable."
        ),
        every_session=True,
    ),
)

TERMINATION_TASKS = (
    Task(
        key="feelings_about_ending",
        title=_("Talk about feelings about ending"),
        guide=_(
            "Remind the client how many sessions are left and ask how they feel about stopping."
            " Sadness or worry is normal at the end of any close working relationship and is not"
            " the same as depression coming back."
        ),
        builds_on=("treatment_contract",),
    ),
    Task(
        key="progress_review",
        title=_("Review progress against the inventory and goals"),
        guide=_(
            "Compare the first and latest scores, then go back over the inventory and the goals"
            " and ask what has changed in each. Make sure the client takes credit for the changes"
            " they made."
        ),
        builds_on=("interpersonal_inventory", "agree_goals", "symptom_measure"),
    ),
    Task(
        key="relapse_warning_signs",
        title=_("Identify warning signs of relapse"),
        guide=_(
            "Ask which early signs would tell the client that depression is returning, such as"
            " poor sleep, pulling away from people or an old argument flaring up. Write them down"
            " in the client's own words."
        ),
    ),
    Task(
        key="relapse_prevention_plan",
        title=_("Write a relapse-prevention plan"),
        guide=_(
            "Write down together what the client will do if the warning signs appear: the skills"
            " that helped, the people to contact and when to ask for help again. Give the client"
            " a copy."
        ),
        builds_on=("relapse_warning_signs",),
    ),
    Task(
        key="further_options",
        title=_("Discuss further options"),
        guide=_(
            "Decide together whether more help is needed: booster sessions, monthly maintenance"
            " IPT, or referral elsewhere if symptoms remain. Record what you agreed."
        ),
        builds_on=("progress_review",),
    ),
)

# PHQ-9 and GAD-7 at every session so that the outcome rules' first and last paired
# scores exist even when a client stops early; WSAS (social functioning, which IPT
# targets) at the start and the end.
EVERY_SESSION_MEASURES = ("phq9", "gad7")
START_AND_END_MEASURES = ("wsas",)
# The client's view of the working alliance (WAI-SR): once the initial phase is over (due from
# the first middle session until given) and again in the termination phase. The alliance is
# one of the better predictors of outcome, and an early low score is a prompt to talk about it.
ALLIANCE_MEASURES = ("waisr",)

MODALITY = Modality(
    code="individual_ipt",
    name=_("Individual IPT"),
    summary=_("Weekly one-to-one IPT for depression, usually 12-16 sessions."),
    audience=Audience.THERAPIST,
    # 12-16 is usual; 8-11 is allowed for milder cases (the reference allows 8-10); 17-20
    # for chronic or complex depression, with the reason recorded on the plan.
    planned_sessions=SessionRange(
        minimum=8, maximum=20, default=12, typical=(12, 16), reason_above=16
    ),
    session_minutes=(45, 60),
    spacing=Spacing.WEEKLY,
    boundary_rules=(BoundaryRule(from_planned=8, initial_sessions=3, termination_sessions=3),),
    phases=(
        Phase(
            key=PhaseKey.INITIAL,
            name=_("Initial phase"),
            tasks=INITIAL_TASKS,
            every_session_measures=EVERY_SESSION_MEASURES,
            once_measures=START_AND_END_MEASURES,
        ),
        Phase(
            key=PhaseKey.MIDDLE,
            name=_("Middle phase"),
            tasks=MIDDLE_TASKS,
            every_session_measures=EVERY_SESSION_MEASURES,
            once_measures=ALLIANCE_MEASURES,
        ),
        Phase(
            key=PhaseKey.TERMINATION,
            name=_("Termination phase"),
            tasks=TERMINATION_TASKS,
            every_session_measures=EVERY_SESSION_MEASURES,
            once_measures=START_AND_END_MEASURES + ALLIANCE_MEASURES,
        ),
    ),
)
