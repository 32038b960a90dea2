"""The pages the benchmark requests, each as the person who would normally see it."""

from dataclasses import dataclass

from django.urls import reverse

from openipt.clinic.views.records import CLIENTS_PER_PAGE

FLOOR = "floor: account"


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    viewer: object  # the User the page is requested as
    # Client rows the page must show; checked once so a list that silently lost
    # its rows (a broken gate, a wrong viewer) cannot pass for a fast page.
    expect_rows: int | None = None


def first_page(rows):
    """The client list shows one page of rows at a time."""
    return min(rows, CLIENTS_PER_PAGE)


def main_pages(cast):
    """The floor first: every other page is read against it."""
    client, episode = cast.focus_client, cast.focus_episode
    return [
        # The cheapest signed-in page: session, user, one query for the second factor.
        Page(FLOOR, reverse("accounts:account"), cast.busiest_clinician),
        Page(
            "caseload (busiest clinician)",
            reverse("clinic:caseload"),
            cast.busiest_clinician,
            expect_rows=cast.busiest_visible,
        ),
        Page(
            "clients list (busiest clinician)",
            reverse("clinic:clients"),
            cast.busiest_clinician,
            expect_rows=first_page(cast.busiest_visible),
        ),
        Page(
            "clients list (supervisor)",
            reverse("clinic:clients"),
            cast.supervisor,
            expect_rows=first_page(cast.supervisor_visible),
        ),
        Page(
            "clients list (admin: all)",
            reverse("clinic:clients"),
            cast.admin,
            expect_rows=first_page(cast.all_clients),
        ),
        Page("client detail", reverse("clinic:client", args=[client.pk]), client.clinician),
        Page("episode", reverse("clinic:episode", args=[episode.pk]), episode.clinician),
        Page(
            f"audit trail ({cast.focus_trail} events)",
            reverse("clinic:client_audit", args=[client.pk]),
            client.clinician.supervisor,
        ),
        Page("supervision", reverse("clinic:supervision"), cast.supervisor),
        Page("course view", reverse("clinic:course", args=[episode.pk]), episode.clinician),
        Page(
            "session agenda",
            reverse("clinic:course_session", args=[episode.pk, 1]),
            episode.clinician,
        ),
        Page("team fidelity", reverse("clinic:fidelity"), cast.supervisor),
        Page("portal home", reverse("portal:home"), cast.portal_user),
    ]
