"""Counsellor mode escalation: when a course should be discussed with the supervisor.

The rule is a pure function of facts (is a risk flag open, the latest PHQ-9 total, the
organisation's step-up threshold), so it is tested with a table. Where the facts come
from is `facts_for`, the one place that reads them; the notice to the supervisor is
sent by actions.alert_supervisor through the task queue.
"""

from dataclasses import dataclass

from django.core.mail import send_mail
from django_tasks import task

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


def facts_for(episode, intake_screen=None) -> Facts:
    """The escalation facts of one episode: an open risk flag, and the latest PHQ-9
    (from the measures recorded, else from the intake screen)."""
    # Imported here: measures depends on protocol (sessions), so protocol reads
    # measures only at call time, in this one place.
    from openipt.measures.models import FlagStatus, MeasureAdministration, RiskFlag

    latest = (
        MeasureAdministration.objects.filter(episode=episode, instrument="phq9")
        .order_by("-administered_on", "-created_at", "-id")
        .values_list("total", flat=True)
        .first()
    )
    if latest is None and intake_screen is not None:
        latest = intake_screen.phq9_total
    flagged = RiskFlag.objects.filter(episode=episode, status=FlagStatus.OPEN).exists()
    return Facts(open_risk_flag=flagged, latest_phq9=latest)


@task()
def send_supervisor_alert_email(alert_id):
    """Tell the supervisor to sign in; the mail carries no clinical detail."""
    from .models import SupervisorAlert

    alert = SupervisorAlert.objects.select_related(
        "supervisor", "raised_by", "episode__client"
    ).get(pk=alert_id)
    if alert.supervisor is None or not alert.supervisor.email:
        return
    body = (
        f"Hello {alert.supervisor.display_name},\n\n"
        f"{alert.raised_by.display_name} would like to discuss the course of client "
        f"{alert.episode.client.reference} with you. Please sign in to OpenIPT to see it.\n"
    )
    send_mail("OpenIPT: a course to discuss", body, None, [alert.supervisor.email])
