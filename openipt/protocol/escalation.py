"""Counsellor mode escalation: when a course should be discussed with the supervisor.

The rule is a pure function of facts (is a risk flag open, the latest PHQ-9 total, the
organisation's step-up threshold), so it is tested with a table. Where the facts come
from is `facts_for`; the notice to the supervisor is built in openipt/notices.py and sent
by actions.alert_supervisor after commit.
"""

from dataclasses import dataclass

from . import readings
from .modalities.base import Audience, Modality

COUNSELLOR_ROLE = "counsellor"
RISK_FLAG = "risk_flag"
PHQ9_STEP_UP = "phq9_step_up"


@dataclass(frozen=True)
class Facts:
    open_risk_flag: bool = False
    latest_phq9: int | None = None


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


def applies(modality: Modality, clinician_role: str) -> bool:
    """Counsellor mode: a counsellor-delivered modality, or a course run by a counsellor."""
    return modality.audience == Audience.COUNSELLOR or clinician_role == COUNSELLOR_ROLE


def reasons(facts: Facts, threshold: int) -> list[Reason]:
    """Why the course should be discussed with the supervisor; empty when it need not."""
    found = []
    if facts.open_risk_flag:
        found.append(
            Reason(RISK_FLAG, "An answer about self-harm or suicide is waiting for follow-up.")
        )
    if facts.latest_phq9 is not None and facts.latest_phq9 >= threshold:
        found.append(
            Reason(
                PHQ9_STEP_UP,
                f"The latest PHQ-9 total is {facts.latest_phq9}, at or above this "
                f"organisation's step-up level of {threshold}.",
            )
        )
    return found


def escalation(modality: Modality, clinician_role: str, facts: Facts, threshold: int):
    """The reasons to show "discuss with your supervisor", or [] outside counsellor mode."""
    if not applies(modality, clinician_role):
        return []
    return reasons(facts, threshold)


def reasons_for(episode, modality: Modality, facts: Facts) -> list[Reason]:
    """`escalation` for one episode's course: its clinician's role and its organisation's
    step-up threshold are read from the episode."""
    threshold = episode.organisation.step_up_phq9_threshold
    return escalation(modality, episode.clinician.role, facts, threshold)


def facts_for(episode, intake_screen=None) -> Facts:
    """The escalation facts of one episode: an open risk flag, and the latest PHQ-9
    (from the measures recorded, else from the intake screen)."""
    latest = readings.latest_phq9_total(episode)
    if latest is None and intake_screen is not None:
        latest = intake_screen.phq9_total
    return Facts(open_risk_flag=readings.has_open_risk_flag(episode), latest_phq9=latest)
