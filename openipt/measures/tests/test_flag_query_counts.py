"""The open-flag lists on the caseload and supervision pages cost one query, whatever
the number of flags (1 or 5): the same literal count as the pages without flags."""

from datetime import date

import pytest
from django.urls import reverse

from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import Respondent
from openipt.measures.tests.builders import answers_totalling
from openipt.testing.people import make_client

# As openipt/clinic/tests/test_query_counts.py; the supervision page reads the episodes of
# its "clients with risk in view" table once there is a row (here, the flagged clients').
# Each one fewer since a page's rows carry the count of the whole list (issue 11).
PAGES = {
    # paged; stored due rows (read with the open episodes since lists6: one fewer), risk
    # markers, reminders that could not be sent
    "caseload": ("owner", "clinic:caseload", 14),
    # paged team; risk; heartbeats; course starts held for approval
    "supervision": ("supervisor", "clinic:supervision", 19),
}


def add_flags(people, count):
    for number in range(count):
        episode = make_client(people.owner, f"Flagged{number}").episodes.get()
        actions.record_administration(
            people.owner,
            episode,
            "phq9",
            answers_totalling(QUESTIONNAIRES["phq9"], 3, q9=2),
            administered_on=date.today(),
            respondent=Respondent.CLIENT_IN_SESSION,
        )


@pytest.mark.parametrize("flags", [1, 5])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_open_flag_lists_have_a_constant_query_count(
    page, flags, people, client, django_assert_num_queries
):
    person, url_name, queries = PAGES[page]
    add_flags(people, flags)
    client.force_login(getattr(people, person))
    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name))
    assert response.content.decode().count('href="/risk-flags/') == flags
