"""The events a list page writes (record.record_many, record_clients_shown): one per
client shown, hashed and inserted as a batch, in the same chain and with the same hashes
as events written one by one."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openipt.audit import chain
from openipt.audit.events import AuditFactError
from openipt.audit.models import AuditEvent
from openipt.audit.record import record, record_clients_shown, record_many

# --- the canonical text: encoding parts one by one is the old whole-list encoding ---------


def hash_as_first_written(values, previous_hash):
    """event_hash as it was first written: one json.dumps of the whole list."""
    content = [chain._canonical(name, values[name]) for name in chain.CONTENT_FIELDS]
    if values.get(chain.FACTS) is not None:
        content.append(chain._canonical_facts(values[chain.FACTS]))
    text = json.dumps([chain.FORMAT, previous_hash, *content], separators=(",", ":"))
    return chain._sha256(text)


texts = st.text(max_size=12)
ids = st.none() | st.integers(min_value=1, max_value=10**9)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
facts = st.none() | st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.integers() | st.booleans() | texts | st.lists(st.integers(), max_size=3),
    max_size=3,
)
addresses = st.none() | st.ip_addresses().map(str)


@st.composite
def event_contents(draw):
    return {
        "organisation_id": draw(ids),
        "actor_id": draw(ids),
        "action": draw(texts),
        "object_type": draw(texts),
        "object_id": draw(texts),
        "client_id": draw(ids),
        "detail": draw(texts),
        "at": draw(moments),
        "ip": draw(addresses),
        chain.FACTS: draw(facts),
    }


@given(event_contents(), st.text(max_size=64))
def test_an_events_hash_is_the_hash_of_its_whole_list_encoded_at_once(values, previous):
    assert chain.event_hash(values, previous) == hash_as_first_written(values, previous)


@given(event_contents(), st.lists(st.tuples(texts, texts, ids), min_size=1, max_size=6))
def test_a_batch_gets_the_hashes_its_events_would_get_one_by_one(shared, rows):
    varying = ("object_type", "object_id", "client_id")
    batch = chain.hashes_of_batch(shared, varying, rows, "start")
    previous, one_by_one = "start", []
    for row in rows:
        previous = chain.event_hash({**shared, **dict(zip(varying, row, strict=True))}, previous)
        one_by_one.append(previous)
    assert batch == one_by_one


# --- writing a page's events ---------------------------------------------------------------


def test_a_list_pages_events_join_the_chain_and_verify(people):
    record(people.owner, "client.viewed", people.client, client=people.client)
    clients = [people.client, people.another_client]
    assert record_clients_shown(people.owner, "deletion_request.viewed", clients) == 2
    record(people.owner, "client.viewed", people.client, client=people.client)
    trail = list(
        AuditEvent.objects.filter(organisation_id=people.owner.organisation_id).order_by("id")
    )
    shown = trail[1:3]
    assert [event.client_id for event in shown] == [people.client.pk, people.another_client.pk]
    assert {(e.actor_id, e.object_type, e.facts, e.detail) for e in shown} == {
        (people.owner.pk, "caseload.client", None, "")
    }
    for before, after in zip(trail, trail[1:], strict=False):
        assert after.previous_hash == before.event_hash
    assert all(report.intact for report in chain.check_all())


def test_more_events_than_one_statement_takes_still_form_one_chain(people):
    """SQLite caps the parameters of a statement: a long list is split, still in order."""
    rows = 300
    record_many(
        people.owner,
        "deletion_request.viewed",
        [people.client] * rows,
        client_of=lambda client: client,
    )
    trail = AuditEvent.objects.filter(organisation_id=people.owner.organisation_id)
    assert trail.count() == rows
    assert all(report.intact for report in chain.check_all())


def test_a_page_reads_the_chains_tip_once_and_inserts_once(people, django_assert_num_queries):
    clients = [people.client, people.another_client] * 10
    # The chain's tip and one insert, whatever the number of rows.
    with django_assert_num_queries(2):
        record_many(people.owner, "deletion_request.viewed", clients, client_of=lambda c: c)


def test_what_the_events_share_is_put_in_canonical_form_once(people, monkeypatch):
    """The shared fields were encoded again for every event of the page."""
    encoded = []
    original = chain._canonical

    def counting(name, value):
        encoded.append(name)
        return original(name, value)

    monkeypatch.setattr(chain, "_canonical", counting)
    clients = [people.client, people.another_client] * 10
    record_many(people.owner, "deletion_request.viewed", clients, client_of=lambda c: c)
    assert encoded.count("action") == 1
    assert encoded.count("at") == 1
    assert encoded.count("client_id") == len(clients)


def test_the_events_of_one_page_share_their_moment_and_address(people, rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    record_many(
        people.owner,
        "deletion_request.viewed",
        [people.client, people.another_client],
        client_of=lambda client: client,
        request=request,
    )
    events = list(AuditEvent.objects.order_by("id"))
    assert {event.ip for event in events} == {"192.0.2.7"}
    assert len({event.at for event in events}) == 1
    assert abs(events[0].at - datetime.now(UTC)) < timedelta(minutes=1)


def test_an_undeclared_action_writes_nothing(people):
    with pytest.raises(AuditFactError):
        record_many(people.owner, "no.such.action", [people.client], client_of=lambda c: c)
    assert not AuditEvent.objects.exists()


def test_an_action_that_must_carry_facts_cannot_be_written_as_a_list(people):
    with pytest.raises(AuditFactError):
        record_many(people.owner, "client.updated", [people.client], client_of=lambda c: c)
    assert not AuditEvent.objects.exists()
