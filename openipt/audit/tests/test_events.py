"""Audit events hold codes and object references only (issue 17, item 3): every action is
declared with its class and its facts, and record() refuses anything else, so free text
cannot reach the trail. The facts are part of each event's hash."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from openipt.audit import chain, events
from openipt.audit.events import AuditFactError, Code, Number, YesNo, declare
from openipt.audit.models import AuditEvent
from openipt.audit.record import append, record
from openipt.testing.audit_triggers import drop_audit_triggers


def session_recorded(people, **facts):
    values = {"session": 3, "attendance": "attended", "tasks_done": 4, "tasks": 6}
    return record(
        people.owner,
        "session.recorded",
        people.episode,
        client=people.client,
        facts={**values, **facts},
    )


def test_an_event_keeps_its_facts_and_reads_as_words(people):
    event = session_recorded(people)
    event.refresh_from_db()
    assert event.facts == {"session": 3, "attendance": "attended", "tasks_done": 4, "tasks": 6}
    assert event.detail == ""
    assert events.describe(event.action, event.facts) == (
        "Session 3 recorded: attended; 4 of 6 agenda tasks done"
    )


@pytest.mark.parametrize(
    ("action", "facts", "problem"),
    [
        ("nothing.happened", None, "not declared"),
        ("session.recorded", {"session": 3}, "needs the fact"),
        ("client.viewed", {"note": "asked about grief"}, "declares no fact note"),
        # A string where a declared code belongs: free text is refused.
        (
            "formulation.area_chosen",
            {"area": "chose grief", "proposed": [], "followed": True},
            "not a declared code",
        ),
        (
            "formulation.area_chosen",
            {"area": "grief", "proposed": ["grief", "her mother"], "followed": True},
            "not a declared code",
        ),
        ("session.scheduled", {"sessions": ["3", "4"]}, "not a list of whole numbers"),
        ("rhythm_diary.day_saved", {"day": True}, "not a whole number"),
        ("rhythm_diary.day_saved", {"day": "day 3"}, "not a whole number"),
        ("client.invited", {"emailed": "by email to robin@example.invalid"}, "not a yes or no"),
        ("risk_flag.reassigned", {"to": "Dr Someone"}, "not a person's id"),
        ("risk_flag.reassigned", {"to": None}, "not a person's id"),
    ],
)
def test_record_refuses_an_undeclared_action_or_fact(people, action, facts, problem):
    before = AuditEvent.objects.count()
    with pytest.raises(AuditFactError, match=problem), transaction.atomic():
        record(people.owner, action, people.episode, client=people.client, facts=facts)
    assert AuditEvent.objects.count() == before


def test_free_text_has_no_way_in(people):
    """No `detail` argument any more, and an event built by hand with one is refused."""
    with pytest.raises(TypeError):
        record(people.owner, "client.viewed", detail="referral to crisis resolution team")
    event = AuditEvent(actor=people.owner, organisation_id=people.owner.organisation_id)
    event.action, event.detail = "client.viewed", "referral to crisis resolution team"
    with pytest.raises(AuditFactError, match="not free text"), transaction.atomic():
        append([event])
    assert not AuditEvent.objects.filter(detail__contains="crisis").exists()


def test_facts_given_after_the_hash_are_refused(people):
    """The facts are checked, then hashed: changing them before the insert is refused."""
    event = AuditEvent(actor=people.owner, organisation_id=people.owner.organisation_id)
    event.action = "staff.deactivated"
    event.facts = events.checked_facts("staff.deactivated", {"open_episodes": 2})
    chain.link([event], chain.tip(event.organisation_id))
    event.facts = {"open_episodes": "two, both with Dr Someone"}
    with pytest.raises(AuditFactError), transaction.atomic():
        event.save()


def test_append_checks_each_event_once(people, monkeypatch):
    """record.append checks the facts before hashing and inserts without checking them a
    second time; any other bulk insert is still checked (test above, test_tamper_evidence)."""
    calls = []

    def counted(event):
        calls.append(event.action)
        return checked(event)

    checked = events.check_event
    monkeypatch.setattr(events, "check_event", counted)
    session_recorded(people)
    assert calls == ["session.recorded"]


def test_a_bulk_insert_outside_append_is_still_checked(people):
    event = AuditEvent(actor=people.owner, organisation_id=people.owner.organisation_id)
    event.action = "staff.deactivated"
    event.facts = events.checked_facts("staff.deactivated", {"open_episodes": 2})
    chain.link([event], chain.tip(event.organisation_id))
    event.facts = {"open_episodes": "two"}
    with pytest.raises(AuditFactError), transaction.atomic():
        AuditEvent.objects.bulk_create([event])


def test_the_facts_are_part_of_the_hash(people):
    session_recorded(people)
    target = session_recorded(people, session=4)
    session_recorded(people, session=5)
    assert _verify_passes()
    with transaction.atomic():
        drop_audit_triggers()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET facts = %s WHERE id = %s",
                [
                    '{"session": 4, "attendance": "did_not_attend", "tasks_done": 0, "tasks": 0}',
                    target.pk,
                ],
            )
        report = next(r for r in chain.check_all() if r.organisation_id == target.organisation_id)
        assert report.broken_at == target.pk
        assert report.reason == chain.CHANGED
        transaction.set_rollback(True)


def test_events_without_facts_keep_the_hash_they_had_before_facts_existed(people):
    """An event with no facts is hashed exactly as before (format openipt-audit-v1), so
    the events already in every chain still verify."""
    event = record(people.owner, "client.viewed", people.client, client=people.client)
    values = chain.content_of(event)
    old_rules = [chain._canonical(name, values[name]) for name in chain.CONTENT_FIELDS]
    old_hash = chain._sha256(
        chain.json.dumps([chain.FORMAT, event.previous_hash, *old_rules], separators=(",", ":"))
    )
    assert event.facts is None
    assert event.event_hash == old_hash


def test_a_declaration_must_name_its_facts_in_its_words():
    with pytest.raises(ValueError, match="must name each of its facts"):
        declare(
            "test.half_said", events.CLINICAL, "Said", says="Said {one}", one=Number(), two=Number()
        )
    with pytest.raises(ValueError, match="class must be one of"):
        declare("test.unclassed", "secret", "Unclassed")
    with pytest.raises(ValueError, match="declared twice"):
        declare("client.viewed", events.ADMINISTRATIVE, "Again")
    assert "test.half_said" not in events.declared()


def test_words_come_from_the_codes():
    assert (
        events.describe(
            "formulation.area_chosen",
            {
                "area": "grief",
                "proposed": ["grief", "role_dispute"],
                "followed": False,
            },
        )
        == "Problem area chosen: Grief; proposed: Grief, Role dispute; the proposal was overridden"
    )
    assert (
        events.describe("portal.questionnaire_viewed", {"instrument": "phq9", "question": None})
        == "Client opened the PHQ-9, all questions on one page"
    )
    # An old event of a known action without facts reads as the action's plain words.
    assert events.describe("session.recorded", None) == "Session recorded"
    # A code nobody declares any more is shown as it is, and counts as clinical.
    assert events.describe("retired.action", None) == "retired.action"
    assert events.is_clinical("retired.action")


def test_kinds_of_fact_accept_only_their_values():
    assert YesNo().accepts(True) and not YesNo().accepts(1)
    assert Number().accepts(0) and not Number().accepts(1.5) and not Number().accepts(False)
    area = Code({"grief": "Grief"})
    assert area.accepts("grief") and not area.accepts("Grief") and not area.accepts(["grief"])
    assert Code({"grief": "Grief"}, many=True).accepts([]) is True


def test_every_declared_action_is_classed():
    declared = events.declared()
    assert len(declared) > 150
    assert {declaration.kind for declaration in declared.values()} == set(events.CLASSES)
    # Sign-in events (issue 17, item 4) are administrative; a risk flag is clinical.
    assert not declared["account.sign_in_failed"].is_clinical
    assert declared["risk_flag.raised"].is_clinical


def _verify_passes():
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return True
