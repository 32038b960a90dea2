from django.urls import reverse

from openipt.caseload.models import Client


def add_clients(clinician, count):
    Client.objects.bulk_create(
        Client(
            organisation_id=clinician.organisation_id,
            reference=f"C-T{number:05d}",
            given_name=f"Person{number}",
            family_name="Listed",
            date_of_birth="1990-01-01",
            clinician=clinician,
            site_id=clinician.site_id,
        )
        for number in range(count)
    )


def test_the_client_list_is_paged_fifty_at_a_time(people, client):
    add_clients(people.owner, 60)  # plus the two the admin already sees
    client.force_login(people.admin)
    first = client.get(reverse("clinic:clients"))
    assert len(first.context["clients"]) == 50
    assert "Page 1 of 2 (62 clients)" in first.content.decode()
    second = client.get(reverse("clinic:clients"), {"page": 2})
    assert len(second.context["clients"]) == 12


def test_search_keeps_its_term_across_pages(people, client):
    add_clients(people.owner, 60)
    client.force_login(people.owner)
    page = client.get(reverse("clinic:clients"), {"q": "Listed"}).content.decode()
    assert "?q=Listed&amp;page=2" in page
