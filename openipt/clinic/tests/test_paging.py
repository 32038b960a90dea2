"""clinic/views/paging.one_page: the page Paginator.get_page gives, with the list's count in
the same query as the page's rows."""

import pytest
from django.core.paginator import Paginator

from openipt.caseload.models import Client
from openipt.clinic.views.paging import one_page
from openipt.testing.people import make_client

PER_PAGE = 2


@pytest.fixture
def listed(people):
    for number in range(4):  # with the owner's and the unrelated clinician's: 6 clients
        make_client(people.owner, f"Paged{number}", episode=False)
    return Client.objects.filter(organisation_id=people.owner.organisation_id).order_by("pk")


def shown(page):
    return (
        page.number,
        [client.pk for client in page.object_list],
        page.paginator.count,
        page.paginator.num_pages,
    )


@pytest.mark.parametrize("number", [None, "1", "2", "3", "4", "999", "0", "-1", "abc", "2.0", ""])
def test_the_same_page_as_paginator_get_page(listed, number):
    expected = Paginator(listed, PER_PAGE).get_page(number)
    assert shown(one_page(listed, number, PER_PAGE)) == shown(expected)


def test_an_empty_list_has_one_empty_page(listed):
    nobody = listed.none()
    assert shown(one_page(nobody, None, PER_PAGE)) == (1, [], 0, 1)
    assert shown(one_page(listed.filter(given_name="Nobody"), "2", PER_PAGE)) == (1, [], 0, 1)


def test_a_page_that_exists_costs_one_query(listed, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = one_page(listed, "2", PER_PAGE)
        assert page.paginator.num_pages == 3 and len(page.object_list) == PER_PAGE
