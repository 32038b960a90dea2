"""One pass of the scheduler (`openipt run-due`, every minute from a timer).

1. Messages whose worker was lost are queued again; messages that waited past their use
   are marked not sent.
2. Each kind (reminders/kinds) names what is due now; every one not logged yet becomes a
   pending message, in one insert (actions.insert_due: the message key is unique, so a
   reminder found by two schedulers at once is logged once).
3. One compare-and-set UPDATE claims every message whose time has come, and one task for
   the worker (delivery.deliver_claimed) is queued in the same transaction: a message is
   claimed by one pass only, and a claimed message always has its task.
4. The existing late safety-flag mails (measures.actions.notify_unacknowledged_risk_flags).
5. The scheduler's heartbeat, and a probe for a worker that has been quiet.

The number of queries of steps 1-3 does not grow with the number of messages (a test
counts them, and `make bench` times a pass over 100,000 clients).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from openipt.measures.actions import notify_unacknowledged_risk_flags
from openipt.operations import health

from . import actions, kinds
from .delivery import deliver_claimed
from .kinds.base import Config
from .models import Message

LATE_FLAG = "late_risk_flag"


@dataclass(frozen=True)
class Queued:
    kind: str
    reference: str  # the client's reference, or "staff <id>"
    channel: str

    @property
    def line(self):
        return f"{self.kind} {self.reference} {self.channel}"


@dataclass
class Pass:
    queued: list = field(default_factory=list)
    found: int = 0
    expired: int = 0
    recovered: int = 0
    claim: str = ""

    @property
    def summary(self):
        return (
            f"run-due: {len(self.queued)} message(s) queued; {self.found} due found, "
            f"{self.recovered} lost and queued again, {self.expired} too late to send."
        )


def run_due(now=None):
    """One pass; returns what it queued."""
    now = now or timezone.now()
    result = Pass()
    result.recovered = actions.recover_lost(now)
    result.expired = actions.expire_waiting(now)
    result.found = queue_due(now, result)
    result.queued += late_risk_flags(now)
    health.beat(health.SCHEDULER, now)
    health.probe_worker(now)
    return result


def find_due(now):
    config = Config.load()
    for kind in kinds.KINDS.values():
        yield from kind.find_due(now, config)


@transaction.atomic
def queue_due(now, result):
    found = actions.insert_due(find_due(now), now)
    result.claim = actions.claim_ready(now)
    claimed = Message.objects.filter(claim=result.claim).order_by("id")
    rows = claimed.values_list("kind", "client__reference", "user_id", "channel")
    result.queued = [
        Queued(kind, reference or f"staff {user_id}", channel)
        for kind, reference, user_id, channel in rows
    ]
    if result.queued:
        deliver_claimed.enqueue(result.claim)
    return found


def late_risk_flags(now):
    """The late safety-flag mail, as before (one per flag; measures.actions)."""
    return [
        Queued(LATE_FLAG, flag.client.reference, "email")
        for flag in notify_unacknowledged_risk_flags(now)
    ]
