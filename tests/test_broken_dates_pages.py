"""A broken record never takes its page down (issue 17, item 6).

Forms now refuse impossible dates, but rows written before they did (or by hand) may hold
one until `openipt repair-dates --fix` runs. For every URL of the access matrix, the rows
the page shows are made, then every date a person types, in every row of the database,
is set to the first day of the calendar (and in a second run to its last days), and the
page is opened by the first person who may open it (and the client, when they may): no
5xx. The test is driven by the matrix and by the models (operations.repair.typed_date_fields),
so a new page or a new date field is covered without touching this file.
"""

from datetime import UTC, date, datetime

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from test_access_matrix import MATRIX, PEOPLE

from openipt.formulation.tests.builders import add_event
from openipt.measures.actions import record_administration
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import answers_totalling
from openipt.operations.repair import typed_date_fields

# A date-and-time stays a day inside the calendar: shown in local time, it must still be
# a date Python can hold.
EXTREMES = {
    "year 1": (date(1, 1, 1), datetime(1, 1, 2, tzinfo=UTC)),
    "year 9999": (date(9999, 12, 31), datetime(9999, 12, 30, tzinfo=UTC)),
}


def add_dated_rows(people):
    """A life event and a PHQ-9 for the owner's client, so that pages which draw or count
    dates have some to draw, whatever the matrix row made."""
    add_event(people, "death", date(2026, 1, 1))
    record_administration(
        people.owner,
        people.episode,
        "phq9",
        answers_totalling(QUESTIONNAIRES["phq9"], 12),
        administered_on=people.episode.opened_on,
        respondent="client_in_session",
    )


def break_every_typed_date(day, moment):
    """Every typed date of every row set to `day` (`moment` for date-and-times); a field
    a database constraint keeps from it (an end before a start) is left as it is."""
    for field in typed_date_fields():
        value = moment if field.with_time else day
        try:
            with transaction.atomic():
                field.model._base_manager.update(**{field.name: value})
        except DatabaseError:
            pass


def who_may_open(expected):
    """The first person of the matrix who opens the page, and the client when they may
    too (the portal draws the same records its own way)."""
    openers = [person for person in PEOPLE if expected[person] == 200 and person != "anonymous"]
    return sorted(set(openers[:1]) | ({"client_user"} & set(openers)))


@pytest.mark.parametrize("extreme", sorted(EXTREMES))
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_no_page_fails_on_a_stored_date_at_the_ends_of_the_calendar(
    url_name, extreme, people, client
):
    make_kwargs, expected = MATRIX[url_name]
    openers = who_may_open(expected)
    if not openers:
        pytest.skip("nobody opens this address with a GET")
    add_dated_rows(people)
    url = reverse(url_name, kwargs=make_kwargs(people) if make_kwargs else None)
    break_every_typed_date(*EXTREMES[extreme])
    for person in openers:
        client.force_login(getattr(people, person))
        status = client.get(url).status_code
        assert status < 500, f"GET {url} as {person} with every date in the {extreme}"
