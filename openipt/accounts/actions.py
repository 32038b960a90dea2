"""Changes to accounts: client and staff invitations, staff and sites, organisation
settings, deletion requests. Each is atomic and audited."""

import hashlib
import secrets
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from openipt import notices
from openipt.audit.record import client_ip, record
from openipt.conflicts import refused_on_conflict
from openipt.languages import is_offered

from . import staff as rules
from .models import (
    SAFETY_LEAD_ROLES,
    CalendarFeed,
    DeletionOutcome,
    DeletionRequest,
    Invitation,
    Organisation,
    Role,
    Site,
    StaffInvitation,
    TrainingRecord,
    User,
)
from .tasks import send_password_reset_email


class InvitationInvalid(Exception):
    """The link cannot be used (unknown, expired, used, or the client already has an
    account); the message says which, in words for the person holding the link. For a
    known link the message is in the invitation's `language` (chosen for the invitee, as
    its page is), and the page that shows it speaks that language too."""

    status = 410

    def __init__(self, message, *, language=""):
        super().__init__(message)
        self.language = language


class SignOutFirst(InvitationInvalid):
    """Someone signed in opened an invitation link: using it would switch their browser
    into another person's account, so they are asked to sign out first."""

    status = 409


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link():
    """A fresh one-time token and when a link made from it expires."""
    expires_at = timezone.now() + timedelta(days=settings.OPENIPT_INVITATION_DAYS)
    return secrets.token_urlsafe(32), expires_at


HAS_AN_ACCOUNT = gettext_lazy(
    "This client already has a portal account, so an invitation cannot change it. If they "
    "cannot sign in, send them a password reset."
)
HAS_NO_ACCOUNT = gettext_lazy(
    "This client has no portal account yet: invite them to the portal first."
)


@transaction.atomic
def invite_client(actor, client, *, email="", language="", link_for=None, request=None):
    """Create a one-time link for a client; returns (invitation, token).

    The plain token exists only in the returned value (shown once) and, when an e-mail
    address is given, in the invitation mail (`link_for(token)` makes the link);
    earlier unused links for the same client stop working. A client who already has an
    account is refused (ChangeRefused): a link only ever creates one. A client whose identity
    was erased is never invited again: the account would open what is left of their record.
    `language` is the one the mail, the page behind the link and the account use.
    """
    if language and not is_offered(language):
        raise ValueError(f"{language!r} is not a language this deployment offers.")
    if getattr(client, "identity_erased_at", None) is not None:
        raise InvitationInvalid(ERASED_CLIENT)
    if client.user_id is not None:
        raise rules.ChangeRefused({"__all__": HAS_AN_ACCOUNT})
    now = timezone.now()
    client.invitations.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    token, expires_at = _new_link()
    invitation = Invitation.objects.create(
        client=client,
        token_hash=hash_token(token),
        created_by=actor,
        expires_at=expires_at,
        sent_to=email,
        language=language,
    )
    record(
        actor,
        "client.invited",
        invitation,
        client=client,
        request=request,
        facts={"emailed": bool(email)},
    )
    if email and link_for is not None:
        notices.send_after_commit(notices.invitation(invitation, link_for(token)))
    return invitation, token


@transaction.atomic
def send_client_password_reset(actor, client, *, domain, use_https, request=None):
    """Queue the password-reset mail for the client's account, once this commits: the
    same task as the public reset page, to the account's address, so the clinician learns
    nothing about the address either. Refused (ChangeRefused) without an account."""
    if client.user_id is None:
        raise rules.ChangeRefused({"__all__": HAS_NO_ACCOUNT})
    record(actor, "client.password_reset_sent", client.user, client=client, request=request)
    email, ip = client.user.email, client_ip(request)
    transaction.on_commit(
        lambda: send_password_reset_email.enqueue(email, domain=domain, use_https=use_https, ip=ip)
    )


ERASED_CLIENT = gettext_lazy(
    "This client's identifying details were erased and their portal account closed, so "
    "they cannot be invited to the portal."
)
# Shown to the person holding the link, in their language (str() when shown).
ALREADY_HAS_ACCOUNT = gettext_lazy(
    "You already have an OpenIPT account, so this link cannot change it. Sign in with your "
    "username and password. If you have forgotten your password, choose “Forgotten your "
    "password?” on the sign-in page, or ask your clinician to send you a reset link."
)
SIGN_OUT_FIRST = gettext_lazy(
    "You are signed in to OpenIPT in this browser. This link sets up an account for "
    "someone, so it only works when nobody is signed in: sign out first, then open the "
    "link again."
)


def find_invitation(token, *, signed_in_as=None):
    """The usable invitation for a token, or InvitationInvalid with a clear reason.

    An invitation never re-keys an existing account (an old or forwarded link would
    otherwise let whoever holds it take the account over), and it is never used from a
    browser where someone is signed in (that person would be switched into the new
    account)."""
    invitation = (
        Invitation.objects.select_related("client", "client__user")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationInvalid(
            gettext("This invitation link is not valid. Ask your clinician for a new one.")
        )
    _refuse_unusable_link(invitation, _client_link_problem)
    if signed_in_as is not None and signed_in_as.is_authenticated:
        raise SignOutFirst(SIGN_OUT_FIRST)
    return invitation


def _client_link_problem(invitation):
    if invitation.used_at is not None:
        return gettext(
            "This invitation link has already been used. Sign in with the password you set, "
            "or ask your clinician for a new link."
        )
    if invitation.expires_at <= timezone.now():
        return gettext("This invitation link has expired. Ask your clinician for a new one.")
    if invitation.client.user_id is not None:
        return str(ALREADY_HAS_ACCOUNT)
    return None


def _refuse_unusable_link(invitation, problem_of):
    """InvitationInvalid when `problem_of(invitation)` finds the known link unusable, worded
    in the invitation's language: the person it was meant for reads why in the language
    chosen for them, whatever their browser says (someone signed in reads SignOutFirst in
    their own language instead)."""
    with _in_language_of(invitation):
        problem = problem_of(invitation)
    if problem:
        raise InvitationInvalid(problem, language=invitation.language)


def _in_language_of(invitation):
    if is_offered(invitation.language):
        return translation.override(invitation.language)
    return nullcontext()


def _used_a_moment_ago(invitation):
    # Raised after the page took the invitation's language (the views' use_language).
    return InvitationInvalid(
        gettext(
            "This invitation link was used a moment ago, perhaps in another window. Sign in "
            "with the username and password chosen there."
        ),
        language=invitation.language,
    )


@transaction.atomic
def accept_invitation(token, *, username, password, request=None):
    """Create the client's portal account and use up the link."""
    signed_in_as = request.user if request is not None else None
    invitation = find_invitation(token, signed_in_as=signed_in_as)
    # Lock the rows so two simultaneous submissions cannot both use one link, or give one
    # client two accounts.
    # (select_for_update over the join locks the client's row too.)
    invitation = (
        Invitation.objects.select_for_update().select_related("client").get(pk=invitation.pk)
    )
    if invitation.used_at is not None:
        raise _used_a_moment_ago(invitation)
    client = invitation.client
    if client.user_id is not None:
        raise InvitationInvalid(str(ALREADY_HAS_ACCOUNT), language=invitation.language)
    user = User(
        organisation_id=client.organisation_id,
        role=Role.CLIENT,
        first_name=client.given_name,
        last_name=client.family_name,
        email=client.email,
        username=username,
        language=invitation.language,
    )
    user.set_password(password)
    with refused_on_conflict(rules.ChangeRefused({"username": rules.USERNAME_TAKEN})):
        user.save()
    client.user = user
    client.save(update_fields=["user"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(user, "client.invitation_accepted", invitation, client=client, request=request)
    return user


# --- passwords and sign-in ---------------------------------------------------------------


@transaction.atomic
def change_password(user, password, *, request=None):
    """The person chose a new password on their account page."""
    _set_password(user, password)
    record(user, "account.password_changed", user, request=request)


@transaction.atomic
def reset_password(user, password, *, request=None):
    """The person chose a new password from a reset link mailed to them."""
    _set_password(user, password)
    record(user, "account.password_reset", user, request=request)


def _set_password(user, password):
    user.set_password(password)
    user.save(update_fields=["password"])


def record_failed_sign_in(username, *, request):
    """A sign-in that failed: wrong password or unknown username, the failure that locked
    the account (for this address, or everywhere), or an attempt while it was locked.

    The account, when there is one, is the event's object; what was typed is never stored
    (people type passwords into the username box)."""
    account = User.objects.filter(username=username).only("pk", "organisation_id").first()
    if not getattr(request, "axes_locked_out", False):
        action = "account.sign_in_failed"
    elif getattr(request, "axes_failures_since_start", None) == settings.AXES_FAILURE_LIMIT:
        action = "account.locked_out"
    else:
        action = "account.sign_in_refused_locked"
    record(
        None,
        action,
        account,
        request=request,
        organisation_id=account.organisation_id if account else None,
    )


ORGANISATION_POLICY_FIELDS = (
    "safety_lead",
    "allow_phq9_proration",
    "step_up_phq9_threshold",
    "cosign_counsellor_notes",
    "risk_acknowledgement_working_days",
    "group_dropout_missed_in_a_row",
    "non_death_losses_as_grief",
    "crisis_phone_numbers",
    "crisis_text_lines",
    "crisis_what_to_do",
)
# Each language's crisis information (Organisation.crisis_by_language), by its own form.
CRISIS_PARTS = ("phone_numbers", "text_lines", "what_to_do")
# The retention rule (caseload/erasure.py), saved from its own form on the same page.
RETENTION_FIELDS = ("retention_years", "erase_identity_on_request", "keep_scores_after_erasure")


@transaction.atomic
def update_organisation(actor, organisation, *, request=None, **fields):
    """The organisation admin changes policy, crisis information or the retention rule;
    audited by field.

    Raises ValueError (nothing saved) for a safety lead who is not an active supervisor or
    clinician of this organisation."""
    lead = fields.get("safety_lead")
    if lead is not None and not (
        lead.organisation_id == organisation.pk
        and lead.role in SAFETY_LEAD_ROLES
        and lead.is_active
    ):
        raise ValueError("The safety lead must be a supervisor or clinician of the organisation.")
    changed = sorted(name for name, value in fields.items() if getattr(organisation, name) != value)
    for name in changed:
        setattr(organisation, name, fields[name])
    organisation.save(update_fields=changed or None)
    record(
        actor,
        "organisation.updated",
        organisation,
        request=request,
        facts={"changed": changed},
    )
    return organisation


@transaction.atomic
def set_crisis_by_language(actor, organisation, by_language, *, request=None):
    """The admin gives the crisis information in other languages than the default:
    {language: {part: text}}; a language with every part empty is dropped (its clients see
    the default). Audited as an organisation change (update_organisation)."""
    unknown = [code for code in by_language if not is_offered(code)]
    if unknown or any(set(parts) - set(CRISIS_PARTS) for parts in by_language.values()):
        raise ValueError(f"Not a language or crisis part this deployment offers: {unknown}")
    kept = {
        code: {part: parts.get(part, "").strip() for part in CRISIS_PARTS}
        for code, parts in by_language.items()
        if any(parts.get(part, "").strip() for part in CRISIS_PARTS)
    }
    return update_organisation(actor, organisation, request=request, crisis_by_language=kept)


# --- sites -----------------------------------------------------------------------------


@transaction.atomic
def add_site(actor, *, name, request=None):
    name = name.strip()
    rules.refuse_if_any({"name": rules.site_name_problem(actor.organisation_id, name)})
    with refused_on_conflict(rules.ChangeRefused({"name": rules.SITE_NAME_TAKEN})):
        site = Site.objects.create(organisation_id=actor.organisation_id, name=name)
    record(actor, "site.added", site, request=request)
    return site


@transaction.atomic
def rename_site(actor, site, *, name, request=None):
    name = name.strip()
    if name == site.name:
        return site
    rules.refuse_if_any({"name": rules.site_name_problem(site.organisation_id, name, site=site)})
    site.name = name
    with refused_on_conflict(rules.ChangeRefused({"name": rules.SITE_NAME_TAKEN})):
        site.save(update_fields=["name"])
    record(actor, "site.renamed", site, request=request)
    return site


@transaction.atomic
def deactivate_site(actor, site, *, request=None):
    """A deactivated site keeps its clients and history but takes nobody new."""
    rules.refuse_if_any({"__all__": rules.site_closing_problem(site)})
    site.is_active = False
    site.save(update_fields=["is_active"])
    record(actor, "site.deactivated", site, request=request)
    return site


@transaction.atomic
def reactivate_site(actor, site, *, request=None):
    site.is_active = True
    site.save(update_fields=["is_active"])
    record(actor, "site.reactivated", site, request=request)
    return site


# --- staff -------------------------------------------------------------------------------


def _lock_staffing(organisation_id):
    """Staff changes of one organisation run one at a time, so that two admins setting
    supervisors at once cannot make a loop that neither change makes alone."""
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()


@transaction.atomic
def invite_staff(
    actor,
    *,
    email,
    first_name,
    last_name,
    role,
    site,
    supervisor,
    link_for,
    language="",
    request=None,
):
    """Invite a new staff member by e-mail; returns (invitation, token).

    The account is made only when the link is used, with the role, site, supervisor and
    language chosen here (the mail and the page behind the link are in that language).
    The plain token travels only in the mail; earlier unused invitations to the same
    address stop working.
    """
    if language and not is_offered(language):
        raise ValueError(f"{language!r} is not a language this deployment offers.")
    organisation_id = actor.organisation_id
    _lock_staffing(organisation_id)
    rules.refuse_if_any(
        {
            "email": rules.email_problem(organisation_id, email),
            "role": rules.role_problem(role),
            "site": rules.site_problem(organisation_id, site, required=rules.needs_site(role)),
            "supervisor": rules.supervisor_problem(organisation_id, role, supervisor),
        }
    )
    now = timezone.now()
    StaffInvitation.objects.filter(
        organisation_id=organisation_id,
        email__iexact=email,
        used_at__isnull=True,
        expires_at__gt=now,
    ).update(expires_at=now)
    token, expires_at = _new_link()
    invitation = StaffInvitation.objects.create(
        organisation_id=organisation_id,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        site=site,
        supervisor=supervisor,
        token_hash=hash_token(token),
        created_by=actor,
        expires_at=expires_at,
        language=language,
    )
    record(actor, "staff.invited", invitation, request=request, facts={"role": role})
    notices.send_after_commit(notices.staff_invitation(invitation, link_for(token)))
    return invitation, token


def find_staff_invitation(token, *, signed_in_as=None):
    """The usable staff invitation for a token, or InvitationInvalid with the reason. Like a
    client's link, it is refused in a browser where someone is signed in (SignOutFirst)."""
    invitation = (
        StaffInvitation.objects.select_related("organisation", "created_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationInvalid(
            gettext(
                "This invitation link is not valid. Ask your organisation's administrator "
                "for a new one."
            )
        )
    _refuse_unusable_link(invitation, _staff_link_problem)
    if signed_in_as is not None and signed_in_as.is_authenticated:
        raise SignOutFirst(SIGN_OUT_FIRST)
    return invitation


def _staff_link_problem(invitation):
    if invitation.used_at is not None:
        return gettext(
            "This invitation link has already been used. Sign in with the username and "
            "password you chose, or ask your organisation's administrator for a new one."
        )
    if invitation.expires_at <= timezone.now():
        return gettext(
            "This invitation link has expired. Ask your organisation's administrator for a new one."
        )
    return None


@transaction.atomic
def accept_staff_invitation(token, *, username, password, request=None):
    """Create the staff member's account as the admin set it up, and use up the link."""
    invitation = find_staff_invitation(
        token, signed_in_as=request.user if request is not None else None
    )
    # Lock the row so two simultaneous submissions cannot both use one link.
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise _used_a_moment_ago(invitation)
    user = User(
        organisation_id=invitation.organisation_id,
        role=invitation.role,
        site=invitation.site,
        supervisor=_still_a_supervisor(invitation),
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        email=invitation.email,
        username=username,
        language=invitation.language,
    )
    user.set_password(password)
    with refused_on_conflict(rules.ChangeRefused({"username": rules.USERNAME_TAKEN})):
        user.save()
    invitation.used_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["used_at", "user"])
    record(user, "staff.invitation_accepted", invitation, request=request)
    return user


def _still_a_supervisor(invitation):
    # The supervisor chosen at invitation may have left or changed role since; then the
    # new member starts without one, and the staff list shows it for the admin to set.
    problem = rules.supervisor_problem(
        invitation.organisation_id, invitation.role, invitation.supervisor
    )
    return None if problem else invitation.supervisor


def training_sign_off_problems(organisation_id, signed_off_by, signed_off_on):
    """A sign-off names an active supervisor of the organisation and its date; either both
    or neither."""
    if signed_off_by is None:
        return (
            {"signed_off_on": gettext("Leave the date empty, or choose who signed it off.")}
            if (signed_off_on)
            else {}
        )
    problems = {}
    if not (
        signed_off_by.organisation_id == organisation_id
        and signed_off_by.role == Role.SUPERVISOR
        and signed_off_by.is_active
    ):
        problems["signed_off_by"] = gettext("Choose an active supervisor of the organisation.")
    if signed_off_on is None:
        problems["signed_off_on"] = gettext("Give the date of the sign-off.")
    return problems


@transaction.atomic
def add_training_record(
    actor,
    clinician,
    *,
    training_name,
    modality,
    completed_on,
    certified,
    signed_off_by=None,
    signed_off_on=None,
    request=None,
):
    """The admin or the clinician's supervisor records one IPT training or certification
    (TrainingRecord); audited. Raises ChangeRefused (nothing saved) for a sign-off by
    someone who is not an active supervisor of the organisation, or without its date."""
    rules.refuse_if_any(
        training_sign_off_problems(clinician.organisation_id, signed_off_by, signed_off_on)
    )
    made = TrainingRecord.objects.create(
        organisation_id=clinician.organisation_id,
        clinician=clinician,
        training_name=training_name.strip(),
        modality=modality,
        completed_on=completed_on,
        certified=certified,
        signed_off_by=signed_off_by,
        signed_off_on=signed_off_on,
        recorded_by=actor,
    )
    record(
        actor,
        "staff.training_recorded",
        made,
        request=request,
        facts={"certified": certified, "signed_off": signed_off_by is not None},
    )
    return made


@transaction.atomic
def update_staff(actor, member, *, role, site, supervisor, request=None):
    """The admin sets a staff member's role, site and supervisor, within the rules of
    accounts/staff.py; audited with the names of the fields that changed."""
    _lock_staffing(member.organisation_id)
    organisation_id = member.organisation_id
    rules.refuse_if_any(
        {
            "role": rules.role_problem(role) or rules.role_change_problem(actor, member, role),
            "site": rules.site_problem(
                organisation_id,
                site,
                required=rules.needs_site(role),
                current_site_id=member.site_id,
            ),
            "supervisor": rules.supervisor_problem(
                organisation_id, role, supervisor, member=member
            ),
        }
    )
    values = {"role": role, "site": site, "supervisor": supervisor}
    changed = sorted(name for name, value in values.items() if getattr(member, name) != value)
    for name in changed:
        setattr(member, name, values[name])
    if changed:
        member.save(update_fields=changed)
    record(
        actor,
        "staff.updated",
        member,
        request=request,
        facts={"changed": changed},
    )
    return member


@transaction.atomic
def deactivate_staff(actor, member, *, request=None):
    """A deactivated account cannot sign in, and a session it already has stops working
    at its next request (the authentication backend refuses inactive users). Its open
    episodes are then listed for reassignment (caseload.actions.reassign_episode)."""
    rules.refuse_if_any({"__all__": rules.deactivation_problem(actor, member)})
    member.is_active = False
    member.save(update_fields=["is_active"])
    episodes = rules.open_episode_count(member)
    record(
        actor,
        "staff.deactivated",
        member,
        request=request,
        facts={"open_episodes": episodes},
    )
    return member


@transaction.atomic
def reactivate_staff(actor, member, *, request=None):
    member.is_active = True
    member.save(update_fields=["is_active"])
    record(actor, "staff.reactivated", member, request=request)
    return member


# --- deletion requests -----------------------------------------------------------------


class DeletionAlreadyDecided(Exception):
    """A deletion request's outcome is recorded once."""


@transaction.atomic
def request_deletion(actor, client, *, reason="", request=None):
    """The client asks for what is held about them to be deleted; the admin decides."""
    deletion = DeletionRequest.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        requested_by=actor,
        reason=reason,
    )
    record(actor, "deletion.requested", deletion, client=client, request=request)
    return deletion


@transaction.atomic
def decide_deletion(actor, deletion, *, outcome, outcome_reason="", request=None):
    """Record the admin's outcome: erased, or kept for the retention period with a reason.

    Recording the outcome erases nothing itself: caseload.actions.decide_deletion records
    it and carries out what the organisation's retention rule allows (docs/portal.md).
    """
    if outcome not in (DeletionOutcome.ERASED, DeletionOutcome.KEPT):
        raise ValueError(f"{outcome!r} is not an outcome.")
    updated = DeletionRequest.objects.filter(pk=deletion.pk, outcome=DeletionOutcome.OPEN).update(
        outcome=outcome,
        outcome_reason=outcome_reason,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    if not updated:
        # Never shown: the organisation page says it in its own words.
        raise DeletionAlreadyDecided("This request already has an outcome.")
    deletion.refresh_from_db()
    record(
        actor,
        "deletion.decided",
        deletion,
        client=deletion.client,
        request=request,
        facts={"outcome": deletion.outcome},
    )
    return deletion


def close_portal_account(user):
    """Part of erasing a client (caseload/erasure.py, audited there): the portal account
    can no longer sign in, keeps no name or address, and its username is free again. The
    row stays, since audit events name it as their actor."""
    user.username = f"erased-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=["username", "first_name", "last_name", "email", "is_active", "password"]
    )
    _revoke_feeds(user)


def forget_contact_details(client):
    """Part of erasing a client: the addresses invitations were sent to, and the client's
    own words in their deletion requests, go; unused invitation links stop working."""
    now = timezone.now()
    Invitation.objects.filter(client=client, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    Invitation.objects.filter(client=client).update(sent_to="")
    DeletionRequest.objects.filter(client=client).update(reason="")


# --- private calendar feeds ----------------------------------------------------------------


@transaction.atomic
def turn_on_calendar_feed(user, *, request=None):
    """A new secret feed address for the person; returns the token (shown once). Any
    earlier address stops working."""
    _revoke_feeds(user)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=hash_token(token))
    record(user, "calendar_feed.turned_on", feed, request=request)
    return token


@transaction.atomic
@transaction.atomic
def choose_language(user, language, *, request=None):
    """The language `user` reads OpenIPT in from now on ("" for their browser's)."""
    if language and not is_offered(language):
        raise ValueError(f"{language!r} is not a language this deployment offers.")
    if user.language == language:
        return
    user.language = language
    user.save(update_fields=["language"])
    record(user, "account.language_chosen", user, request=request, facts={"language": language})


def turn_off_calendar_feed(user, *, request=None):
    if _revoke_feeds(user):
        record(user, "calendar_feed.turned_off", user, request=request)


def _revoke_feeds(user):
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feed_owner(token):
    """The active person whose live feed this token opens, or None."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return feed.user if feed else None


def has_calendar_feed(user):
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).exists()
