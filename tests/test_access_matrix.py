"""The access matrix: every URL pattern of the project, every named person, the
status each must get. A new URL pattern without a row here fails the suite.

People (openipt/testing/people.py): the owning clinician, their supervisor, an
unrelated clinician of the same organisation, the organisation admin, a
clinician of another organisation, the client, another client, and anonymous.
"""

import pytest
from django.urls import reverse

from openipt.testing.urls import url_names

PEOPLE = (
    "owner",
    "supervisor",
    "unrelated",
    "admin",
    "other_org_clinician",
    "client_user",
    "another_client_user",
    "anonymous",
)

LOGIN = 302  # anonymous users are sent to the sign-in page


def row(owner, supervisor, unrelated, admin, other_org, client, another_client, anonymous):
    return dict(
        zip(
            PEOPLE,
            (owner, supervisor, unrelated, admin, other_org, client, another_client, anonymous),
            strict=True,
        )
    )


def everyone(status):
    return row(*([status] * 8))


def signed_in(status):
    return row(*([status] * 7), LOGIN)


STAFF_ONLY = row(200, 200, 200, 200, 200, 403, 403, LOGIN)
CLINICIANS_ONLY = row(200, 403, 200, 403, 200, 403, 403, LOGIN)

# url name -> (function from people to URL arguments, expected status per person)
MATRIX = {
    "home": (None, everyone(302)),
    "accounts:login": (None, row(302, 302, 302, 302, 302, 302, 302, 200)),
    "accounts:logout": (None, everyone(405)),  # POST only
    "accounts:account": (None, signed_in(200)),
    "accounts:two_factor_setup": (None, signed_in(200)),
    "accounts:two_factor_verify": (None, signed_in(200)),
    "accounts:recovery_codes": (None, signed_in(405)),  # POST only
    "accounts:password_change": (None, signed_in(200)),
    "accounts:password_change_done": (None, signed_in(200)),
    "accounts:password_reset": (None, everyone(200)),
    "accounts:password_reset_done": (None, everyone(200)),
    "accounts:password_reset_confirm": (
        lambda p: {"uidb64": "MQ", "token": "not-a-real-token"},
        everyone(200),  # shows "this link cannot be used"
    ),
    "accounts:password_reset_complete": (None, everyone(200)),
    "portal:home": (None, row(403, 403, 403, 403, 403, 200, 200, LOGIN)),
    "portal:invitation": (lambda p: {"token": "not-a-real-token"}, everyone(410)),
    "portal:crisis": (None, everyone(200)),  # public on purpose
    "portal:self_assessment": (None, everyone(200)),  # public, stores nothing
    "clinic:caseload": (None, CLINICIANS_ONLY),
    "clinic:clients": (None, STAFF_ONLY),
    "clinic:client_new": (None, CLINICIANS_ONLY),
    "clinic:client": (
        lambda p: {"pk": p.client.pk},
        row(200, 200, 403, 200, 404, 403, 403, LOGIN),
    ),
    "clinic:client_edit": (
        lambda p: {"pk": p.client.pk},
        row(200, 403, 403, 200, 404, 403, 403, LOGIN),
    ),
    "clinic:episode_new": (
        lambda p: {"pk": p.client.pk},
        row(200, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:client_audit": (
        lambda p: {"pk": p.client.pk},
        row(403, 200, 403, 200, 404, 403, 403, LOGIN),
    ),
    "clinic:client_invite": (
        lambda p: {"pk": p.client.pk},
        row(200, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:episode": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:supervision": (None, row(403, 200, 403, 403, 403, 403, 403, LOGIN)),
    "clinic:organisation": (None, row(403, 403, 403, 200, 403, 403, 403, LOGIN)),
    # --- measures, risk flags, outcomes, FHIR (issue 3) ---
    # --- course: intake, contract, sessions, agendas, fidelity (issue 4) ---
    # --- formulation: inventory, map, timeline, problem areas, goals (issue 5) ---
}


def test_every_url_pattern_is_in_the_matrix():
    names = set(url_names())
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URL patterns without an access-matrix row: {missing}"
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"Matrix rows for URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access(url_name, people, client):
    make_kwargs, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=make_kwargs(people) if make_kwargs else None)
    got = {}
    for person in PEOPLE:
        client.logout()
        if person != "anonymous":
            client.force_login(getattr(people, person))
        got[person] = client.get(url).status_code
    assert got == expected, f"{url_name} ({url})"
