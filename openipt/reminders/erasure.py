"""What erasing a client does to their reminders (caseload/erasure.py). The message log
holds no words, only kinds, channels and reason codes, so it stays; the client's stop links
end, and messages still waiting are not sent (their address is gone with the identity)."""

from openipt.caseload import erasure
from openipt.caseload.models import Client

from .actions import revoke_stop_links
from .models import FINAL, Message, Reason, Status


@erasure.eraser
def end_reminders(episodes, *, keep_scores):
    for client in Client.objects.filter(episodes__in=episodes).distinct():
        revoke_stop_links(client)
        Message.objects.filter(client=client).exclude(status__in=FINAL).update(
            status=Status.WITHDRAWN, reason=Reason.NO_LONGER_DUE
        )
