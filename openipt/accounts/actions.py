"""Changes to accounts: client and staff invitations, staff and sites, organisation
settings, deletion requests. Each is atomic and audited."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openipt import notices
from openipt.audit.record import record

from . import staff as rules
from .models import (
    DeletionOutcome,
    DeletionRequest,
    Invitation,
    Organisation,
    Role,
    Site,
    StaffInvitation,
    User,
)


class InvitationInvalid(Exception):
    """The link is unknown, expired or already used; the message says which."""


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link():
    """A fresh one-time token and when a link made from it expires."""
    expires_at = timezone.now() + timedelta(days=settings.OPENIPT_INVITATION_DAYS)
    return secrets.token_urlsafe(32), expires_at


@transaction.atomic
def invite_client(actor, client, *, email="", link_for=None, request=None):
    """Create a one-time link for a client; returns (invitation, token).

    The plain token exists only in the returned value (shown once) and, when an e-mail
    address is given, in the invitation mail (`link_for(token)` makes the link);
    earlier unused links for the same client stop working.
    """
    now = timezone.now()
    client.invitations.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    token, expires_at = _new_link()
    invitation = Invitation.objects.create(
        client=client,
        token_hash=hash_token(token),
        created_by=actor,
        expires_at=expires_at,
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
    "allow_phq9_proration",
    "step_up_phq9_threshold",
    "risk_acknowledgement_working_days",
    "crisis_phone_numbers",
    "crisis_text_lines",
    "crisis_what_to_do",
)


@transaction.atomic
def update_organisation(actor, organisation, *, request=None, **fields):
    """The organisation admin changes policy and crisis information; audited by field."""
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


# --- sites -----------------------------------------------------------------------------


@transaction.atomic
def add_site(actor, *, name, request=None):
    name = name.strip()
    rules.refuse_if_any({"name": rules.site_name_problem(actor.organisation_id, name)})
    site = Site.objects.create(organisation_id=actor.organisation_id, name=name)
    record(actor, "site.added", site, request=request, detail=name)
    return site


@transaction.atomic
def rename_site(actor, site, *, name, request=None):
    name = name.strip()
    if name == site.name:
        return site
    rules.refuse_if_any({"name": rules.site_name_problem(site.organisation_id, name, site=site)})
    old, site.name = site.name, name
    site.save(update_fields=["name"])
    record(actor, "site.renamed", site, request=request, detail=f"from {old} to {name}")
    return site


@transaction.atomic
def deactivate_site(actor, site, *, request=None):
    """A deactivated site keeps its clients and history but takes nobody new."""
    rules.refuse_if_any({"__all__": rules.site_closing_problem(site)})
    site.is_active = False
    site.save(update_fields=["is_active"])
    record(actor, "site.deactivated", site, request=request, detail=site.name)
    return site


@transaction.atomic
def reactivate_site(actor, site, *, request=None):
    site.is_active = True
    site.save(update_fields=["is_active"])
    record(actor, "site.reactivated", site, request=request, detail=site.name)
    return site


# --- staff -------------------------------------------------------------------------------


def _lock_staffing(organisation_id):
    """Staff changes of one organisation run one at a time, so that two admins setting
    supervisors at once cannot make a loop that neither change makes alone."""
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()


@transaction.atomic
def invite_staff(
    actor, *, email, first_name, last_name, role, site, supervisor, link_for, request=None
):
    """Invite a new staff member by e-mail; returns (invitation, token).

    The account is made only when the link is used, with the role, site and supervisor
    chosen here. The plain token travels only in the mail; earlier unused invitations
    to the same address stop working.
    """
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
    )
    record(actor, "staff.invited", invitation, request=request, detail=f"as {role}")
    notices.send_after_commit(notices.staff_invitation(invitation, link_for(token)))
    return invitation, token


def find_staff_invitation(token):
    """The usable staff invitation for a token, or InvitationInvalid with the reason."""
    invitation = (
        StaffInvitation.objects.select_related("organisation", "created_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    ask = "Ask your organisation's administrator for a new one."
    if invitation is None:
        raise InvitationInvalid(f"This invitation link is not valid. {ask}")
    if invitation.used_at is not None:
        raise InvitationInvalid(
            "This invitation link has already been used. Sign in with the username and "
            f"password you chose, or {ask[0].lower()}{ask[1:]}"
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(f"This invitation link has expired. {ask}")
    return invitation


@transaction.atomic
def accept_staff_invitation(token, *, username, password, request=None):
    """Create the staff member's account as the admin set it up, and use up the link."""
    invitation = find_staff_invitation(token)
    # Lock the row so two simultaneous submissions cannot both use one link.
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise InvitationInvalid("This invitation link has already been used.")
    user = User(
        organisation_id=invitation.organisation_id,
        role=invitation.role,
        site=invitation.site,
        supervisor=_still_a_supervisor(invitation),
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        email=invitation.email,
        username=username,
    )
    user.set_password(password)
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
        detail="changed: " + (", ".join(changed) or "nothing"),
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
        detail=f"{episodes} open episodes to reassign",
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
