"""Course lengths as the articles give them (issue 14, item 1): individual IPT plans 8-20
sessions, above 16 only with a recorded reason, at the start and in the contract."""

import pytest

from openipt.protocol.modalities import MODALITIES, get
from openipt.protocol.models import CoursePlan
from openipt.protocol.tests import builders

from .test_course_pages import start_post, url

REASON = "Chronic depression for six years; two earlier courses helped only briefly."

# (planned, reason, accepted, message shown when refused)
START_CASES = [
    ("16", "", True, None),
    ("17", "", False, "Individual IPT above 16 sessions needs a reason"),
    ("17", "   ", False, "Individual IPT above 16 sessions needs a reason"),
    ("17", REASON, True, None),
    ("20", REASON, True, None),
    ("21", REASON, False, "Individual IPT plans between 8 and 20 sessions."),
    ("7", "", False, "Individual IPT plans between 8 and 20 sessions."),
]


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


@pytest.mark.parametrize(("planned", "reason", "accepted", "message"), START_CASES)
def test_a_long_course_needs_a_reason_at_the_start(
    people, owner, planned, reason, accepted, message
):
    builders.record_intake(people.owner, people.episode)
    data = start_post(planned_sessions=planned, length_reason=reason)
    response = owner.post(url("course_start", people.episode), data)
    assert CoursePlan.objects.exists() is accepted
    if accepted:
        plan = CoursePlan.objects.get()
        assert plan.length_reason == reason.strip()
        page = owner.get(url("course", people.episode)).content.decode()
        assert (REASON in page) is bool(reason.strip())
    else:
        assert message in response.content.decode()


def test_the_contract_keeps_the_rule_and_the_reason(people, owner):
    builders.started_course(people)
    plan = CoursePlan.objects.get()
    data = {
        "planned_sessions": "18",
        "session_minutes": str(plan.session_minutes),
        "frequency": plan.frequency,
    }
    refused = owner.post(url("course_contract", people.episode), data)
    assert "above 16 sessions needs a reason" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.planned_sessions != 18
    accepted = owner.post(url("course_contract", people.episode), {**data, "length_reason": REASON})
    assert accepted.status_code == 302
    plan.refresh_from_db()
    assert (plan.planned_sessions, plan.length_reason) == (18, REASON)


@pytest.mark.parametrize("code", sorted(MODALITIES))
def test_a_reason_is_asked_only_inside_the_range(code):
    sessions = get(code).planned_sessions
    for planned in range(sessions.minimum, sessions.maximum + 1):
        expected = sessions.reason_above is not None and planned > sessions.reason_above
        assert sessions.needs_reason(planned) is expected
    assert not sessions.needs_reason(sessions.default)
