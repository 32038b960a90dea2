"""Changes to accounts: client invitations. Each is atomic and audited."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openipt import notices
from openipt.audit.record import record

from .models import (
    SAFETY_LEAD_ROLES,
    DeletionOutcome,
    DeletionRequest,
    Invitation,
    Role,
    User,
)


class InvitationInvalid(Exception):
    """The link is unknown, expired or already used; the message says which."""


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_client(actor, client, *, email="", link_for=None, request=None):
    """Create a one-time link for a client; returns (invitation, token).

    The plain token exists only in the returned value (shown once) and, when an e-mail
    address is given, in the invitation mail (`link_for(token)` makes the link);
    earlier unused links for the same client stop working.
    """
    now = timezone.now()
    client.invitations.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        client=client,
        token_hash=hash_token(token),
        created_by=actor,
        expires_at=now + timedelta(days=settings.OPENIPT_INVITATION_DAYS),
        sent_to=email,
    )
    record(
        actor,
        "client.invited",
        invitation,
        client=client,
        request=request,
        detail=f"by email to {email}" if email else "link shown on screen",
    )
    if email and link_for is not None:
        notices.send_after_commit(notices.invitation(invitation, link_for(token)))
    return invitation, token


def find_invitation(token):
    """The usable invitation for a token, or InvitationInvalid with a clear reason."""
    invitation = (
        Invitation.objects.select_related("client", "client__user")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationInvalid(
            "This invitation link is not valid. Ask your clinician for a new one."
        )
    if invitation.used_at is not None:
        raise InvitationInvalid(
            "This invitation link has already been used. Sign in with the password you set, "
            "or ask your clinician for a new link."
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(
            "This invitation link has expired. Ask your clinician for a new one."
        )
    return invitation


@transaction.atomic
def accept_invitation(token, *, username, password, request=None):
    """Create (or re-key) the client's portal account and use up the link."""
    invitation = find_invitation(token)
    # Lock the row so two simultaneous submissions cannot both use one link.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise InvitationInvalid("This invitation link has already been used.")
    client = invitation.client
    user = client.user or User(
        organisation_id=client.organisation_id,
        role=Role.CLIENT,
        first_name=client.given_name,
        last_name=client.family_name,
        email=client.email,
    )
    user.username = username
    user.set_password(password)
    user.save()
    if client.user_id != user.pk:
        client.user = user
        client.save(update_fields=["user"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(user, "client.invitation_accepted", invitation, client=client, request=request)
    return user


ORGANISATION_POLICY_FIELDS = (
    "safety_lead",
    "allow_phq9_proration",
    "step_up_phq9_threshold",
    "risk_acknowledgement_working_days",
    "crisis_phone_numbers",
    "crisis_text_lines",
    "crisis_what_to_do",
)


@transaction.atomic
def update_organisation(actor, organisation, *, request=None, **fields):
    """The organisation admin changes policy and crisis information; audited by field.

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
        detail="changed: " + (", ".join(changed) or "nothing"),
    )
    return organisation


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

    Recording the outcome does not erase anything itself: erasure is carried out by the
    organisation under its records policy (docs/portal.md).
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
        raise DeletionAlreadyDecided("This request already has an outcome.")
    deletion.refresh_from_db()
    record(
        actor,
        "deletion.decided",
        deletion,
        client=deletion.client,
        request=request,
        detail=deletion.get_outcome_display(),
    )
    return deletion
