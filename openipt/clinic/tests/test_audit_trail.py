"""A client's audit trail page (issue 17, item 3): words rendered from the codes; the
organisation admin sees the time, the person and the class of a clinical event, never
what it was; the supervisor sees everything, including what old events wrote."""

import re

import pytest
from django.db import models
from django.urls import reverse

from openipt.audit import chain, events
from openipt.audit.models import AuditEvent
from openipt.caseload.tests.builders import MARK, full_course

# Words that would tell the admin something clinical about the client.
CLINICAL_WORDS = (
    "grief",
    "Grief",
    "referral",
    "Referral",
    "flag",
    "Flag",
    "death",
    "Death",
    "crisis",
    "homework",
    "Homework",
    "Session",
    "PHQ",
    "Problem area",
    "questionnaire",
    "Questionnaire",
    "formulation",
    "Formulation",
    "problemarea",
    "riskflag",
    MARK,
)


def old_event(people, action, detail, obj_type="formulation.problemarea"):
    """An event as written before events had facts: free text in `detail`, linked into the
    chain by the rules of its time (the model itself no longer writes one)."""
    event = AuditEvent(
        actor=people.owner,
        organisation_id=people.owner.organisation_id,
        action=action,
        object_type=obj_type,
        object_id="1",
        client=people.client,
        detail=detail,
    )
    chain.link([event], chain.tip(event.organisation_id))
    models.QuerySet(AuditEvent).bulk_create([event])
    return event


def trail(client, who, people):
    client.force_login(who)
    response = client.get(reverse("clinic:client_audit", args=[people.client.pk]))
    assert response.status_code == 200
    return response.content.decode()


def table_of(page):
    return page[page.index("<tbody>") : page.index("</tbody>")]


@pytest.fixture
def busy(people):
    held = full_course(people)
    old_event(people, "formulation.area_chosen", "chose grief; proposed: grief; accepted")
    old_event(people, "course.referral_recorded", "to crisis resolution team", "protocol.referral")
    return held


def test_the_admin_sees_when_and_who_of_clinical_events_never_what(people, client, busy):
    page = trail(client, people.admin, people)
    rows = table_of(page)
    found = [word for word in CLINICAL_WORDS if word in rows]
    assert found == []
    # Every clinical event is there, with its time and person, as "Clinical".
    clinical = AuditEvent.objects.filter(client=people.client).exclude(
        action__in=_administrative_actions()
    )
    assert rows.count("<td>Clinical</td>") == clinical.count() > 20
    assert people.owner.display_name in rows
    # Administrative events read in words.
    assert (
        "Client details saved; changed: date of birth, e-mail address, family name, given name,"
        " phone number"
    ) in rows
    assert "Portal invitation made: sent by e-mail" in rows
    assert "Client asked for their data to be deleted" in rows


def test_the_supervisor_sees_every_event_in_words_and_what_old_ones_wrote(people, client, busy):
    rows = table_of(trail(client, people.supervisor, people))
    assert "Problem area chosen: Grief; proposed: Grief; the proposal was accepted" in rows
    assert "Safety flag raised from a recorded questionnaire" in rows
    assert "Referral recorded" in rows
    assert "Session 1 corrected: attended" in rows
    assert re.search(r"Homework set: a free task", rows)
    assert "Written before events were structured: chose grief; proposed: grief; accepted" in rows
    assert "Written before events were structured: to crisis resolution team" in rows
    # Never the free text of today's records: the homework title, the notes.
    assert MARK not in rows
    assert "Problem area 1" in rows  # the object, named by its kind and id


def test_an_old_events_text_is_never_shown_to_the_admin(people, client):
    old_event(people, "client.viewed", "looked up before the crisis call", "caseload.client")
    rows = table_of(trail(client, people.admin, people))
    assert "Client record viewed" in rows  # an administrative event still reads in words
    assert "crisis" not in rows


def test_old_events_still_verify(people, busy):
    assert all(report.intact for report in chain.check_all())


def _administrative_actions():
    return [code for code, action in events.declared().items() if not action.is_clinical]
