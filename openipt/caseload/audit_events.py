"""The audit actions of clients and episodes (audit/events.py)."""

from django.utils.translation import gettext_lazy as _

from openipt.audit.events import ADMINISTRATIVE, CLINICAL, Code, Person, YesNo, declare

from .erasure import ERASURE_PARTS, ERASURE_REASONS

CLIENT_FIELD_WORDS = {
    "given_name": _("given name"),
    "family_name": _("family name"),
    "date_of_birth": _("date of birth"),
    "email": _("e-mail address"),
    "phone": _("phone number"),
    "site": _("site"),
}

declare("client.registered", ADMINISTRATIVE, _("Client registered"))
declare(
    "client.updated",
    ADMINISTRATIVE,
    _("Client details saved"),
    says=_("Client details saved; changed: {changed}"),
    changed=Code(CLIENT_FIELD_WORDS, many=True),
)
declare("client.viewed", ADMINISTRATIVE, _("Client record viewed"))
declare("client.edit_form_viewed", ADMINISTRATIVE, _("Client details form viewed"))
declare("client.invite_form_viewed", ADMINISTRATIVE, _("Portal invitation form viewed"))
declare(
    "client.remove_form_viewed", ADMINISTRATIVE, _("Form to remove a record made in error viewed")
)
declare(
    "episode.remove_form_viewed",
    ADMINISTRATIVE,
    _("Form to remove an episode made in error viewed"),
)
declare("clients.listed", ADMINISTRATIVE, _("Client shown in the client list"))
declare("audit.viewed", ADMINISTRATIVE, _("Audit trail viewed"))
declare("episode.form_viewed", ADMINISTRATIVE, _("New episode form viewed"))
declare("episode.opened", ADMINISTRATIVE, _("Episode opened"))
declare("episode.closed", ADMINISTRATIVE, _("Episode closed"))
declare(
    "episode.reassigned",
    ADMINISTRATIVE,
    _("Episode reassigned"),
    says=_("Episode reassigned from {from_clinician} to {to_clinician}{client_moved}"),
    from_clinician=Person(),
    to_clinician=Person(),
    client_moved=YesNo(yes=_("; responsible clinician too"), no=""),
)
# Pages that show clinical content: their existence in a trail is clinical too.
declare("episode.viewed", CLINICAL, _("Episode viewed"))
declare("caseload.viewed", CLINICAL, _("Client shown on a caseload"))

# Erasure (caseload/erasure.py): what went and why; never what it said.
declare(
    "client.erased",
    ADMINISTRATIVE,
    _("Client's record erased"),
    says=_("Client's record erased ({reason}): {parts}; scores kept without identity: {scores}"),
    reason=Code(ERASURE_REASONS),
    parts=Code(ERASURE_PARTS, many=True),
    scores=YesNo(),
)
declare(
    "client.erasure_scheduled",
    ADMINISTRATIVE,
    _("Erasure of the clinical record scheduled for the end of the retention period"),
)
declare(
    "episode.erased",
    ADMINISTRATIVE,
    _("Episode removed as made in error"),
    says=_("Episode removed ({reason}); scores kept without identity: {scores}"),
    reason=Code(ERASURE_REASONS),
    scores=YesNo(),
)
