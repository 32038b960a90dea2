"""IPT-A checks the client's age on the start date (issue 14, item 4): outside 12-18 the
course starts only with a written reason, kept on the plan and audited."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client
from openipt.protocol.forms.plan import age_on
from openipt.protocol.models import CoursePlan
from openipt.protocol.tests import builders

from .test_course_pages import start_post, url

START = "2026-09-07"
REASON = "Turns 19 next month; stays with the adolescent team by agreement."


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


# (date of birth, modality, reason, accepted)
AGE_CASES = [
    (date(2014, 9, 8), "ipt_a", "", False),  # 11, a day before turning 12
    (date(2014, 9, 7), "ipt_a", "", True),  # 12 on the start date
    (date(2007, 9, 8), "ipt_a", "", True),  # 18, a day before turning 19
    (date(2007, 9, 7), "ipt_a", "", False),  # 19 on the start date
    (date(2007, 9, 7), "ipt_a", REASON, True),
    (date(1980, 1, 1), "individual_ipt", "", True),  # no age range
]


@pytest.mark.parametrize(("born", "modality", "reason", "accepted"), AGE_CASES)
def test_ipt_a_checks_the_age_on_the_start_date(people, owner, born, modality, reason, accepted):
    Client.objects.filter(pk=people.client.pk).update(date_of_birth=born)
    builders.record_intake(people.owner, people.episode)
    data = start_post(modality=modality, age_override_reason=reason, started_on=START)
    if modality == "ipt_a":
        data["planned_sessions"] = "12"
    response = owner.post(url("course_start", people.episode), data)
    assert CoursePlan.objects.exists() is accepted
    if not accepted:
        assert "is for clients aged 12 to 18" in response.content.decode()
        return
    plan = CoursePlan.objects.get()
    assert plan.age_override_reason == reason
    started = AuditEvent.objects.get(action="course.started")
    assert started.facts["age_overridden"] is bool(reason)


@given(
    st.dates(date(1920, 1, 1), date(2030, 12, 31)), st.dates(date(1920, 1, 1), date(2030, 12, 31))
)
def test_age_is_whole_years_and_grows_by_one_each_birthday(born, day):
    if day < born:
        return
    age = age_on(born, day)
    assert age >= 0
    try:
        birthday = born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        birthday = date(born.year + age, 3, 1)
    assert birthday <= day
