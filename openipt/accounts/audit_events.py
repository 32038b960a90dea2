"""The audit actions of accounts: signing in, second factors, staff, sites, organisation
settings, client invitations and deletion requests. All administrative (audit/events.py)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from openipt.audit.events import ADMINISTRATIVE, Code, Number, YesNo, declare

from .models import DeletionOutcome, Role


def _staff_role_words():
    # Read when the trail is shown, so the role names follow the reader's language.
    return {role.value: role.label.lower() for role in Role if role != Role.CLIENT}


# The organisation's settings by field, in the words of the settings page.
ORGANISATION_FIELD_WORDS = {
    "safety_lead": _("safety lead"),
    "allow_phq9_proration": _("PHQ-9 proration"),
    "step_up_phq9_threshold": _("counsellor step-up level"),
    "risk_acknowledgement_working_days": _("days to acknowledge a risk flag"),
    "crisis_phone_numbers": _("crisis phone numbers"),
    "crisis_text_lines": _("crisis text lines"),
    "crisis_what_to_do": _("what to do now"),
    "crisis_by_language": _("crisis information in other languages"),
    "retention_years": _("years clinical records are kept"),
    "erase_identity_on_request": _("erasing identifying details on request"),
    "keep_scores_after_erasure": _("keeping pseudonymised scores"),
    "cosign_counsellor_notes": _("co-signing counsellors' progress notes"),
    "group_dropout_missed_in_a_row": _("group sessions missed in a row before a drop-out"),
    "non_death_losses_as_grief": _("non-death losses counted as grief"),
}
STAFF_FIELD_WORDS = {"role": _("role"), "site": _("site"), "supervisor": _("supervisor")}


def _account(code, words):
    declare(code, ADMINISTRATIVE, words)


# --- signing in and second factors --------------------------------------------------------

_account("account.signed_in", _("Signed in"))
_account("account.signed_out", _("Signed out"))
_account("account.sign_in_failed", _("Sign-in failed"))
_account("account.locked_out", _("Sign-in failed and the account was locked"))
_account("account.sign_in_refused_locked", _("Sign-in refused: the account is locked"))
_account("account.password_changed", _("Password changed"))
_account("account.password_reset_mailed", _("Password reset link mailed"))
_account("account.password_reset", _("Password reset from a mailed link"))
_account("account.second_factor_enabled", _("Authenticator app set up"))
_account("account.second_factor_replaced", _("Authenticator app replaced"))
_account("account.second_factor_verified", _("Second-factor code accepted"))
_account("account.second_factor_failed", _("Second-factor code refused"))
_account("account.recovery_code_used", _("Recovery code used"))
_account("account.recovery_codes_regenerated", _("New recovery codes made"))
declare(
    "account.language_chosen",
    ADMINISTRATIVE,
    _("Language chosen"),
    says=_("Language chosen: {language}"),
    # "" is "the browser's language"; the codes are read when the settings are loaded.
    language=Code(lambda: {"": _("the browser's"), **dict(settings.LANGUAGES)}),
)
_account("calendar_feed.turned_on", _("Private calendar address turned on"))
_account("calendar_feed.turned_off", _("Private calendar address turned off"))

# --- the organisation, its sites and staff --------------------------------------------------

declare(
    "organisation.updated",
    ADMINISTRATIVE,
    _("Organisation settings saved"),
    says=_("Organisation settings saved; changed: {changed}"),
    changed=Code(ORGANISATION_FIELD_WORDS, many=True),
)
_account("site.added", _("Site added"))
_account("site.renamed", _("Site renamed"))
_account("site.deactivated", _("Site deactivated"))
_account("site.reactivated", _("Site reactivated"))
_account("site.viewed", _("Site viewed"))
_account("sites.listed", _("Sites listed"))
declare(
    "staff.invited",
    ADMINISTRATIVE,
    _("Staff member invited"),
    says=_("Staff member invited as {role}"),
    role=Code(_staff_role_words),
)
_account("staff.invitation_accepted", _("Staff invitation accepted"))
_account("staff.invite_form_viewed", _("Staff invitation form viewed"))
_account("staff.listed", _("Staff listed"))
_account("staff.viewed", _("Staff member viewed"))
declare(
    "staff.updated",
    ADMINISTRATIVE,
    _("Staff member changed"),
    says=_("Staff member changed: {changed}"),
    changed=Code(STAFF_FIELD_WORDS, many=True),
)
declare(
    "staff.deactivated",
    ADMINISTRATIVE,
    _("Staff member deactivated"),
    says=_("Staff member deactivated; {open_episodes} open episodes to reassign"),
    open_episodes=Number(),
)
_account("staff.reactivated", _("Staff member reactivated"))
_account("staff.training_viewed", _("Staff member's training records viewed"))
declare(
    "staff.training_recorded",
    ADMINISTRATIVE,
    _("Training record added"),
    says=_("Training record added{certified}{signed_off}"),
    certified=YesNo(yes=_("; certified"), no=""),
    signed_off=YesNo(yes=_("; signed off by a supervisor"), no=""),
)
_account("staff.open_episodes_viewed", _("A staff member's open episodes listed"))

# --- a client's portal account and deletion requests ----------------------------------------

declare(
    "client.invited",
    ADMINISTRATIVE,
    _("Portal invitation made"),
    says=_("Portal invitation made: {emailed}"),
    emailed=YesNo(yes=_("sent by e-mail"), no=_("link shown on screen")),
)
_account("client.invitation_accepted", _("Portal account set up from an invitation"))
_account("client.password_reset_sent", _("Password reset sent to the client by their clinician"))
_account("deletion.requested", _("Client asked for their data to be deleted"))
declare(
    "deletion.decided",
    ADMINISTRATIVE,
    _("Deletion request decided"),
    says=_("Deletion request decided: {outcome}"),
    outcome=Code(DeletionOutcome.choices),
)
_account("deletion_request.viewed", _("Deletion request viewed"))
