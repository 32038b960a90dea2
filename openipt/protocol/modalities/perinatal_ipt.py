"""Perinatal IPT: IPT in pregnancy and the year after birth.

Individual IPT's steps, with the move to parenthood looked at first as a role transition, a
partner (or another close supporter) invited to a session, and the baby's care written into
the plan for hard times. Measured with the PHQ-9: the EPDS, written for the perinatal period,
is not ours to ship (docs/instruments.md), so services that use it record it outside.
"""

from django.utils.translation import gettext_lazy as _

from . import individual_ipt
from .base import Modality, SessionRange, Task, replace_tasks, same_measures_phases

PARTNER_SESSION = Task(
    key="partner_involvement",
    title=_("Invite the partner or a close supporter to a session"),
    required=False,
    guide=_(
        "If the client wants it, invite the partner (or the person who helps most with the"
        " baby) to one session: explain depression around birth, hear how the two share the"
        " load, and agree one change that would ease it. Agree beforehand with the client what"
        " will be talked about."
    ),
    builds_on=("interpersonal_inventory",),
)

INITIAL_TASKS = (
    *replace_tasks(
        individual_ipt.INITIAL_TASKS,
        Task(
            key="history_and_diagnosis",
            title=_("Take the history, with the pregnancy or birth"),
            guide=_(
                "Ask how far along the pregnancy is or how old the baby is, how the pregnancy and"
                " birth went, how the client is sleeping and feeding, and who helps. Ask directly"
                " about thoughts of harming themselves or the baby, psychosis and mania: any of"
                " these needs urgent referral, not IPT as the main treatment."
            ),
        ),
        Task(
            key="choose_problem_areas",
            title=_("Choose the problem areas, starting with becoming a parent"),
            guide=_(
                "Look first at the move to parenthood as a role transition: what the client has"
                " given up, what is new, what help they need. Check as well for a dispute (often"
                " with the partner about sharing the care) or a loss, such as a difficult birth"
                " or a pregnancy loss. Agree one or two areas."
            ),
            builds_on=("interpersonal_inventory", "timeline"),
        ),
    ),
)

MIDDLE_TASKS = (*individual_ipt.MIDDLE_TASKS, PARTNER_SESSION)

TERMINATION_TASKS = replace_tasks(
    individual_ipt.TERMINATION_TASKS,
    Task(
        key="relapse_prevention_plan",
        title=_("Write a relapse-prevention plan that includes the baby"),
        guide=_(
            "Write down the warning signs, the skills that helped and who to contact, and who"
            " will look after the baby if the client's mood drops or they need to rest. Note when"
            " to come back, for example in a later pregnancy. Give the client a copy."
        ),
        builds_on=("relapse_warning_signs",),
    ),
)

MEASURES = ("phq9",)

MODALITY = Modality(
    code="perinatal_ipt",
    name=_("Perinatal IPT"),
    summary=_("IPT in pregnancy and the year after birth, usually 12 weekly sessions."),
    audience=individual_ipt.MODALITY.audience,
    planned_sessions=SessionRange(minimum=8, maximum=16, default=12, typical=(12, 16)),
    session_minutes=individual_ipt.MODALITY.session_minutes,
    spacing=individual_ipt.MODALITY.spacing,
    boundary_rules=individual_ipt.MODALITY.boundary_rules,
    phases=same_measures_phases(INITIAL_TASKS, MIDDLE_TASKS, TERMINATION_TASKS, MEASURES),
)
