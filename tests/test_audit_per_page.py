"""Every page that shows a client's data writes an audit event naming that client.

For every URL of the access matrix and every staff member who may open it, one GET is
made; each client of either organisation whose reference or full name appears in the
answer must be named by an audit event written during that request. Lists are held to
the same rule: a list of twenty clients writes twenty events (in one insert).
"""

import pytest
from django.urls import reverse
from test_access_matrix import MATRIX

from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client

STAFF = (
    "owner",
    "supervisor",
    "other_supervisor",
    "unrelated",
    "admin",
    "programme_lead",
    "other_org_clinician",
)
# Binary downloads cannot be searched for names; each is audited by its own test.
UNSEARCHABLE = ("application/pdf",)
# The admin's pages about a staff member or a site show no client (counts only), nor does
# the form that changes a group's details.
ABOUT_STAFF_OR_SITES = (
    "clinic:staff_member",
    "clinic:staff_training",
    "clinic:site",
    "clinic:group_edit",
)


def clients_shown(text):
    return {
        client.pk
        for client in Client.objects.all()
        if client.reference in text or f"{client.given_name} {client.family_name}" in text
    }


def clients_audited(after_id):
    events = AuditEvent.objects.filter(pk__gt=after_id, client__isnull=False)
    return set(events.values_list("client_id", flat=True))


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_a_page_that_shows_clients_names_each_of_them_in_the_audit_trail(url_name, people, client):
    make_kwargs, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=make_kwargs(people) if make_kwargs else None)
    checked, searched = 0, False
    for person in STAFF:
        if expected[person] != 200:
            continue
        client.force_login(getattr(people, person))
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(url)
        assert response.status_code == 200
        if response["Content-Type"].startswith(UNSEARCHABLE):
            continue
        searched = True
        shown = clients_shown(response.content.decode())
        missing = shown - clients_audited(before)
        assert not missing, f"{url_name} as {person} shows clients {missing} without an event"
        checked += len(shown)
    # The rule is not vacuous for the pages about one client's record.
    about_a_record = (
        make_kwargs is not None
        and "worksheet" not in url_name
        and url_name not in ABOUT_STAFF_OR_SITES
    )
    if searched and about_a_record and url_name.startswith("clinic:"):
        assert checked > 0, f"{url_name} showed no client at all; is the test reading it?"
