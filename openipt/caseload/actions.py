"""Every change to clients and episodes, each atomic and audited in the same transaction,
including erasure (caseload/erasure.py says what goes)."""

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext

from openipt.accounts import actions as account_actions
from openipt.accounts.models import CLINICIAN_ROLES, DeletionOutcome
from openipt.accounts.staff import refuse_if_any, site_problem
from openipt.audit.record import record

from . import erasure, events
from .models import Client, Episode, EpisodeStatus, new_reference
from .queries import clients_past_retention

CLIENT_ADMIN_FIELDS = ("given_name", "family_name", "date_of_birth", "email", "phone", "site")


@transaction.atomic
def register_client(actor, *, site=None, request=None, **fields):
    """A clinician registers a client onto their own caseload, at the site chosen or,
    by default, the clinician's own."""
    site = site or actor.site
    _refuse_bad_site(actor.organisation_id, site, current_site_id=None)
    client = _create_with_unique_reference(
        organisation_id=actor.organisation_id, clinician=actor, site=site, **fields
    )
    record(actor, "client.registered", client, client=client, request=request)
    return client


def _refuse_bad_site(organisation_id, site, *, current_site_id):
    problem = site_problem(organisation_id, site, required=True, current_site_id=current_site_id)
    refuse_if_any({"site": problem})


def _create_with_unique_reference(**fields):
    # The reference is random; on the rare collision within an organisation, draw again.
    for _ in range(5):
        try:
            with transaction.atomic():
                return Client.objects.create(reference=new_reference(), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("Could not draw a unique client reference.")


ERASED_DETAILS = (
    "This client's identifying details were erased at their request, so they are not entered again."
)


@transaction.atomic
def update_client(actor, client, *, request=None, **fields):
    if client.is_identity_erased:
        refuse_if_any({"__all__": ERASED_DETAILS})
    if "site" in fields:
        _refuse_bad_site(client.organisation_id, fields["site"], current_site_id=client.site_id)
    changed = sorted(name for name, value in fields.items() if getattr(client, name) != value)
    for name in changed:
        setattr(client, name, fields[name])
    client.save(update_fields=changed or None)
    if "site" in changed:
        events.episode_changed(events.CLIENT_SITE_CHANGED, client=client)
    record(
        actor,
        "client.updated",
        client,
        client=client,
        request=request,
        facts={"changed": changed},
    )
    return client


@transaction.atomic
def open_episode(actor, client, *, opened_on, presenting_concerns="", clinician=None, request=None):
    """A new episode for the client, treated by `clinician` (by default the person opening
    it; a group member's course is the group facilitator's, docs/groups.md)."""
    episode = Episode.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        clinician=clinician or actor,
        opened_on=opened_on,
        presenting_concerns=presenting_concerns,
    )
    record(actor, "episode.opened", episode, client=client, request=request)
    events.episode_changed(events.EPISODE_OPENED, episode=episode)
    return episode


@transaction.atomic
def close_episode(actor, episode, *, closed_on, request=None):
    episode.status = EpisodeStatus.CLOSED
    episode.closed_on = closed_on
    episode.save(update_fields=["status", "closed_on"])
    record(actor, "episode.closed", episode, client=episode.client, request=request)
    return episode


class ReassignmentRefused(Exception):
    """The episode cannot go to that clinician; the message says why."""


def reassignment_problem(episode, to_clinician):
    if not episode.is_open:
        return gettext("Only open episodes are reassigned; a closed episode keeps its clinician.")
    if to_clinician.organisation_id != episode.organisation_id:
        return gettext("Choose a clinician of this organisation.")
    if to_clinician.role not in CLINICIAN_ROLES or not to_clinician.is_active:
        return gettext("%(name)s is not an active therapist or counsellor.") % {
            "name": to_clinician.display_name
        }
    if to_clinician.pk == episode.clinician_id:
        return gettext("This episode is already with %(name)s.") % {
            "name": to_clinician.display_name
        }
    return None


@transaction.atomic
def reassign_episode(actor, episode, to_clinician, *, request=None):
    """Move an open episode to another active clinician (the admin does this when a
    clinician leaves). The client's responsible clinician moves too when it was the same
    person. Risk flags, measures and the rest follow the episode: access is decided from
    the episode's clinician (access.permissions)."""
    episode = (
        Episode.objects.select_for_update(of=("self",))
        .select_related("client", "clinician")
        .get(pk=episode.pk, organisation_id=actor.organisation_id)
    )
    problem = reassignment_problem(episode, to_clinician)
    if problem:
        raise ReassignmentRefused(problem)
    previous = episode.clinician
    episode.clinician = to_clinician
    episode.save(update_fields=["clinician"])
    client = episode.client
    moved_client = client.clinician_id == previous.pk
    if moved_client:
        client.clinician = to_clinician
        client.save(update_fields=["clinician"])
    events.episode_changed(events.EPISODE_REASSIGNED, episode=episode)
    record(
        actor,
        "episode.reassigned",
        episode,
        client=client,
        request=request,
        facts={
            "from_clinician": previous.pk,
            "to_clinician": to_clinician.pk,
            "client_moved": moved_client,
        },
    )
    return episode


@transaction.atomic
def reassign_episodes(actor, episodes, to_clinician, *, request=None):
    """Several open episodes to one clinician, all or none; one audit event each."""
    return [reassign_episode(actor, episode, to_clinician, request=request) for episode in episodes]


# --- erasure -----------------------------------------------------------------------------------


class ErasureRefused(Exception):
    """Nothing may be erased now under the organisation's retention rule; the message
    says when it may."""


def _erase(actor, client, parts, *, reason, keep_scores, request=None):
    """Erase the parts of one client's record not yet erased, with one audit event.
    Returns the parts erased now."""
    # Lock the client's row only: PostgreSQL cannot lock the nullable side of the outer
    # join to the portal account.
    client = Client.objects.select_for_update(of=("self",)).select_related("user").get(pk=client.pk)
    done = []
    if erasure.IDENTITY in parts and not client.is_identity_erased:
        erasure.erase_identity(client)
        done.append(erasure.IDENTITY)
    if erasure.CLINICAL in parts and client.clinical_erased_at is None:
        erasure.erase_clinical(client.episodes.all(), keep_scores=keep_scores)
        client.clinical_erased_at = timezone.now()
        client.save(update_fields=["clinical_erased_at"])
        done.append(erasure.CLINICAL)
    if done:
        record(
            actor,
            "client.erased",
            client,
            client=client,
            request=request,
            facts={
                "reason": reason,
                "parts": done,
                "scores": erasure.CLINICAL in done and keep_scores,
            },
        )
    return done


@transaction.atomic
def decide_deletion(actor, deletion, *, outcome, outcome_reason="", request=None):
    """Record the admin's outcome of a client's deletion request and, when it is "erased",
    erase at once what the organisation's retention rule allows: the identifying details
    (if the rule erases them on request) and, once the retention period has ended, the
    clinical record. Returns (deletion, parts erased now, the day the clinical record may
    go or None while an episode is open).

    Raises ErasureRefused, with nothing written, when the rule lets nothing go yet."""
    client = deletion.client
    erased, ends_on = [], None
    if outcome == DeletionOutcome.ERASED:
        parts, ends_on = erasure.parts_allowed_now(
            client, list(client.episodes.all()), timezone.localdate()
        )
        if not parts:
            raise ErasureRefused(_kept_until(ends_on))
    deletion = account_actions.decide_deletion(
        actor, deletion, outcome=outcome, outcome_reason=outcome_reason, request=request
    )
    if outcome == DeletionOutcome.ERASED:
        keep_scores = client.organisation.keep_scores_after_erasure
        erased = _erase(
            actor,
            client,
            parts,
            reason=erasure.DELETION_REQUEST,
            keep_scores=keep_scores,
            request=request,
        )
    return deletion, erased, ends_on


def _kept_until(ends_on):
    # Whole sentences, so that each language words them its own way.
    if ends_on:
        return gettext(
            "The organisation's retention rule keeps this record until %(date)s, and does not "
            "erase identifying details on request. Record the request as kept, with the "
            "retention period as the reason."
        ) % {"date": formats.date_format(ends_on, "j F Y")}
    return gettext(
        "The organisation's retention rule keeps this record until the retention period after "
        "the client's last episode closes, and does not erase identifying details on request. "
        "Record the request as kept, with the retention period as the reason."
    )


@transaction.atomic
def remove_client_made_in_error(actor, client, *, reason, request=None):
    """A client registered in error: every part of the record goes at once, scores too,
    and every episode is closed and marked removed."""
    if reason not in erasure.MADE_IN_ERROR:
        raise ValueError(f"{reason!r} is not a reason for removing a record made in error.")
    _mark_removed(client.episodes.all())
    return _erase(
        actor,
        client,
        [erasure.IDENTITY, erasure.CLINICAL],
        reason=reason,
        keep_scores=False,
        request=request,
    )


@transaction.atomic
def remove_episode_made_in_error(actor, episode, *, reason, request=None):
    """An episode opened in error: its clinical records (scores too) go, and it stays
    only as a closed, empty shell; the client's other episodes are untouched."""
    if reason not in erasure.MADE_IN_ERROR:
        raise ValueError(f"{reason!r} is not a reason for removing a record made in error.")
    if episode.erased_at is not None:
        return episode
    episodes = Episode.objects.filter(pk=episode.pk)
    erasure.erase_clinical(episodes, keep_scores=False)
    _mark_removed(episodes)
    episode.refresh_from_db()
    record(
        actor,
        "episode.erased",
        episode,
        client=episode.client,
        request=request,
        facts={"reason": reason, "scores": False},
    )
    return episode


def _mark_removed(episodes):
    now = timezone.now()
    episodes.filter(status=EpisodeStatus.OPEN).update(
        status=EpisodeStatus.CLOSED, closed_on=timezone.localdate(now)
    )
    episodes.update(erased_at=now)


def apply_retention(today, *, dry_run=False):
    """Erase every client whose retention period has ended (identity and clinical record,
    scores as the organisation's rule says), each in its own transaction. Returns the
    clients erased (or, with dry_run, that would be)."""
    due = list(clients_past_retention(today))
    if not dry_run:
        for client in due:
            _erase_after_retention(client)
    return due


@transaction.atomic
def _erase_after_retention(client):
    _erase(
        None,
        client,
        [erasure.IDENTITY, erasure.CLINICAL],
        reason=erasure.RETENTION_ENDED,
        keep_scores=client.organisation.keep_scores_after_erasure,
    )
