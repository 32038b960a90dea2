from datetime import date, timedelta

from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client, Episode


def test_therapist_registers_a_client_and_it_is_audited(people, client):
    client.force_login(people.owner)
    response = client.post(
        reverse("clinic:client_new"),
        {
            "given_name": "Kim",
            "family_name": "Lee",
            "date_of_birth": "1990-03-04",
            "email": "kim@example.invalid",
            "phone": "",
        },
    )
    new = Client.objects.get(given_name="Kim")
    assert response.status_code == 302
    assert response.url == reverse("clinic:client", args=[new.pk])
    assert new.clinician == people.owner
    assert new.organisation == people.owner.organisation
    assert new.reference.startswith("C-") and len(new.reference) == 8
    event = AuditEvent.objects.get(action="client.registered")
    assert (event.client, event.actor) == (new, people.owner)


def test_bad_input_shows_messages_by_the_fields_and_saves_nothing(people, client):
    client.force_login(people.owner)
    clients, events = Client.objects.count(), AuditEvent.objects.count()
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("clinic:client_new"),
        {"given_name": "", "family_name": "Lee", "date_of_birth": tomorrow, "email": "not-mail"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert "The date of birth cannot be in the future." in page
    assert "Enter a valid email address." in page
    assert 'aria-invalid="true"' in page
    assert Client.objects.count() == clients
    assert AuditEvent.objects.count() == events


def test_viewing_a_client_writes_an_audit_event(people, client):
    client.force_login(people.supervisor)
    client.get(reverse("clinic:client", args=[people.client.pk]))
    event = AuditEvent.objects.filter(action="client.viewed").get()
    assert (event.actor, event.client) == (people.supervisor, people.client)


def test_admin_sees_administrative_fields_but_not_clinical_notes(people, client):
    client.force_login(people.admin)
    page = client.get(reverse("clinic:client", args=[people.client.pk])).content.decode()
    assert people.client.full_name in page
    assert "Low mood after moving city." not in page
    episode_url = reverse("clinic:episode", args=[people.episode.pk])
    assert f'href="{episode_url}"' not in page
    assert client.get(episode_url).status_code == 403


def test_editing_records_which_fields_changed(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:client_edit", args=[people.client.pk])
    response = client.post(
        url,
        {
            "given_name": "Robin",
            "family_name": "Example",
            "date_of_birth": "1985-05-17",
            "email": "new@example.invalid",
            "phone": "0123 456",
            "site": people.client.site_id,  # the select always sends its choice
        },
    )
    assert response.status_code == 302
    people.client.refresh_from_db()
    assert people.client.email == "new@example.invalid"
    event = AuditEvent.objects.get(action="client.updated")
    assert event.facts == {"changed": ["email", "phone"]}


def test_opening_an_episode_assigns_it_to_the_clinician(people, client):
    client.force_login(people.owner)
    response = client.post(
        reverse("clinic:episode_new", args=[people.client.pk]),
        {"opened_on": "2026-11-01", "presenting_concerns": "Grief"},
    )
    episode = Episode.objects.get(presenting_concerns="Grief")
    assert response.url == reverse("clinic:episode", args=[episode.pk])
    assert episode.clinician == people.owner and episode.is_open
    assert AuditEvent.objects.filter(action="episode.opened", client=people.client).exists()


def test_audit_trail_page_lists_the_clients_events(people, client):
    client.force_login(people.owner)
    client.get(reverse("clinic:client", args=[people.client.pk]))
    client.force_login(people.supervisor)
    page = client.get(reverse("clinic:client_audit", args=[people.client.pk])).content.decode()
    assert "Client record viewed" in page
    assert people.owner.display_name in page


def test_with_an_open_episode_the_client_page_leads_to_it_not_to_a_second(people, client):
    client.force_login(people.owner)
    page = client.get(reverse("clinic:client", args=[people.client.pk])).content.decode()
    assert reverse("clinic:episode", args=[people.episode.pk]) + '">Go to the open episode' in page
    assert reverse("clinic:episode_new", args=[people.client.pk]) not in page


def test_once_every_episode_is_closed_the_client_page_offers_a_new_one(people, client):
    Episode.objects.filter(client=people.client).update(status="closed")
    client.force_login(people.owner)
    page = client.get(reverse("clinic:client", args=[people.client.pk])).content.decode()
    assert "Go to the open episode" not in page
    assert reverse("clinic:episode_new", args=[people.client.pk]) + '">Open an episode' in page
