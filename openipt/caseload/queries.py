"""Reads of clients and episodes that pages repeat: list rows with their open episodes, a
client's current episode, a supervisor's team with its counts, and the admin's lists of
staff and sites with theirs."""

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from openipt.accounts.models import (
    CLINICIAN_ROLES,
    STAFF_ROLES,
    DeletionOutcome,
    DeletionRequest,
    Organisation,
    Site,
    StaffInvitation,
    TrainingRecord,
    User,
)

from .erasure import years_after
from .models import Client, Episode, EpisodeStatus

# What a list row shows of a person: their name (User.display_name).
_NAME = ("first_name", "last_name", "username")


def with_open_episodes(clients, *, episode_extras=()):
    """Client rows with their clinician and `open_episodes` (with clinicians) prefetched:
    only the columns a list row shows (clinic/_client_rows.html), since turning every
    column of a client, two people and a site into objects was a good part of a list's
    time (docs/bench.md). A row's other fields are left unread, so a page that needs one
    must ask for it here or it costs a query per row (the query-count tests would fail).

    `episode_extras`: fields of a one-to-one relation of each open episode read in the same
    query ("fidelity__due_session": the caseload's due measures), so the page needs no
    query of its own for them."""
    related = {name.split("__")[0] for name in episode_extras}
    open_episodes = (
        Episode.objects.filter(status=EpisodeStatus.OPEN)
        .select_related("clinician", *sorted(related))
        .only("client", "opened_on", *(f"clinician__{name}" for name in _NAME), *episode_extras)
    )
    return (
        clients.select_related("clinician", "site")
        .only(
            "reference",
            "given_name",
            "family_name",
            "site__name",
            *(f"clinician__{name}" for name in _NAME),
        )
        .prefetch_related(Prefetch("episodes", queryset=open_episodes, to_attr="open_episodes"))
    )


def matching(clients, query):
    """Clients whose reference, given name or family name contains `query` (all when
    it is empty)."""
    if not query:
        return clients
    return clients.filter(
        Q(reference__icontains=query)
        | Q(given_name__icontains=query)
        | Q(family_name__icontains=query)
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


def open_episodes_of_client(client):
    """Every open episode of the client, oldest first: a client may have more than one at
    once (an individual course and a group), and the portal shows each."""
    return list(
        client.episodes.select_related("organisation", "clinician")
        .filter(status=EpisodeStatus.OPEN)
        .order_by("opened_on", "id")
    )


def open_deletion_requests(organisation):
    """Clients' deletion requests still waiting for the admin's decision, oldest first."""
    return DeletionRequest.objects.filter(
        organisation=organisation, outcome=DeletionOutcome.OPEN
    ).select_related("client")


def deletion_requests_of(client):
    return DeletionRequest.objects.filter(client=client).order_by("-requested_at")


def clients_past_retention(today):
    """Clients, in every organisation, whose retention period has ended by `today`: no
    clinical erasure yet, no open episode, and the organisation's `retention_years` since
    their last episode closed (or since they were registered, with no episode)."""
    found = []
    for organisation in Organisation.objects.order_by("pk"):
        cutoff = years_after(today, -organisation.retention_years)
        found += (
            Client.objects.filter(organisation=organisation, clinical_erased_at__isnull=True)
            .exclude(episodes__status=EpisodeStatus.OPEN)
            .annotate(last_closed=Max("episodes__closed_on"))
            .filter(
                Q(last_closed__lte=cutoff)
                | Q(last_closed__isnull=True, created_at__date__lte=cutoff)
            )
            .select_related("organisation")
            .order_by("pk")
        )
    return found


# --- the organisation admin's lists: staff and sites -------------------------------------


def staff_rows(organisation, site=None):
    """The organisation's staff, active first, with their site, supervisor, number of
    open episodes and of IPT training records (counting subqueries: no query per row)."""
    staff = User.objects.filter(organisation=organisation, role__in=STAFF_ROLES)
    if site is not None:
        staff = staff.filter(site=site)
    return (
        staff.select_related("site", "supervisor")
        .annotate(
            open_episodes=_count_of(Episode.objects.filter(status=EpisodeStatus.OPEN), "clinician"),
            training_count=_count_of(TrainingRecord.objects.all(), "clinician"),
        )
        .order_by("-is_active", "last_name", "first_name", "pk")
    )


def pending_staff_invitations(organisation, now):
    """Staff invitations sent and not yet used or expired, newest first."""
    return StaffInvitation.objects.filter(
        organisation=organisation, used_at__isnull=True, expires_at__gt=now
    ).select_related("site")


def supervisees_of(member):
    return member.supervisees.order_by("last_name", "first_name")


def open_episodes_of(clinician):
    """Open episodes assigned to a clinician, oldest first, with their clients (and the
    clients' sites) for the reassignment page. Administrative fields only are shown."""
    return (
        Episode.objects.filter(clinician=clinician, status=EpisodeStatus.OPEN)
        .select_related("client", "client__site", "client__clinician")
        .order_by("opened_on", "pk")
    )


def sites_with_counts(organisation):
    """The organisation's sites with how many active staff and clients each has."""
    return Site.objects.filter(organisation=organisation).annotate(
        active_staff=_count_of(User.objects.filter(is_active=True), "site"),
        client_count=_count_of(Client.objects.all(), "site"),
    )


def sites_of(organisation):
    return Site.objects.filter(organisation=organisation)


def with_site(clients, site):
    return clients if site is None else clients.filter(site=site)


def training_records_of(clinician):
    """A clinician's IPT training records, newest first, with who signed each off."""
    return list(clinician.training_records.select_related("signed_off_by"))
