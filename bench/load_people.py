"""The people of the load benchmark and the pages each visits, read from the database.

Every person also visits the floor page now and then, so the cheapest page's wait is
measured inside the mixed load as well as alone.
"""

from django.db.models import Min
from django.urls import reverse

from bench.pages import OUTCOMES_PATH, exists
from bench.traffic import Person
from openipt.accounts.models import Role, User
from openipt.caseload.models import Client, Episode, EpisodeStatus
from openipt.protocol.models import Attendance, Session


def _floor():
    return [reverse("accounts:account")]


def clinicians(cast, count, courses_each):
    """The busiest clinician first, then others, each with pages about their own open
    courses: caseload, client, episode, course and the next session's agenda."""
    staff = User.objects.filter(
        organisation=cast.admin.organisation, role__in=(Role.THERAPIST, Role.COUNSELLOR)
    ).order_by("pk")
    ordered = [cast.busiest_clinician] + [c for c in staff if c.pk != cast.busiest_clinician.pk]
    people = []
    for clinician in ordered:
        if len(people) == count:
            break
        pages = _course_pages(clinician, courses_each)
        if pages:
            pages["caseload"] = [reverse("clinic:caseload")]
            pages["floor"] = _floor()
            people.append(Person(clinician.username, "clinician", pages))
    return people


def _course_pages(clinician, courses_each):
    episodes = list(
        Episode.objects.filter(
            clinician=clinician, status=EpisodeStatus.OPEN, course_plan__isnull=False
        )
        .order_by("pk")
        .values_list("pk", "client_id")[:courses_each]
    )
    if not episodes:
        return {}
    next_session = dict(
        Session.objects.filter(
            episode_id__in=[pk for pk, _ in episodes], attendance=Attendance.SCHEDULED
        )
        .values("episode_id")
        .annotate(number=Min("number"))
        .values_list("episode_id", "number")
    )
    return {
        "client": [reverse("clinic:client", args=[client]) for _, client in episodes],
        "episode": [reverse("clinic:episode", args=[pk]) for pk, _ in episodes],
        "course": [reverse("clinic:course", args=[pk]) for pk, _ in episodes],
        "session agenda": [
            reverse("clinic:course_session", args=[pk, next_session.get(pk, 1)])
            for pk, _ in episodes
        ],
    }


def supervisors(cast, count):
    """The busiest clinician's supervisor first: supervision, team fidelity and the
    outcome dashboard once it exists."""
    staff = User.objects.filter(organisation=cast.admin.organisation, role=Role.SUPERVISOR)
    ordered = [cast.supervisor] + [s for s in staff.order_by("pk") if s.pk != cast.supervisor.pk]
    pages = {
        "supervision": [reverse("clinic:supervision")],
        "team fidelity": [reverse("clinic:fidelity")],
        "floor": _floor(),
    }
    if exists(OUTCOMES_PATH):
        pages["outcomes"] = [OUTCOMES_PATH]
    return [Person(s.username, "supervisor", pages) for s in ordered[:count]]


def clients(cast, count):
    """Clients with a portal account and a course under way: home and questionnaires."""
    with_course = (
        Client.objects.filter(
            organisation=cast.admin.organisation,
            user__isnull=False,
            episodes__status=EpisodeStatus.OPEN,
            episodes__course_plan__isnull=False,
        )
        .exclude(user=cast.portal_user)
        .order_by("pk")
        .select_related("user")
    )
    users = [cast.portal_user] + [client.user for client in with_course[: max(0, count - 1)]]
    pages = {
        "portal home": [reverse("portal:home")],
        "portal questionnaires": [reverse("portal:questionnaires")],
        "floor": _floor(),
    }
    return [Person(user.username, "client", pages) for user in users[:count]]
