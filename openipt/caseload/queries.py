"""Reads of clients and episodes that pages repeat: list rows with their open episodes, a
client's current episode, and a supervisor's team with its counts."""

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from openipt.accounts.models import CLINICIAN_ROLES, DeletionOutcome, DeletionRequest, User

from .models import Client, Episode, EpisodeStatus


def with_open_episodes(clients):
    """Client rows with their clinician and `open_episodes` (with clinicians) prefetched."""
    open_episodes = Episode.objects.filter(status=EpisodeStatus.OPEN).select_related("clinician")
    return clients.select_related("clinician").prefetch_related(
        Prefetch("episodes", queryset=open_episodes, to_attr="open_episodes")
    )


def _count_of(queryset, owner_field):
    counted = (
        queryset.filter(**{owner_field: OuterRef("pk")})
        .order_by()
        .values(owner_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def team_of(supervisor):
    """The clinicians a supervisor oversees, with their client and open-episode counts."""
    return (
        User.objects.filter(supervisor=supervisor, organisation_id=supervisor.organisation_id)
        # One counting subquery each: joining both relations at once would count
        # clients x episodes rows per clinician (docs/bench.md).
        .annotate(
            open_episodes=_count_of(Episode.objects.filter(status=EpisodeStatus.OPEN), "clinician"),
            client_count=_count_of(Client.objects.all(), "clinician"),
        )
        .order_by("last_name", "first_name")
    )


def team_clinicians(supervisor):
    """The active therapists and counsellors a supervisor oversees."""
    return User.objects.filter(
        supervisor=supervisor,
        organisation_id=supervisor.organisation_id,
        role__in=CLINICIAN_ROLES,
        is_active=True,
    ).order_by("last_name", "first_name", "username")


def open_episode_of(client):
    """The client's latest open episode, or None."""
    return (
        client.episodes.select_related("organisation", "clinician")
        .filter(status=EpisodeStatus.OPEN)
        .order_by("-opened_on", "-id")
        .first()
    )


def open_deletion_requests(organisation):
    """Clients' deletion requests still waiting for the admin's decision, oldest first."""
    return DeletionRequest.objects.filter(
        organisation=organisation, outcome=DeletionOutcome.OPEN
    ).select_related("client")


def deletion_requests_of(client):
    return DeletionRequest.objects.filter(client=client).order_by("-requested_at")
