"""Who requests each benchmarked page, and which records the pages are about.

Read back from the database rather than kept from seeding, so a kept database (--keep)
can be measured again without seeding it anew.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from bench.groups import find_group
from openipt.accounts.models import Organisation, Role, User
from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client, Episode, EpisodeStatus
from openipt.protocol.models import Attendance, CoursePlan, Session
from openipt.worksheets.models import Homework

BENCH_ORGANISATION = "bench"


@dataclass
class Cast:
    admin: User
    all_clients: int
    busiest_clinician: User
    busiest_visible: int  # clients the busiest clinician can list
    supervisor: User  # supervises the busiest clinician
    supervisor_visible: int
    team_courses: int  # courses of the supervisor's team (what team fidelity scores)
    focus_client: Client  # the client with the longest audit trail
    focus_episode: Episode  # the focus client's latest episode: a course under way
    focus_trail: int  # audit events about the focus client
    focus_session: int  # the next session of the focus course (its agenda is measured)
    portal_user: User  # a client with a portal account, a course under way and homework
    group: object = None  # the group of 14 members and 16 sessions (bench/groups.py)


def find_cast():
    organisation = Organisation.objects.get(slug=BENCH_ORGANISATION)
    staff = User.objects.filter(organisation=organisation)
    visible = _visible_client_ids(organisation)
    busiest = max(visible["clinician"], key=lambda pk: (len(visible["clinician"][pk]), -pk))
    busiest_clinician = staff.get(pk=busiest)
    supervisor = busiest_clinician.supervisor
    focus_client, focus_trail = _longest_trail(organisation)
    focus_episode = focus_client.episodes.order_by("-opened_on", "-id").first()
    return Cast(
        admin=staff.get(role=Role.ADMIN),
        all_clients=Client.objects.filter(organisation=organisation).count(),
        busiest_clinician=busiest_clinician,
        busiest_visible=len(visible["clinician"][busiest]),
        supervisor=supervisor,
        supervisor_visible=len(visible["supervisor"][supervisor.pk]),
        team_courses=CoursePlan.objects.filter(episode__clinician__supervisor=supervisor).count(),
        focus_client=focus_client,
        focus_episode=focus_episode,
        focus_trail=focus_trail,
        focus_session=_next_session(focus_episode),
        portal_user=_portal_user(organisation),
        group=find_group(organisation),
    )


def _visible_client_ids(organisation):
    """Who can list which clients, worked out independently of access.visible_clients,
    so the bench can check that the list pages show what they should."""
    supervisor_of = dict(
        User.objects.filter(organisation=organisation).values_list("pk", "supervisor_id")
    )
    pairs = list(Client.objects.filter(organisation=organisation).values_list("clinician_id", "pk"))
    pairs += Episode.objects.filter(organisation=organisation).values_list(
        "clinician_id", "client_id"
    )
    visible = {"clinician": defaultdict(set), "supervisor": defaultdict(set)}
    for clinician_id, client_id in pairs:
        visible["clinician"][clinician_id].add(client_id)
        visible["supervisor"][supervisor_of[clinician_id]].add(client_id)
    return visible


def _longest_trail(organisation):
    top = (
        AuditEvent.objects.filter(organisation=organisation, client__isnull=False)
        .values("client")
        .annotate(events=Count("id"))
        .order_by("-events", "client")
        .first()
    )
    if top is None:  # --records 0: no trail at all; any client will do
        return Client.objects.filter(organisation=organisation).first(), 0
    return Client.objects.get(pk=top["client"]), top["events"]


def _next_session(episode):
    """The first session not yet recorded (the agenda a clinician opens before it)."""
    upcoming = (
        Session.objects.filter(episode=episode, attendance=Attendance.SCHEDULED)
        .order_by("number")
        .first()
    )
    return upcoming.number if upcoming else 1


def _portal_user(organisation):
    # Prefer a client whose portal has something to show: a course under way and homework.
    clients = Client.objects.filter(organisation=organisation, user__isnull=False)
    with_course = clients.filter(
        episodes__status=EpisodeStatus.OPEN, episodes__course_plan__isnull=False
    )
    with_homework = with_course.filter(
        pk__in=Homework.objects.filter(episode__status=EpisodeStatus.OPEN).values("client_id")
    )
    chosen = with_homework.first() or with_course.first() or clients.first()
    return chosen.user
