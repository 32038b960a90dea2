"""IPT-A: IPT for adolescents aged 12-18, with a parent or carer at set points.

Individual IPT's steps, measured with the PHQ-A, plus parent-involvement tasks at the
start (required), mid-way (optional) and at the end (required).

IPT-A may also run as a group (docs/groups.md), as in the school groups for adolescents in
rural Nepal (Rose-Clarke et al. 2020; the SAATHI-2 pilot, ClinicalTrials.gov NCT06017700):
groups of 6 to 8 young people meeting weekly for about 90 minutes, after two pre-group
sessions, the second with a parent or carer. Each member's course is an IPT-A course, so a
group plans 12 or 16 sessions (IPT-A's range; the Nepal pilot's ten would need that range
widened, a clinical decision not taken here).
"""

from django.utils.translation import gettext_lazy as _

from . import individual_ipt
from .base import (
    GroupFormat,
    Modality,
    SessionRange,
    Task,
    replace_tasks,
    same_measures_phases,
)

PARENT_START = Task(
    key="parent_involvement_start",
    title=_("Meet a parent or carer at the start"),
    guide=_(
        "Invite a parent or carer to part of an early session to explain depression and the"
        " plan for treatment. Agree what they will and will not be told about sessions, including"
        " the safety limits of confidentiality, and ask how they can support the young person."
    ),
)

PARENT_MID = Task(
    key="parent_involvement_mid",
    title=_("Optional mid-way meeting with a parent or carer"),
    required=False,
    guide=_(
        "If it would help the work, invite the parent or carer to practise a difficult"
        " conversation or work on a dispute at home. Agree with the young person beforehand what"
        " will be discussed."
    ),
    builds_on=("parent_involvement_start",),
)

PARENT_END = Task(
    key="parent_involvement_end",
    title=_("Review progress with a parent or carer"),
    guide=_(
        "Invite the parent or carer to hear what has changed, share the warning signs and the"
        " relapse-prevention plan, and agree what they will do if the signs come back."
    ),
    builds_on=("parent_involvement_start", "relapse_prevention_plan"),
)

INITIAL_TASKS = (
    *replace_tasks(
        individual_ipt.INITIAL_TASKS,
        Task(
            key="symptom_measure",
            title=_("Record the starting PHQ-A"),
            guide=_(
                "Have the young person fill in the PHQ-A and talk the score through with them. A"
                " yes to any of the suicide questions, or any answer above 'not at all' on the"
                " self-harm item, needs a safety conversation before you carry on."
            ),
        ),
        Task(
            key="sick_role",
            title=_("Give the sick role"),
            guide=_(
                "Tell the young person that depression is an illness, not laziness or a failing,"
                " and that it gets better with treatment. Agree what can fairly be expected of"
                " them at home and at school while they recover, and who needs to know."
            ),
        ),
    ),
    PARENT_START,
)

MIDDLE_TASKS = (
    *replace_tasks(
        individual_ipt.MIDDLE_TASKS,
        Task(
            key="open_with_measure",
            title=_("Open with the PHQ-A"),
            guide=_(
                "Start each session with the PHQ-A and compare the score with last time. Deal"
                " with any safety answer before anything else."
            ),
            every_session=True,
        ),
    ),
    PARENT_MID,
)

TERMINATION_TASKS = (*individual_ipt.TERMINATION_TASKS, PARENT_END)

# The PHQ-A is the adolescent version of the PHQ-9. GAD-7 and WSAS are left out: WSAS
# asks about paid work, and the reference names only the PHQ-A for IPT-A.
MEASURES = ("phqa",)

MODALITY = Modality(
    code="ipt_a",
    name=_("IPT for adolescents (IPT-A)"),
    summary=_("Weekly IPT for young people aged 12-18, with a parent or carer at set points."),
    audience=individual_ipt.MODALITY.audience,
    planned_sessions=SessionRange(minimum=12, maximum=16, default=12),
    session_minutes=individual_ipt.MODALITY.session_minutes,
    spacing=individual_ipt.MODALITY.spacing,
    boundary_rules=individual_ipt.MODALITY.boundary_rules,
    client_age=(12, 18),
    group_size=(6, 8),
    group=GroupFormat(
        largest=10,
        planned_choices=(12, 16),
        pre_group_sessions=2,
        parent_at_second_pre_group=True,
    ),
    phases=same_measures_phases(INITIAL_TASKS, MIDDLE_TASKS, TERMINATION_TASKS, MEASURES),
)
