"""Escalation: when a course should be discussed with the supervisor.

Two kinds of reason. In counsellor mode: an open risk flag, or a PHQ-9 total at or above the
organisation's step-up threshold. In every course: a screen whose latest score raised an alert
flag (a positive mania screen, the ASRM at 6 or more), which the clinician sees on the course
page and the supervisor is told about when it is recorded.

The rule is a pure function of facts, so it is tested with a table. Where the facts come
from is `facts_for`; the notice to the supervisor is built in openipt/notices.py and sent
by actions.alert_supervisor after commit.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import readings
from .modalities.base import Audience, Modality

COUNSELLOR_ROLE = "counsellor"
RISK_FLAG = "risk_flag"
PHQ9_STEP_UP = "phq9_step_up"
# Alert flags an instrument's score can raise (measures.instruments.base.ALERT_FLAGS), and
# what each says about the client, for the reason shown and sent.
ALERT_MEANINGS = {"mania_screen_positive": _("suggests mania or hypomania")}


@dataclass(frozen=True)
class Screen:
    """The latest score of a screen that raised an alert flag."""

    flag: str
    name: str
    total: int
    on: date


@dataclass(frozen=True)
class Facts:
    open_risk_flag: bool = False
    latest_phq9: int | None = None
    alert_screens: tuple[Screen, ...] = ()


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
            Reason(
                RISK_FLAG, gettext("An answer about self-harm or suicide is waiting for follow-up.")
            )
        )
    if facts.latest_phq9 is not None and facts.latest_phq9 >= threshold:
        found.append(
            Reason(
                PHQ9_STEP_UP,
                gettext(
                    "The latest PHQ-9 total is %(total)s, at or above this organisation's"
                    " step-up level of %(threshold)s."
                )
                % {"total": facts.latest_phq9, "threshold": threshold},
            )
        )
    return found


def alert_reasons(facts: Facts) -> list[Reason]:
    """Reasons from screens whose latest score raised an alert flag, in any course."""
    return [
        Reason(
            screen.flag,
            gettext(
                "The latest %(screen)s (%(total)s, on %(day)s) is at or above its cut-off, which"
                " %(meaning)s. Review it with the client and talk it through with your"
                " supervisor."
            )
            % {
                "screen": screen.name,
                "total": screen.total,
                "day": date_format(screen.on, "d F Y"),
                "meaning": ALERT_MEANINGS.get(screen.flag, _("needs review")),
            },
        )
        for screen in facts.alert_screens
    ]


def escalation(modality: Modality, clinician_role: str, facts: Facts, threshold: int):
    """The reasons to show "discuss with your supervisor": the counsellor-mode reasons when
    counsellor mode applies, and a positive alert screen in any course."""
    found = reasons(facts, threshold) if applies(modality, clinician_role) else []
    return found + alert_reasons(facts)


def reasons_for(episode, modality: Modality, facts: Facts) -> list[Reason]:
    """`escalation` for one episode's course: its clinician's role and its organisation's
    step-up threshold are read from the episode."""
    threshold = episode.organisation.step_up_phq9_threshold
    return escalation(modality, episode.clinician.role, facts, threshold)


def facts_for(episode, intake_screen=None, *, risk=None) -> Facts:
    """The escalation facts of one episode: an open risk flag, the latest PHQ-9 (from the
    measures recorded, else from the intake screen) and any alerting screen. A page that
    shows the episode's risk banner passes it (`risk`, measures.risk.RiskInView): its open
    flags and alerting screens are these facts, so they are not read again."""
    latest = readings.latest_phq9_total(episode)
    if latest is None and intake_screen is not None:
        latest = intake_screen.phq9_total
    if risk is not None:
        return Facts(open_risk_flag=bool(risk.flags), latest_phq9=latest, alert_screens=risk.mania)
    return Facts(
        open_risk_flag=readings.has_open_risk_flag(episode),
        latest_phq9=latest,
        alert_screens=alert_screens_of(readings.alerting_screens([episode.pk]).get(episode.pk, [])),
    )


def alert_screens_of(rows) -> tuple[Screen, ...]:
    """Screens from administration rows (instrument, total, administered_on, flags)."""
    return tuple(
        Screen(flag, readings.short_name(row.instrument), row.total, row.administered_on)
        for row in rows
        for flag in sorted(row.flags)
        if flag in ALERT_MEANINGS
    )
