"""The access gates: the one place that decides who may see or change a client's record.

Views never fetch a Client or Episode themselves; they call a gate, which returns
the object or raises:
- Http404 when the object is outside the user's organisation (its existence is
  not revealed), and
- PermissionDenied (403) when it is inside the organisation but not theirs.

Who may do what, per record:
- the responsible or assigned clinician: everything;
- the supervisor of that clinician: read everything, read the audit trail;
- the organisation admin: administrative fields only (identity, contact,
  assignment) and the audit trail, never clinical content;
- the client: their own record, through the portal only (`portal_client`).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from openipt.accounts.models import Role

from .models import Client, Episode

VIEW_ADMIN = "view_admin"
CHANGE_ADMIN = "change_admin"
VIEW_CLINICAL = "view_clinical"
CHANGE_CLINICAL = "change_clinical"
VIEW_AUDIT = "view_audit"

OWNER = frozenset({VIEW_ADMIN, CHANGE_ADMIN, VIEW_CLINICAL, CHANGE_CLINICAL})
SUPERVISOR = frozenset({VIEW_ADMIN, VIEW_CLINICAL, VIEW_AUDIT})
ORG_ADMIN = frozenset({VIEW_ADMIN, CHANGE_ADMIN, VIEW_AUDIT})
NOTHING = frozenset()


def staff_required(view):
    """Staff pages: anonymous users go to the login page, clients get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_staff_member:
            raise PermissionDenied("This page is for staff.")
        return view(request, *args, **kwargs)

    return wrapper


def client_required(view):
    """Portal pages: anonymous users go to the login page, staff get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_client:
            raise PermissionDenied("This page is for clients.")
        return view(request, *args, **kwargs)

    return wrapper


def _clinician_ids(client, episode=None):
    if episode is not None:
        return {episode.clinician_id, client.clinician_id}
    return {client.clinician_id, *client.episodes.values_list("clinician_id", flat=True)}


def _supervises_any(user, clinician_ids):
    from openipt.accounts.models import User

    return User.objects.filter(pk__in=clinician_ids, supervisor=user).exists()


def permissions(user, client, episode=None):
    """The set of permissions `user` holds on a client (or one of their episodes)."""
    if not user.is_authenticated or user.organisation_id != client.organisation_id:
        return NOTHING
    if user.role == Role.ADMIN:
        return ORG_ADMIN
    if user.role in (Role.THERAPIST, Role.COUNSELLOR):
        return OWNER if user.pk in _clinician_ids(client, episode) else NOTHING
    if user.role == Role.SUPERVISOR:
        return SUPERVISOR if _supervises_any(user, _clinician_ids(client, episode)) else NOTHING
    return NOTHING


def _require(user, client, need, episode=None):
    held = permissions(user, client, episode)
    if need not in held:
        raise PermissionDenied("You do not have access to this record.")
    return held


def client_for(user, pk, need=VIEW_CLINICAL):
    client = (
        Client.objects.select_related("clinician")
        .filter(pk=pk, organisation_id=user.organisation_id)
        .first()
    )
    if client is None:
        raise Http404("No such client.")
    client.permissions = _require(user, client, need)
    return client


def episode_for(user, pk, need=VIEW_CLINICAL):
    episode = (
        Episode.objects.select_related("client", "clinician")
        .filter(pk=pk, organisation_id=user.organisation_id)
        .first()
    )
    if episode is None:
        raise Http404("No such episode.")
    episode.permissions = _require(user, episode.client, need, episode)
    return episode


def visible_clients(user):
    """Clients a staff member may list: the same rules as `permissions`, as a query."""
    clients = Client.objects.filter(organisation_id=user.organisation_id)
    if user.role == Role.ADMIN:
        return clients
    # Subqueries rather than joins: a join on episodes would need DISTINCT over
    # every column, which costs more than the list itself on large caseloads.
    if user.role in (Role.THERAPIST, Role.COUNSELLOR):
        assigned = Episode.objects.filter(clinician=user).values("client_id")
        return clients.filter(Q(clinician=user) | Q(pk__in=assigned))
    if user.role == Role.SUPERVISOR:
        supervised = Episode.objects.filter(clinician__supervisor=user).values("client_id")
        return clients.filter(Q(clinician__supervisor=user) | Q(pk__in=supervised))
    return clients.none()


def portal_client(user):
    """The signed-in client's own record; the only record the portal ever shows."""
    client = Client.objects.filter(user=user, organisation_id=user.organisation_id).first()
    if client is None:
        raise Http404("No client record for this account.")
    return client
