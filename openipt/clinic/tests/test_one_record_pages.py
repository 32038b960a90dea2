"""The pages about one record read each thing once (issue 11, the benchmark goals): the
client page its episodes, the episode page its open safety flags, the course page its
latest intake screen, open flags and alerting screens. Each read the same rows twice
before; the bench (docs/bench.md) measures what that cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openipt.protocol import readings
from openipt.protocol.tests import builders


def reads_of(client, url, table):
    """The SELECTs from `table` that a GET of `url` runs, and the response."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    selects = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and f' FROM "{table}"' in query["sql"]
    ]
    return selects, response


@pytest.mark.parametrize("person", ["owner", "supervisor"])
def test_the_client_page_reads_the_clients_episodes_once(people, client, person):
    client.force_login(getattr(people, person))
    url = reverse("clinic:client", args=[people.client.pk])
    selects, response = reads_of(client, url, "caseload_episode")
    assert len(selects) == 1
    assert str(people.episode.opened_on.year) in response.content.decode()


def test_the_episode_page_reads_its_open_flags_once(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:episode", args=[people.episode.pk])
    selects, _ = reads_of(client, url, "measures_riskflag")
    assert len(selects) == 1


@pytest.mark.parametrize(
    "table", ["protocol_intakescreen", "measures_riskflag", "measures_measureadministration"]
)
def test_the_course_page_reads_intake_flags_and_screens_once(people, client, table):
    builders.course_with_sessions(people.owner, people.episode, recorded=2, planned=12)
    client.force_login(people.owner)
    url = reverse("clinic:course", args=[people.episode.pk])
    selects, _ = reads_of(client, url, table)
    if table == "measures_measureadministration":
        # The schedule's measures, the latest PHQ-9 and the latest scores are read once each;
        # the screens whose latest score raised an alert once, for the banner and the
        # escalation facts both.
        alerting = f"'{readings.alerting_instruments()[0]}'"
        selects = [sql for sql in selects if '"instrument" IN (' in sql and alerting in sql]
    assert len(selects) == 1
