"""The audit actions of clients and episodes (audit/events.py)."""

from openipt.audit.events import ADMINISTRATIVE, CLINICAL, Code, Person, YesNo, declare

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
