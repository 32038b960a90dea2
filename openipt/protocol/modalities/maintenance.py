"""Maintenance IPT: monthly sessions after an acute course, to prevent relapse.

It keeps all three phases, each short: one session to re-contract at the start, and an
ending (one session for short plans, two for a year or more) because a long course still
ends and the relapse plan matters most for people whose depression recurs. Diagnosis,
psychoeducation and the sick role were done in the acute course, so the initial phase
reviews that course instead of repeating them.
"""

from django.utils.translation import gettext_lazy as _

from . import individual_ipt
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
        key="review_acute_course",
        title=_("Review the acute course"),
        guide=_(
            "Go over what changed during the earlier course of treatment, which problem area was"
            " worked on and which skills helped most. Check for anything new that needs referral,"
            " such as a suicidal crisis or signs of mania or psychosis."
        ),
    ),
    Task(
        key="symptom_measure",
        title=_("Record the starting symptom scores"),
        guide=_(
            "Have the client fill in the PHQ-9 and compare it with the end of the acute course."
            " Any answer above 'not at all' on the self-harm question needs a safety conversation"
            " first."
        ),
    ),
    Task(
        key="interpersonal_inventory",
        title=_("Update the interpersonal inventory"),
        guide=_(
            "Ask what has changed in the client's important relationships since the acute course"
            " ended and who is supporting them now."
        ),
        builds_on=("review_acute_course",),
    ),
    Task(
        key="review_relapse_plan",
        title=_("Review the earlier relapse-prevention plan"),
        guide=_(
            "Read the relapse-prevention plan from the acute course together and check the"
            " warning signs still fit. These are what each maintenance session will check."
        ),
        builds_on=("review_acute_course",),
    ),
    Task(
        key="choose_problem_areas",
        title=_("Agree the focus for maintenance"),
        guide=_(
            "Agree which problem area, or which coming risk such as a planned life change, these"
            " sessions will keep an eye on and work with."
        ),
        builds_on=("interpersonal_inventory", "review_acute_course"),
    ),
    Task(
        key="agree_goals",
        title=_("Agree maintenance goals"),
        guide=_(
            "Agree what staying well means for this client, for example keeping scores low and"
            " keeping up the relationships and habits that helped."
        ),
        builds_on=("choose_problem_areas",),
    ),
    Task(
        key="treatment_contract",
        title=_("Agree frequency, number of sessions and end date"),
        guide=_(
            "Agree to meet about monthly, for how many sessions and when the plan will be"
            " reviewed or end. Agree how the client can ask for an earlier session if warning"
            " signs appear."
        ),
    ),
)

MIDDLE_TASKS = (
    # The warning-sign check sits after the opening measure, mood check-in and homework review.
    *individual_ipt.MIDDLE_TASKS[:3],
    Task(
        key="check_warning_signs",
        title=_("Check each warning sign"),
        guide=_(
            "Ask about each warning sign on the plan. If any have appeared, agree what to do now,"
            " including whether to meet sooner than planned."
        ),
        every_session=True,
        builds_on=("review_relapse_plan",),
    ),
    *individual_ipt.MIDDLE_TASKS[3:],
)

TERMINATION_TASKS = (
    Task(
        key="feelings_about_ending",
        title=_("Talk about feelings about ending"),
        guide=_(
            "Ask how the client feels about regular sessions stopping after a long time of"
            " support. Name worry about coping alone as normal and plan for it."
        ),
        builds_on=("treatment_contract",),
    ),
    Task(
        key="progress_review",
        title=_("Review how the client has stayed well"),
        guide=_(
            "Look at the scores over the whole maintenance period, the inventory and the goals."
            " Ask what the client did that kept them well, so they can keep doing it."
        ),
        builds_on=("interpersonal_inventory", "agree_goals", "symptom_measure"),
    ),
    Task(
        key="relapse_warning_signs",
        title=_("Update the warning signs"),
        guide=_(
            "Ask which early signs of relapse the client has noticed during maintenance, and"
            " which are still the ones to watch for. Write them in the client's own words."
        ),
        builds_on=("review_relapse_plan",),
    ),
    Task(
        key="relapse_prevention_plan",
        title=_("Update the relapse-prevention plan"),
        guide=_(
            "Bring the plan up to date: current warning signs, what to do when they appear, who"
            " to contact and how to get back into treatment quickly. Give the client a copy."
        ),
        builds_on=("relapse_warning_signs",),
    ),
    Task(
        key="further_options",
        title=_("Agree what happens next"),
        guide=_(
            "Decide together between stopping with the plan in place, occasional booster"
            " sessions, another period of maintenance, or referral. Record what you agreed and"
            " tell the client's GP if they consent."
        ),
        builds_on=("progress_review",),
    ),
)

MODALITY = Modality(
    code="maintenance_ipt",
    name=_("Maintenance IPT"),
    summary=_("Monthly IPT after an acute course, to keep well and prevent relapse."),
    audience=Audience.THERAPIST,
    # Monthly for as long as agreed: 6 covers half a year monthly (or a year at two-monthly
    # gaps), 24 two years without a reason; beyond that, up to ten years of monthly sessions
    # with a recorded reason (recurrent depression), so the plan is open-ended in practice
    # while a typo (1200) is still refused.
    planned_sessions=SessionRange(minimum=6, maximum=120, default=12, reason_above=24),
    session_minutes=(45, 60),
    spacing=Spacing.MONTHLY,
    follows_acute_course=True,
    boundary_rules=(
        BoundaryRule(from_planned=6, initial_sessions=1, termination_sessions=1),
        # A year or more of contact gets two sessions to end.
        BoundaryRule(from_planned=12, initial_sessions=1, termination_sessions=2),
    ),
    phases=(
        Phase(
            key=PhaseKey.INITIAL,
            name=_("Re-contracting"),
            tasks=INITIAL_TASKS,
            every_session_measures=individual_ipt.EVERY_SESSION_MEASURES,
            once_measures=individual_ipt.START_AND_END_MEASURES,
        ),
        Phase(
            key=PhaseKey.MIDDLE,
            name=_("Maintenance sessions"),
            tasks=MIDDLE_TASKS,
            every_session_measures=individual_ipt.EVERY_SESSION_MEASURES,
        ),
        Phase(
            key=PhaseKey.TERMINATION,
            name=_("Ending"),
            tasks=TERMINATION_TASKS,
            every_session_measures=individual_ipt.EVERY_SESSION_MEASURES,
            once_measures=individual_ipt.START_AND_END_MEASURES,
        ),
    ),
)
