"""The access gates: the one place that decides who may see or change a client's record.

Views never fetch a Client, an Episode or any record of an episode themselves; they call
a gate, which returns the object or raises:
- Http404 when the object is outside the user's organisation (its existence is
  not revealed), and
- PermissionDenied (403) when it is inside the organisation but not theirs.
The 403 and 404 pages say why in their own words, in the reader's language; the English
messages the gates raise with are never shown (they name the rule in logs and tests).

Who may do what, per record:
- the responsible or assigned clinician: everything;
- the supervisor of that clinician: read everything, read the audit trail;
- the organisation admin: administrative fields only (identity, contact,
  assignment) and the audit trail, never clinical content;
- the client: their own record, through the portal only (`portal_client`, `own_record`).

Every gate is built on `_in_organisation` (404) and `permissions` (403). Records that belong
to an episode (measures, flags, homework, technique records...) pass `record_for`; each
app names its own gates with it (`measures.queries.administration_for`, ...). Lists are
filtered by the same rules: `visible_clients` and `clinical_scope`. Pages for some roles
only use the decorators below, which run the staff gate first.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext

from openipt.accounts.models import (
    CLINICIAN_ROLES,
    OUTCOME_ROLES,
    STAFF_ROLES,
    DeletionRequest,
    Role,
    Site,
    User,
)

from .models import Client, Episode

VIEW_ADMIN = "view_admin"
CHANGE_ADMIN = "change_admin"
VIEW_CLINICAL = "view_clinical"
CHANGE_CLINICAL = "change_clinical"
VIEW_AUDIT = "view_audit"
# On a safety flag: acknowledge it and record its follow-up; hand its follow-up on.
FOLLOW_UP = "follow_up"
REASSIGN = "reassign"

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

    wrapper.gate = "staff"
    return wrapper


def role_required(*roles, refusal):
    """A page for some staff roles only: the staff gate runs first, then the role check."""

    def decorate(view):
        @staff_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        wrapper.gate = "role: " + ", ".join(roles)
        return wrapper

    return decorate


clinician_required = role_required(
    *CLINICIAN_ROLES, refusal="This page is for therapists and counsellors."
)
supervisor_required = role_required(Role.SUPERVISOR, refusal="This page is for supervisors.")
admin_required = role_required(Role.ADMIN, refusal="This page is for the organisation admin.")
outcomes_required = role_required(
    *OUTCOME_ROLES,
    refusal="This page is for supervisors, programme leads and the organisation admin.",
)


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

    wrapper.gate = "client"
    return wrapper


def _clinician_ids(client, episode=None):
    if episode is not None:
        return {episode.clinician_id, client.clinician_id}
    return {client.clinician_id, *client.episodes.values_list("clinician_id", flat=True)}


def team_clinician_ids(user):
    """The ids of the people `user` supervises, read once and kept on the user object (which
    lives for one request). Lists filter by these ids rather than by a subquery or a join
    on `supervisor`: PostgreSQL cannot tell from a subquery how many episodes its few
    clinicians have, and at 100,000 episodes it read every episode of the organisation
    (a hash join over a sequential scan, 23 ms) where, given the ids, it reads the team's
    through the clinician index (8 ms; docs/bench.md)."""
    ids = getattr(user, "_team_clinician_ids", None)
    if ids is None:
        ids = list(User.objects.filter(supervisor_id=user.pk).values_list("pk", flat=True))
        user._team_clinician_ids = ids
    return ids


def _supervises_any(user, clinician_ids):
    return User.objects.filter(pk__in=clinician_ids, supervisor=user).exists()


def _treats(user, client, episode=None):
    """The user is the clinician of the episode or the client, or of any of the client's
    episodes: asked of the database only when the loaded rows do not already say yes."""
    if user.pk == client.clinician_id or (episode is not None and user.pk == episode.clinician_id):
        return True
    if episode is not None:
        return False
    return client.episodes.filter(clinician=user).exists()


def _supervises_loaded(user, record):
    """The record's clinician, already loaded with it by the gate (select_related), is
    supervised by the user: then no query is needed to know it."""
    if record is None or not type(record).clinician.is_cached(record):
        return False
    clinician = record.clinician
    return clinician is not None and clinician.supervisor_id == user.pk


def _episodes_of(client, episode):
    return Episode.objects.filter(pk=episode.pk) if episode else client.episodes.all()


def _co_facilitates(user, client, episode=None):
    """A group member's course (docs/groups.md): its clinician is the group's facilitator;
    the co-facilitator holds the same rights on it, and their supervisor oversees it. Asked
    only when the usual rule has said no, so other pages run no query for it."""
    member_courses = _episodes_of(client, episode)
    return member_courses.filter(group_membership__group__co_facilitator=user).exists()


def _supervises_a_co_facilitator(user, client, episode=None):
    member_courses = _episodes_of(client, episode)
    return member_courses.filter(group_membership__group__co_facilitator__supervisor=user).exists()


def permissions(user, client, episode=None):
    """The set of permissions `user` holds on a client (or one of their episodes)."""
    if not user.is_authenticated or user.organisation_id != client.organisation_id:
        return NOTHING
    if user.role == Role.ADMIN:
        return ORG_ADMIN
    if user.role in CLINICIAN_ROLES:
        treats = _treats(user, client, episode)
        return OWNER if treats or _co_facilitates(user, client, episode) else NOTHING
    if user.role == Role.SUPERVISOR:
        oversees = (
            _supervises_loaded(user, episode)
            or _supervises_loaded(user, client)
            or _supervises_any(user, _clinician_ids(client, episode))
        )
        if oversees or _supervises_a_co_facilitator(user, client, episode):
            return SUPERVISOR
        return NOTHING
    return NOTHING


def _require(user, client, need, episode=None):
    held = permissions(user, client, episode)
    if need not in held:
        raise PermissionDenied("You do not have access to this record.")
    return held


def _in_organisation(records, pk, user, *, what, organisation_path="organisation_id"):
    """The record with this pk inside the user's organisation, or 404: a record of another
    organisation is not found, so its existence is not revealed."""
    found = records.filter(pk=pk, **{organisation_path: user.organisation_id}).first()
    if found is None:
        raise Http404(f"No such {what}.")
    return found


def client_for(user, pk, need=VIEW_CLINICAL):
    clients = Client.objects.select_related("clinician", "site")
    client = _in_organisation(clients, pk, user, what="client")
    client.permissions = _require(user, client, need)
    return client


def episode_for(user, pk, need=VIEW_CLINICAL):
    episodes = Episode.objects.select_related("client", "clinician", "organisation")
    episode = _in_organisation(episodes, pk, user, what="episode")
    episode.permissions = _require(user, episode.client, need, episode)
    return episode


def record_for(user, records, pk, need=VIEW_CLINICAL, *, what="record"):
    """The gate of every record that belongs to an episode (a measure, a flag, homework,
    a technique record...): found inside the user's organisation or 404, then its episode
    passes the episode gate with `need` (403 when it is not theirs). `records` is a
    queryset of the record's model; the checked episode is set on the record."""
    record = _in_organisation(
        records, pk, user, what=what, organisation_path="episode__organisation_id"
    )
    record.episode = episode_for(user, record.episode_id, need=need)
    return record


# --- safety flags ----------------------------------------------------------------------
#
# No safety answer is left without a responsible person. A flag is followed up by its
# follow-up clinician: the clinician a supervisor handed it to (`flag.responsible`), else
# the episode's treating clinician, so flags move with their episodes. Besides them:
# - the treating clinician always keeps it (their client);
# - the supervisor of the treating clinician or of the responsible clinician may see it,
#   acknowledge and resolve it, and hand it to another clinician of their team;
# - the organisation's safety lead may see, acknowledge and resolve it when the follow-up
#   clinician has no supervisor;
# - the organisation admin, as for all clinical content, may not.


def follow_up_clinician(flag):
    return flag.responsible or flag.episode.clinician


def flag_permissions(user, flag):
    """The set of permissions `user` holds on a safety flag (see above). `flag` needs its
    episode (with client and clinician), `responsible` and `organisation` loaded."""
    if not user.is_authenticated or user.organisation_id != flag.organisation_id:
        return NOTHING
    episode = flag.episode
    held = set()
    on_episode = permissions(user, episode.client, episode)
    if VIEW_CLINICAL in on_episode:
        held.add(VIEW_CLINICAL)
    if CHANGE_CLINICAL in on_episode or user.pk == flag.responsible_id:
        held |= {VIEW_CLINICAL, FOLLOW_UP}
    responsible = flag.responsible
    oversees = VIEW_CLINICAL in on_episode or (
        responsible is not None and responsible.supervisor_id == user.pk
    )
    if user.role == Role.SUPERVISOR and oversees:
        held |= {VIEW_CLINICAL, FOLLOW_UP, REASSIGN}
    is_lead = flag.organisation.safety_lead_id == user.pk
    if is_lead and follow_up_clinician(flag).supervisor_id is None:
        held |= {VIEW_CLINICAL, FOLLOW_UP}
    return frozenset(held)


def flag_for(user, flags, pk, need=VIEW_CLINICAL):
    """The gate of a safety flag: found inside the user's organisation or 404, then
    `need` among `flag_permissions` or 403. `flags` is a queryset of the flag model with
    its episode, client, clinicians and organisation joined. Sets `flag.permissions`, and
    `flag.episode.permissions` (what the user holds on the episode itself, for the page)."""
    flag = _in_organisation(flags, pk, user, what="flag")
    flag.episode.permissions = permissions(user, flag.episode.client, flag.episode)
    flag.permissions = flag_permissions(user, flag)
    if need not in flag.permissions:
        raise PermissionDenied("You do not have access to this flag.")
    return flag


def flag_scope(user):
    """`flag_permissions` (VIEW_CLINICAL) as a filter on safety flags, for lists."""
    if user.role in CLINICIAN_ROLES:
        scope = clinical_scope(user) | Q(responsible=user)
    elif user.role == Role.SUPERVISOR:
        scope = clinical_scope(user) | Q(responsible__in=team_clinician_ids(user))
    else:
        return Q(pk__in=[])
    # A join, not a read of the organisation: the lists' query counts stay the same.
    unsupervised = Q(responsible__isnull=True, episode__clinician__supervisor__isnull=True) | Q(
        responsible__isnull=False, responsible__supervisor__isnull=True
    )
    return scope | (Q(organisation__safety_lead=user) & unsupervised)


def deletion_request_for(user, pk):
    """A client's deletion request, for the organisation admin who decides it."""
    if user.role != Role.ADMIN:
        raise PermissionDenied("Deletion requests are decided by the organisation admin.")
    pk = pk if str(pk).isdecimal() else None  # not isdigit: int("²") fails
    requests = DeletionRequest.objects.select_related("client")
    return _in_organisation(requests, pk, user, what="request")


def staff_member_for(user, pk):
    """A staff member of the admin's organisation, for the staff pages (404 for another
    organisation's people or for a client's account)."""
    if user.role != Role.ADMIN:
        raise PermissionDenied("Staff are managed by the organisation admin.")
    staff = User.objects.filter(role__in=STAFF_ROLES).select_related("site", "supervisor")
    return _in_organisation(staff, pk, user, what="staff member")


def training_clinician_for(user, pk):
    """A clinician whose training records the user keeps: the organisation admin for
    every clinician, a supervisor for the clinicians they supervise (403 for anyone else,
    404 for another organisation's people or a non-clinician)."""
    if user.role not in (Role.ADMIN, Role.SUPERVISOR):
        raise PermissionDenied("Training records are kept by the admin and supervisors.")
    clinicians = User.objects.filter(role__in=CLINICIAN_ROLES).select_related("supervisor")
    clinician = _in_organisation(clinicians, pk, user, what="clinician")
    if user.role == Role.SUPERVISOR and clinician.supervisor_id != user.pk:
        raise PermissionDenied("A supervisor keeps the training records of their own team.")
    return clinician


def site_for(user, pk):
    """One of the admin's organisation's sites (404 for another organisation's)."""
    if user.role != Role.ADMIN:
        raise PermissionDenied("Sites are managed by the organisation admin.")
    return _in_organisation(Site.objects.all(), pk, user, what="site")


# --- groups ------------------------------------------------------------------------------
#
# A group (docs/groups.md) is run by its facilitator and co-facilitator, who see and record
# it; the supervisor of either oversees it (sees it, reviews and acknowledges its weekly
# supervision notes); the organisation admin sees its administrative fields only. Each
# member's course is an episode whose clinician is the facilitator, so the episode rules
# above apply to it, with the co-facilitator beside the facilitator.

REVIEW = "review"  # on a group: acknowledge the facilitators' supervision notes
GROUP_SUPERVISOR = SUPERVISOR | {REVIEW}
GROUP_ADMIN = frozenset({VIEW_ADMIN})


def group_permissions(user, group):
    """The set of permissions `user` holds on a group."""
    if not user.is_authenticated or user.organisation_id != group.organisation_id:
        return NOTHING
    facilitators = {group.facilitator_id, group.co_facilitator_id} - {None}
    if user.role == Role.ADMIN:
        return GROUP_ADMIN
    if user.role in CLINICIAN_ROLES:
        return OWNER if user.pk in facilitators else NOTHING
    if user.role == Role.SUPERVISOR:
        return GROUP_SUPERVISOR if _supervises_any(user, facilitators) else NOTHING
    return NOTHING


def group_gate(user, groups, pk, need=VIEW_CLINICAL):
    """The gate of a group: found inside the user's organisation or 404, then `need` among
    `group_permissions` or 403. `groups` is a queryset of the group model (the groups app
    names its gate with it: `groups.queries.group_for`). Sets `group.permissions`."""
    group = _in_organisation(groups, pk, user, what="group")
    group.permissions = group_permissions(user, group)
    if need not in group.permissions:
        raise PermissionDenied("You do not have access to this group.")
    return group


def group_scope(user):
    """`group_permissions` (any) as a filter on groups, for lists."""
    if user.role == Role.ADMIN:
        return Q(organisation_id=user.organisation_id)
    if user.role in CLINICIAN_ROLES:
        return Q(facilitator=user) | Q(co_facilitator=user)
    if user.role == Role.SUPERVISOR:
        team = team_clinician_ids(user)
        return Q(facilitator__in=team) | Q(co_facilitator__in=team)
    return Q(pk__in=[])


def need_for(request, *, change=CHANGE_CLINICAL, view=VIEW_CLINICAL):
    """What a page asks of the gate: changing on POST, viewing otherwise."""
    return change if request.method == "POST" else view


def clinical_scope(user, path="episode__"):
    """The rule of `permissions` for clinical records as a filter, for lists: a record
    reached by `path` + "clinician"... is the user's (clinician) or their team's
    (supervisor). The admin and everyone else see no clinical records in lists."""
    co_facilitator = f"{path}group_membership__group__co_facilitator"
    if user.role in CLINICIAN_ROLES:
        return (
            Q(**{f"{path}clinician": user})
            | Q(**{f"{path}client__clinician": user})
            | Q(**{co_facilitator: user})
        )
    if user.role == Role.SUPERVISOR:
        team = team_clinician_ids(user)
        return (
            Q(**{f"{path}clinician__in": team})
            | Q(**{f"{path}client__clinician__in": team})
            | Q(**{f"{co_facilitator}__in": team})
        )
    return Q(pk__in=[])


def outcome_scope(user):
    """Whose episodes a person's outcome figures count, as a filter on outcome summaries
    (their `organisation` and `clinician`): a supervisor's team, that is the episodes of
    the clinicians they supervise; the whole organisation for the admin and a programme
    lead, as figures only (the episodes behind a figure are the supervisor's alone:
    the drill-down page is `supervisor_required` and filters by this scope too)."""
    in_organisation = Q(organisation_id=user.organisation_id)
    if user.role == Role.SUPERVISOR:
        return in_organisation & Q(clinician__in=team_clinician_ids(user))
    if user.role in (Role.ADMIN, Role.PROGRAMME_LEAD):
        return in_organisation
    return Q(pk__in=[])


def may_open_outcome_episodes(user):
    """Only a supervisor drills down from a figure to the episodes behind it (their team's,
    which they may see anyway); the admin and a programme lead see figures only."""
    return user.role == Role.SUPERVISOR


def outcome_scope_in_words(user):
    if user.role == Role.SUPERVISOR:
        return gettext("Your team: the episodes of the clinicians you supervise.")
    return gettext("The whole organisation, every site, as figures only.")


def visible_clients(user):
    """Clients a staff member may list: the same rules as `permissions`, as a query."""
    clients = Client.objects.filter(organisation_id=user.organisation_id)
    if user.role == Role.ADMIN:
        return clients
    # Subqueries rather than joins: a join on episodes would need DISTINCT over
    # every column, which costs more than the list itself on large caseloads.
    # Members of a group the user co-facilitates (or oversees a co-facilitator of) are theirs
    # too (docs/groups.md), by a subquery of their own that finds them through the group.
    # An OR of these, not a UNION of client keys: measured on SQLite and PostgreSQL at 2,000
    # and 10,000 clients, the union was no faster, and for a clinician PostgreSQL then read
    # every client of the organisation to join them (docs/bench.md, branch i11-perf3).
    if user.role in CLINICIAN_ROLES:
        assigned = Episode.objects.filter(clinician=user).values("client_id")
        co_facilitated = _member_clients(group_membership__group__co_facilitator=user)
        return clients.filter(Q(clinician=user) | Q(pk__in=assigned) | Q(pk__in=co_facilitated))
    if user.role == Role.SUPERVISOR:
        team = team_clinician_ids(user)
        supervised = Episode.objects.filter(clinician__in=team).values("client_id")
        co_facilitated = _member_clients(group_membership__group__co_facilitator__in=team)
        return clients.filter(
            Q(clinician__in=team) | Q(pk__in=supervised) | Q(pk__in=co_facilitated)
        )
    return clients.none()


def _member_clients(**through_group):
    return Episode.objects.filter(**through_group).values("client_id")


def portal_client(user):
    """The signed-in client's own record; the only record the portal ever shows."""
    client = Client.objects.filter(user=user, organisation_id=user.organisation_id).first()
    if client is None:
        raise Http404("No client record for this account.")
    return client


def own_record(client, records, pk, *, what, client_path="client"):
    """The portal's gate for the signed-in client's records: one of theirs, or 404
    (another client's record is not revealed). `records` is a queryset of its model."""
    found = records.filter(pk=pk, **{client_path: client}).first()
    if found is None:
        raise Http404(f"No such {what}.")
    return found
