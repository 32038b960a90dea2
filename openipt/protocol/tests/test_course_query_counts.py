"""The course view and the fidelity pages run the same number of queries for a course
with 1 recorded session as for one with 16 (and the team table for 1 course or 3)."""

import pytest
from django.urls import reverse

from openipt.accounts.models import Role
from openipt.protocol.tests import builders
from openipt.testing.people import make_client, make_user

# Literal counts include the framework's share: session read and save (with its
# savepoint) and the signed-in user; the rest is the page's own work and its audit write
# (reading the tip of its organisation's audit chain, then the insert).
PAGES = {
    # name: (person, url, queries)
    # The episode gate loads the organisation with the episode (one query fewer); the audit
    # event reads its chain's tip (one more); the course view reads the screens whose
    # latest score raised an alert, such as mania (one more). The risk banner (issue 12):
    # open flags, intake findings, open escalations and alerting screens, one query each.
    # The episode's tools on the course page (issue 19): the latest PHQ-9 and GAD-7, the
    # homework counts and the relapse-prevention plan, one query each. The later courses
    # that continue this one (issue 14's linked courses), one more. Issue 11 (benchmark
    # goals): the banner takes the latest intake screen the page has read (one fewer), and
    # the escalation facts take the banner's open flags and alerting screens (two fewer);
    # the supervisor's gate knows from the episode's clinician, loaded with it, that the
    # clinician is theirs (one fewer for them). Whether each tool of
    # the next session's agenda holds a record (protocol/tools.py), one query for all its
    # tools (session 5): with 1 session of 16 recorded the next agenda has a tool; with
    # every session recorded there is no next agenda. The count never depends on the
    # number of sessions.
    "course view": (
        "owner",
        lambda p: reverse("clinic:course", args=[p.episode.pk]),
        {1: 25, 16: 24},
    ),
    "course view (supervisor)": (
        "supervisor",
        lambda p: reverse("clinic:course", args=[p.episode.pk]),
        {1: 25, 16: 24},
    ),
    # The session page records the whole session (issue 12): besides the risk banner (4),
    # its progress note, the techniques used in it, the homework set in it and the plan's
    # problem areas, one query each; and the moves of the session shown (SessionMove).
    # Whether each tool of session 1's agenda holds a record (starting scores, inventory,
    # timeline, problem areas, goals, contract): one query for the six (was one each, 30).
    "session": ("owner", lambda p: reverse("clinic:course_session", args=[p.episode.pk, 1]), 25),
    # The one page that scores its course: also the course's homework and whether a
    # relapse-prevention plan is written (two more); the supervisor's gate as above (one
    # fewer, issue 11).
    "course fidelity": (
        "supervisor",
        lambda p: reverse("clinic:course_fidelity", args=[p.episode.pk]),
        14,
    ),
    # The page's rows carry the count of every course chosen; the team's ids are read once.
    "team fidelity": ("supervisor", lambda p: reverse("clinic:fidelity"), 12),
}


@pytest.mark.parametrize("recorded", [1, 16])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_course_pages_query_count_is_constant(
    page, recorded, people, client, django_assert_num_queries
):
    person, make_url, queries = PAGES[page]
    queries = queries[recorded] if isinstance(queries, dict) else queries
    builders.course_with_sessions(people.owner, people.episode, recorded=recorded, planned=16)
    client.force_login(getattr(people, person))
    address = make_url(people)
    with django_assert_num_queries(queries):
        response = client.get(address)
    assert response.status_code == 200


@pytest.mark.parametrize("courses", [1, 3])
def test_team_fidelity_query_count_is_constant_in_courses(
    courses, people, client, django_assert_num_queries
):
    builders.course_with_sessions(people.owner, people.episode, recorded=2)
    for number in range(courses - 1):
        member = make_user(
            people.owner.organisation, f"m{number}", Role.THERAPIST, people.supervisor
        )
        episode = make_client(member, f"Team{number}").episodes.get()
        builders.course_with_sessions(member, episode, recorded=3)
    client.force_login(people.supervisor)
    with django_assert_num_queries(12):  # the count comes with the rows; the team's ids
        response = client.get(reverse("clinic:fidelity"))
    assert response.content.decode().count('class="ref"') == courses
