"""Fewer fields for the same fact (issue 19, item 3): the contract's dates default to the
day it is agreed, a session's length to the plan's, the ending date to the last attended
session."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from openipt.protocol.forms.plan import ContractForm
from openipt.protocol.models import Session, TreatmentContract
from openipt.protocol.tests import builders


def url(name, episode, *args):
    return reverse(f"clinic:{name}", args=[episode.pk, *args])


def test_a_new_contract_offers_today_for_every_item_and_the_planned_end(people):
    plan = builders.start_course(people.owner, people.episode, planned=12)
    form = ContractForm(plan=plan)
    today = timezone.localdate()
    for name, _ in TreatmentContract.ITEMS:
        assert form[name].initial == today, name
    assert form["agreed_end_date"].initial == builders.START + timedelta(weeks=11)


def test_a_saved_contract_keeps_its_empty_items_empty(people):
    plan = builders.start_course(people.owner, people.episode, planned=12)
    TreatmentContract.objects.create(
        episode=people.episode,
        confidentiality_explained_on=builders.START,
        updated_by=people.owner,
    )
    form = ContractForm(plan=plan, contract=people.episode.treatment_contract)
    assert form["confidentiality_explained_on"].initial == builders.START
    assert form["sick_role_given_on"].initial is None
    assert form["agreed_end_date"].initial is None  # not agreed, so not offered again


def test_the_contract_page_offers_today(people, client):
    builders.start_course(people.owner, people.episode, planned=12)
    client.force_login(people.owner)
    page = client.get(url("course_contract", people.episode)).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert "Today by default" in page


def test_the_session_length_defaults_to_the_plans(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=1, scheduled=2)
    client.force_login(people.owner)
    page = client.get(url("course_session", people.episode, 2)).content.decode()
    assert 'name="attendance-duration_minutes" value="50"' in page


def test_a_recorded_session_shows_its_own_length(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=1)
    Session.objects.filter(number=1).update(duration_minutes=40)
    client.force_login(people.owner)
    page = client.get(url("course_session", people.episode, 1)).content.decode()
    assert 'name="attendance-duration_minutes" value="40"' in page


def test_the_ending_date_defaults_to_the_last_attended_session(people, client):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=5, scheduled=6)
    sixth = Session.objects.get(number=6)
    builders.record(people.owner, plan, sixth, attendance="did_not_attend")
    client.force_login(people.owner)
    page = client.get(url("course_end", people.episode)).content.decode()
    fifth_day = builders.START + timedelta(weeks=4)
    assert f'name="ended_on" value="{fifth_day.isoformat()}"' in page
