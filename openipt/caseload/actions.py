"""Every change to clients and episodes, each atomic and audited in the same transaction."""

from django.db import IntegrityError, transaction

from openipt.audit.record import record

from .models import Client, Episode, EpisodeStatus, new_reference

CLIENT_ADMIN_FIELDS = ("given_name", "family_name", "date_of_birth", "email", "phone")


@transaction.atomic
def register_client(actor, *, request=None, **fields):
    """A clinician registers a client onto their own caseload."""
    client = _create_with_unique_reference(
        organisation_id=actor.organisation_id, clinician=actor, **fields
    )
    record(actor, "client.registered", client, client=client, request=request)
    return client


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
def open_episode(actor, client, *, opened_on, presenting_concerns="", request=None):
    episode = Episode.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        clinician=actor,
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
