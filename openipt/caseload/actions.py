"""Every change to clients and episodes, each atomic and audited in the same transaction."""

from django.db import IntegrityError, transaction

from openipt.accounts.models import CLINICIAN_ROLES
from openipt.accounts.staff import refuse_if_any, site_problem
from openipt.audit.record import record

from .models import Client, Episode, EpisodeStatus, new_reference

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


@transaction.atomic
def update_client(actor, client, *, request=None, **fields):
    if "site" in fields:
        _refuse_bad_site(client.organisation_id, fields["site"], current_site_id=client.site_id)
    changed = sorted(name for name, value in fields.items() if getattr(client, name) != value)
    for name in changed:
        setattr(client, name, fields[name])
    client.save(update_fields=changed or None)
    record(
        actor,
        "client.updated",
        client,
        client=client,
        request=request,
        detail="changed: " + (", ".join(changed) or "nothing"),
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
        return "Only open episodes are reassigned; a closed episode keeps its clinician."
    if to_clinician.organisation_id != episode.organisation_id:
        return "Choose a clinician of this organisation."
    if to_clinician.role not in CLINICIAN_ROLES or not to_clinician.is_active:
        return f"{to_clinician.display_name} is not an active therapist or counsellor."
    if to_clinician.pk == episode.clinician_id:
        return f"This episode is already with {to_clinician.display_name}."
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
    record(
        actor,
        "episode.reassigned",
        episode,
        client=client,
        request=request,
        detail=(
            f"from {previous.display_name} (user {previous.pk}) to "
            f"{to_clinician.display_name} (user {to_clinician.pk})"
            + ("; responsible clinician too" if moved_client else "")
        ),
    )
    return episode


@transaction.atomic
def reassign_episodes(actor, episodes, to_clinician, *, request=None):
    """Several open episodes to one clinician, all or none; one audit event each."""
    return [reassign_episode(actor, episode, to_clinician, request=request) for episode in episodes]
