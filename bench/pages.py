"""The pages the benchmark requests, each as the person who would normally see it."""

from dataclasses import dataclass

from django.urls import Resolver404, resolve, reverse

from openipt.clinic.views import records

FLOOR = "floor: account"
# The outcome dashboard (issue 11, item 3); measured once a view answers at this path.
OUTCOMES_PATH = "/outcomes/"


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    viewer: object  # the User the page is requested as
    # Client rows the page must show; checked once so a list that silently lost
    # its rows (a broken gate, a wrong viewer) cannot pass for a fast page.
    expect_rows: int | None = None


def first_page(rows, per_page):
    """A paged list shows one page of rows at a time (None: not paged)."""
    return rows if per_page is None else min(rows, per_page)


def main_pages(cast):
    """The floor first: every other page is read against it."""
    client, episode = cast.focus_client, cast.focus_episode
    clinician = episode.clinician
    per_page = records.CLIENTS_PER_PAGE
    # The caseload is not paged today; once it is, its page size is expected here.
    caseload_per_page = getattr(records, "CASELOAD_PER_PAGE", None)
    pages = [
        # The cheapest signed-in page: session, user, one query for the second factor.
        Page(FLOOR, reverse("accounts:account"), cast.busiest_clinician),
        Page(
            "caseload (busiest clinician)",
            reverse("clinic:caseload"),
            cast.busiest_clinician,
            expect_rows=first_page(cast.busiest_visible, caseload_per_page),
        ),
        Page(
            "clients list (busiest clinician)",
            reverse("clinic:clients"),
            cast.busiest_clinician,
            expect_rows=first_page(cast.busiest_visible, per_page),
        ),
        Page(
            "clients list (supervisor)",
            reverse("clinic:clients"),
            cast.supervisor,
            expect_rows=first_page(cast.supervisor_visible, per_page),
        ),
        Page(
            "clients list (admin: all)",
            reverse("clinic:clients"),
            cast.admin,
            expect_rows=first_page(cast.all_clients, per_page),
        ),
        Page("client detail", reverse("clinic:client", args=[client.pk]), client.clinician),
        Page("episode", reverse("clinic:episode", args=[episode.pk]), clinician),
        Page(
            f"audit trail ({cast.focus_trail} events)",
            reverse("clinic:client_audit", args=[client.pk]),
            client.clinician.supervisor,
        ),
        Page("supervision", reverse("clinic:supervision"), cast.supervisor),
        Page("course view", reverse("clinic:course", args=[episode.pk]), clinician),
        Page(
            "session agenda",
            reverse("clinic:course_session", args=[episode.pk, cast.focus_session]),
            clinician,
        ),
        Page(
            "course fidelity (one course)",
            reverse("clinic:course_fidelity", args=[episode.pk]),
            clinician,
        ),
        Page(
            f"team fidelity ({cast.team_courses} courses)",
            reverse("clinic:fidelity"),
            cast.supervisor,
        ),
        *_outcome_pages(cast),
        *_group_pages(cast),
        Page("portal home", reverse("portal:home"), cast.portal_user),
        Page("portal questionnaires", reverse("portal:questionnaires"), cast.portal_user),
        Page("portal homework", reverse("portal:homework"), cast.portal_user),
    ]
    return pages


def _group_pages(cast):
    """The one page of a group session (session 16: a full PHQ-9 on each of 14 rows) and
    the progress sheet (14 members x 16 sessions), as the facilitator (docs/groups.md)."""
    group = cast.group
    if group is None:
        return []
    return [
        Page(
            f"group session page ({group.members.count()} members, session 16)",
            reverse("clinic:group_session", args=[group.pk, group.planned_sessions]),
            group.facilitator,
        ),
        Page(
            f"group progress sheet ({group.members.count()} x {group.planned_sessions})",
            reverse("clinic:group_progress", args=[group.pk]),
            group.facilitator,
        ),
    ]


def _outcome_pages(cast):
    """The outcome dashboard for a supervisor (their team) and the admin (everyone),
    once it exists."""
    if not exists(OUTCOMES_PATH):
        return []
    return [
        Page("outcomes (supervisor: team)", OUTCOMES_PATH, cast.supervisor),
        Page("outcomes (admin: organisation)", OUTCOMES_PATH, cast.admin),
    ]


def exists(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True
