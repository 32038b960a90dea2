"""The audit actions of clients and episodes (audit/events.py)."""

from openipt.audit.events import ADMINISTRATIVE, CLINICAL, Code, Person, YesNo, declare

from .erasure import ERASURE_PARTS, ERASURE_REASONS

CLIENT_FIELD_WORDS = {
    "given_name": "given name",
    "family_name": "family name",
    "date_of_birth": "date of birth",
    "email": "e-mail address",
    "phone": "phone number",
    "site": "site",
}

declare("client.registered", ADMINISTRATIVE, "Client registered")
declare(
    "client.updated",
    ADMINISTRATIVE,
    "Client details saved",
    says="Client details saved; changed: {changed}",
    changed=Code(CLIENT_FIELD_WORDS, many=True),
)
declare("client.viewed", ADMINISTRATIVE, "Client record viewed")
declare("client.edit_form_viewed", ADMINISTRATIVE, "Client details form viewed")
declare("client.invite_form_viewed", ADMINISTRATIVE, "Portal invitation form viewed")
declare("client.remove_form_viewed", ADMINISTRATIVE, "Form to remove a record made in error viewed")
declare(
    "episode.remove_form_viewed",
    ADMINISTRATIVE,
    "Form to remove an episode made in error viewed",
)
declare("clients.listed", ADMINISTRATIVE, "Client shown in the client list")
declare("audit.viewed", ADMINISTRATIVE, "Audit trail viewed")
declare("episode.form_viewed", ADMINISTRATIVE, "New episode form viewed")
declare("episode.opened", ADMINISTRATIVE, "Episode opened")
declare("episode.closed", ADMINISTRATIVE, "Episode closed")
declare(
    "episode.reassigned",
    ADMINISTRATIVE,
    "Episode reassigned",
    says="Episode reassigned from {from_clinician} to {to_clinician}{client_moved}",
    from_clinician=Person(),
    to_clinician=Person(),
    client_moved=YesNo(yes="; responsible clinician too", no=""),
)
# Pages that show clinical content: their existence in a trail is clinical too.
declare("episode.viewed", CLINICAL, "Episode viewed")
declare("caseload.viewed", CLINICAL, "Client shown on a caseload")

# Erasure (caseload/erasure.py): what went and why; never what it said.
declare(
    "client.erased",
    ADMINISTRATIVE,
    "Client's record erased",
    says="Client's record erased ({reason}): {parts}; scores kept without identity: {scores}",
    reason=Code(ERASURE_REASONS),
    parts=Code(ERASURE_PARTS, many=True),
    scores=YesNo(),
)
declare(
    "client.erasure_scheduled",
    ADMINISTRATIVE,
    "Erasure of the clinical record scheduled for the end of the retention period",
)
declare(
    "episode.erased",
    ADMINISTRATIVE,
    "Episode removed as made in error",
    says="Episode removed ({reason}); scores kept without identity: {scores}",
    reason=Code(ERASURE_REASONS),
    scores=YesNo(),
)
