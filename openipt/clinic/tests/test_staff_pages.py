"""The organisation admin's staff and site pages, and the site filter and site field of
the client pages."""

import pytest
from django.urls import reverse

from openipt.accounts.models import Role, Site
from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client
from openipt.testing.people import make_client, make_user


@pytest.fixture
def east(people):
    """A second site of Northside, with a therapist and a client of theirs."""
    site = Site.objects.create(organisation=people.admin.organisation, name="East Clinic")
    therapist = make_user(
        people.admin.organisation, "easterly", Role.THERAPIST, people.supervisor, site=site
    )
    make_client(therapist, "Eastwood")
    return site


# --- another organisation's admin: 404 on every object page -----------------------------


@pytest.fixture
def south_admin(people):
    return make_user(people.other_org_clinician.organisation, "southadmin", Role.ADMIN)


@pytest.mark.parametrize(
    ("name", "pk_of"),
    [
        ("clinic:staff_member", lambda p: p.owner.pk),
        ("clinic:staff_reassign", lambda p: p.owner.pk),
        ("clinic:site", lambda p: p.owner.site_id),
    ],
)
def test_another_organisations_admin_finds_nothing(people, client, south_admin, name, pk_of):
    client.force_login(south_admin)
    url = reverse(name, args=[pk_of(people)])
    assert client.get(url).status_code == 404
    assert client.post(url, {"deactivate": "1"}).status_code == 404
    people.owner.refresh_from_db()
    assert people.owner.is_active


def test_a_clients_account_is_not_a_staff_member(people, client):
    client.force_login(people.admin)
    url = reverse("clinic:staff_member", args=[people.client_user.pk])
    assert client.get(url).status_code == 404


# --- the staff list ---------------------------------------------------------------------


def test_the_staff_list_shows_staff_with_their_site_and_can_be_filtered(people, client, east):
    client.force_login(people.admin)
    everyone = client.get(reverse("clinic:staff")).content.decode()
    for name in ("Owner Tester", "Easterly Tester", "Admin Tester"):
        assert name in everyone
    assert "Souththerapist" not in everyone  # another organisation's
    assert "Robin" not in everyone  # clients are not staff
    at_east = client.get(reverse("clinic:staff"), {"site": east.pk}).content.decode()
    assert "Easterly Tester" in at_east and "Owner Tester" not in at_east
    assert AuditEvent.objects.filter(action="staff.listed", actor=people.admin).count() == 2


def test_an_unknown_site_in_the_filter_shows_everyone(people, client):
    client.force_login(people.admin)
    south_site = people.other_org_clinician.site_id
    page = client.get(reverse("clinic:staff"), {"site": south_site}).content.decode()
    assert "Owner Tester" in page


def add_staff(people, site, count):
    for number in range(count):
        member = make_user(
            people.admin.organisation, f"staff{number}", Role.THERAPIST, people.supervisor, site
        )
        make_client(member, f"Client{number}")


# Session and user; the chosen site (checking the filter) and the sites to choose from; the
# staff count and page (site, supervisor and open episodes in one query); the invitations
# waiting; the audit chain's tip and insert; the session save (3, with its savepoint).
STAFF_LIST_QUERIES = 12


@pytest.mark.parametrize("staff", [1, 5])
def test_the_staff_list_query_count_does_not_grow_with_staff(
    people, client, django_assert_num_queries, staff
):
    harbour = Site.objects.create(organisation=people.admin.organisation, name="Harbour")
    add_staff(people, harbour, staff)
    client.force_login(people.admin)
    with django_assert_num_queries(STAFF_LIST_QUERIES):
        response = client.get(reverse("clinic:staff"), {"site": harbour.pk})
    assert len(response.context["staff"]) == staff
    assert response.content.decode().count("<tr>") == staff + 1  # and the header row


@pytest.mark.parametrize("episodes", [1, 5])
def test_the_reassignment_page_query_count_does_not_grow_with_episodes(
    people, client, django_assert_num_queries, episodes
):
    for number in range(episodes - 1):
        make_client(people.owner, f"Case{number}")
    client.force_login(people.admin)
    with django_assert_num_queries(10):  # with the audit chain's tip
        response = client.get(reverse("clinic:staff_reassign", args=[people.owner.pk]))
    assert len(response.context["episodes"]) == episodes


def test_the_invitation_form_starts_at_therapist_not_admin(people, client):
    client.force_login(people.admin)
    form = client.get(reverse("clinic:staff_invite")).context["form"]
    assert form["role"].value() == "therapist"


def test_staff_pages_show_no_clinical_content(people, client):
    client.force_login(people.admin)
    for url in (
        reverse("clinic:staff"),
        reverse("clinic:staff_member", args=[people.owner.pk]),
        reverse("clinic:staff_reassign", args=[people.owner.pk]),
        reverse("clinic:sites"),
        reverse("clinic:site", args=[people.owner.site_id]),
    ):
        page = client.get(url).content.decode()
        assert "Low mood after moving city." not in page, url


def test_the_staff_member_page_counts_open_episodes_and_lists_the_team(people, client):
    client.force_login(people.admin)
    page = client.get(reverse("clinic:staff_member", args=[people.supervisor.pk]))
    assert [member.pk for member in page.context["supervisees"]] == [people.owner.pk]
    owner_page = client.get(reverse("clinic:staff_member", args=[people.owner.pk]))
    assert owner_page.context["open_episodes"] == 1
    assert AuditEvent.objects.filter(action="staff.viewed").count() == 2


# --- the site list -----------------------------------------------------------------------


def test_the_site_list_counts_active_staff_and_clients(people, client, east):
    client.force_login(people.admin)
    sites = {site.name: site for site in client.get(reverse("clinic:sites")).context["sites"]}
    assert (sites["East Clinic"].active_staff, sites["East Clinic"].client_count) == (1, 1)
    # Main site: the owner, unrelated, two supervisors; Robin and Alex.
    assert (sites["Main site"].active_staff, sites["Main site"].client_count) == (4, 2)


# --- clients: the site field and the site filter ------------------------------------------


def test_a_new_client_is_at_the_clinicians_site_unless_another_is_chosen(people, client, east):
    client.force_login(people.owner)
    form = {"given_name": "Kim", "family_name": "Lee", "date_of_birth": "1990-03-04"}
    page = client.get(reverse("clinic:client_new"))
    assert page.context["form"]["site"].value() == people.owner.site_id
    client.post(reverse("clinic:client_new"), form)
    assert Client.objects.get(given_name="Kim").site == people.owner.site
    client.post(reverse("clinic:client_new"), form | {"given_name": "Ash", "site": east.pk})
    assert Client.objects.get(given_name="Ash").site == east


def test_a_deactivated_or_foreign_site_is_refused_next_to_the_field(people, client, east):
    east.is_active = False
    east.save()
    client.force_login(people.owner)
    form = {"given_name": "Kim", "family_name": "Lee", "date_of_birth": "1990-03-04"}
    for site in (east, people.other_org_clinician.site):
        response = client.post(reverse("clinic:client_new"), form | {"site": site.pk})
        assert "Select a valid choice" in " ".join(response.context["form"].errors["site"])
    assert not Client.objects.filter(given_name="Kim").exists()


def test_the_admin_moves_a_client_to_another_site_and_it_is_audited(people, client, east):
    client.force_login(people.admin)
    robin = people.client
    form = {
        "given_name": robin.given_name,
        "family_name": robin.family_name,
        "date_of_birth": "1985-05-17",
        "email": robin.email,
        "phone": "",
        "site": east.pk,
    }
    assert client.post(reverse("clinic:client_edit", args=[robin.pk]), form).status_code == 302
    robin.refresh_from_db()
    assert robin.site == east
    assert AuditEvent.objects.get(action="client.updated").facts == {"changed": ["site"]}


def test_the_client_list_can_be_filtered_by_site(people, client, east):
    client.force_login(people.supervisor)  # supervises the owner and the east therapist
    everyone = client.get(reverse("clinic:clients")).context["clients"]
    assert {c.given_name for c in everyone} == {"Robin", "Eastwood"}
    at_east = client.get(reverse("clinic:clients"), {"site": east.pk}).context["clients"]
    assert [c.given_name for c in at_east] == ["Eastwood"]


def test_the_site_filter_never_widens_what_a_person_may_see(people, client, east):
    client.force_login(people.unrelated)
    shown = client.get(reverse("clinic:clients"), {"site": east.pk}).context["clients"]
    assert shown == []
