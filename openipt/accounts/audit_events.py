"""The audit actions of accounts: signing in, second factors, staff, sites, organisation
settings, client invitations and deletion requests. All administrative (audit/events.py)."""

from django.conf import settings

from openipt.audit.events import ADMINISTRATIVE, Code, Number, YesNo, declare

from .models import DeletionOutcome, Role

STAFF_ROLE_WORDS = {role.value: role.label.lower() for role in Role if role != Role.CLIENT}

# The organisation's settings by field, in the words of the settings page.
ORGANISATION_FIELD_WORDS = {
    "safety_lead": "safety lead",
    "allow_phq9_proration": "PHQ-9 proration",
    "step_up_phq9_threshold": "counsellor step-up level",
    "risk_acknowledgement_working_days": "days to acknowledge a risk flag",
    "crisis_phone_numbers": "crisis phone numbers",
    "crisis_text_lines": "crisis text lines",
    "crisis_what_to_do": "what to do now",
    "crisis_by_language": "crisis information in other languages",
    "retention_years": "years clinical records are kept",
    "erase_identity_on_request": "erasing identifying details on request",
    "keep_scores_after_erasure": "keeping pseudonymised scores",
    "cosign_counsellor_notes": "co-signing counsellors' progress notes",
    "group_dropout_missed_in_a_row": "group sessions missed in a row before a drop-out",
    "non_death_losses_as_grief": "non-death losses counted as grief",
}
STAFF_FIELD_WORDS = {"role": "role", "site": "site", "supervisor": "supervisor"}


def _account(code, words):
    declare(code, ADMINISTRATIVE, words)


# --- signing in and second factors --------------------------------------------------------

_account("account.signed_in", "Signed in")
_account("account.signed_out", "Signed out")
_account("account.sign_in_failed", "Sign-in failed")
_account("account.locked_out", "Sign-in failed and the account was locked")
_account("account.sign_in_refused_locked", "Sign-in refused: the account is locked")
_account("account.password_changed", "Password changed")
_account("account.password_reset_mailed", "Password reset link mailed")
_account("account.password_reset", "Password reset from a mailed link")
_account("account.second_factor_enabled", "Authenticator app set up")
_account("account.second_factor_replaced", "Authenticator app replaced")
_account("account.second_factor_verified", "Second-factor code accepted")
_account("account.second_factor_failed", "Second-factor code refused")
_account("account.recovery_code_used", "Recovery code used")
_account("account.recovery_codes_regenerated", "New recovery codes made")
declare(
    "account.language_chosen",
    ADMINISTRATIVE,
    "Language chosen",
    says="Language chosen: {language}",
    # "" is "the browser's language"; the codes are read when the settings are loaded.
    language=Code(lambda: {"": "the browser's", **dict(settings.LANGUAGES)}),
)
_account("calendar_feed.turned_on", "Private calendar address turned on")
_account("calendar_feed.turned_off", "Private calendar address turned off")

# --- the organisation, its sites and staff --------------------------------------------------

declare(
    "organisation.updated",
    ADMINISTRATIVE,
    "Organisation settings saved",
    says="Organisation settings saved; changed: {changed}",
    changed=Code(ORGANISATION_FIELD_WORDS, many=True),
)
_account("site.added", "Site added")
_account("site.renamed", "Site renamed")
_account("site.deactivated", "Site deactivated")
_account("site.reactivated", "Site reactivated")
_account("site.viewed", "Site viewed")
_account("sites.listed", "Sites listed")
declare(
    "staff.invited",
    ADMINISTRATIVE,
    "Staff member invited",
    says="Staff member invited as {role}",
    role=Code(STAFF_ROLE_WORDS),
)
_account("staff.invitation_accepted", "Staff invitation accepted")
_account("staff.invite_form_viewed", "Staff invitation form viewed")
_account("staff.listed", "Staff listed")
_account("staff.viewed", "Staff member viewed")
declare(
    "staff.updated",
    ADMINISTRATIVE,
    "Staff member changed",
    says="Staff member changed: {changed}",
    changed=Code(STAFF_FIELD_WORDS, many=True),
)
declare(
    "staff.deactivated",
    ADMINISTRATIVE,
    "Staff member deactivated",
    says="Staff member deactivated; {open_episodes} open episodes to reassign",
    open_episodes=Number(),
)
_account("staff.reactivated", "Staff member reactivated")
_account("staff.training_viewed", "Staff member's training records viewed")
declare(
    "staff.training_recorded",
    ADMINISTRATIVE,
    "Training record added",
    says="Training record added{certified}{signed_off}",
    certified=YesNo(yes="; certified", no=""),
    signed_off=YesNo(yes="; signed off by a supervisor", no=""),
)
_account("staff.open_episodes_viewed", "A staff member's open episodes listed")

# --- a client's portal account and deletion requests ----------------------------------------

declare(
    "client.invited",
    ADMINISTRATIVE,
    "Portal invitation made",
    says="Portal invitation made: {emailed}",
    emailed=YesNo(yes="sent by e-mail", no="link shown on screen"),
)
_account("client.invitation_accepted", "Portal account set up from an invitation")
_account("client.password_reset_sent", "Password reset sent to the client by their clinician")
_account("deletion.requested", "Client asked for their data to be deleted")
declare(
    "deletion.decided",
    ADMINISTRATIVE,
    "Deletion request decided",
    says="Deletion request decided: {outcome}",
    outcome=Code(DeletionOutcome.choices),
)
_account("deletion_request.viewed", "Deletion request viewed")
