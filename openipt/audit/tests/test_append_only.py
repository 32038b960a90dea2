import pytest
from django.db import transaction

from openipt.audit.models import AppendOnlyError, AuditEvent
from openipt.audit.record import record
from openipt.caseload.actions import register_client
from openipt.testing.urls import url_names


def test_an_event_cannot_be_changed_or_deleted(people):
    event = record(people.owner, "client.viewed", people.client, client=people.client)
    event.action = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "client.viewed"


def test_event_records_actor_organisation_object_and_ip(people, rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    event = record(
        people.owner, "client.viewed", people.client, client=people.client, request=request
    )
    assert event.actor == people.owner
    assert event.organisation == people.owner.organisation
    assert (event.object_type, event.object_id) == ("caseload.client", str(people.client.pk))
    assert event.ip == "192.0.2.7"
    assert event.at is not None


def test_the_action_and_its_event_commit_or_fail_together(people):
    """An action that fails after writing leaves neither its change nor its event."""
    before_clients = people.owner.clients.count()
    before_events = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        register_client(
            people.owner, given_name="Kim", family_name="Lee", date_of_birth="1990-01-01"
        )
        raise RuntimeError("the surrounding work failed")
    assert people.owner.clients.count() == before_clients
    assert AuditEvent.objects.count() == before_events


def test_no_admin_site_or_url_can_change_audit_events():
    assert not [name for name in url_names() if name.split(":")[0] == "admin"]
