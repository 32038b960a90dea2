"""The clinician's view of a client's messages: the log and the choices, audited."""

from datetime import timedelta

from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.reminders.models import Message
from openipt.reminders.queries import preference_of

from .builders import SESSION_2


def log_messages(people, count):
    start = Message.objects.count()
    for index in range(start, start + count):
        Message.objects.create(
            organisation_id=people.client.organisation_id,
            client=people.client,
            kind="session",
            channel="email",
            key=f"session:c{people.client.pk}:{index}:x",
            subject_id=index,
            occurrence="x",
            send_after=SESSION_2 - timedelta(hours=24),
            expires_at=SESSION_2,
            status="sent",
            created_at=SESSION_2 - timedelta(hours=24),
        )


def test_the_message_log_costs_the_same_queries_for_1_and_5_messages(
    people, client, django_assert_num_queries
):
    client.force_login(people.owner)
    url = reverse("clinic:client_messages", args=[people.client.pk])
    for count in (1, 4):
        log_messages(people, count)
        # session, user, client gate, preference, log, audit tip and insert, session save;
        # the gate asks no more once the client's own clinician is the viewer (issue 11)
        with django_assert_num_queries(10):
            page = client.get(url)
        assert page.content.decode().count("Session reminder") == Message.objects.count()


def test_viewing_the_log_is_audited_and_names_the_client(people, client):
    client.force_login(people.supervisor)
    client.get(reverse("clinic:client_messages", args=[people.client.pk]))
    event = AuditEvent.objects.get(action="client.messages_viewed")
    assert event.client_id == people.client.pk


def test_the_clinician_sets_the_clients_choices_the_supervisor_only_sees_them(people, client):
    url = reverse("clinic:client_messages", args=[people.client.pk])
    client.force_login(people.supervisor)
    assert "Save reminder choices" not in client.get(url).content.decode()
    assert client.post(url, {"channel": "none", "language": "en"}).status_code == 403
    client.force_login(people.owner)
    response = client.post(url, {"channel": "none", "language": "en"})
    assert response.status_code == 302
    assert preference_of(people.client).channel == "none"
    event = AuditEvent.objects.get(action="reminders.preference_set")
    assert (event.actor_id, event.client_id) == (people.owner.pk, people.client.pk)
