"""Reminders end to end: a client chooses text messages with quiet hours, gets a reminder,
stops reminders with the link in it, and the clinician sees the message log. Every page
visited passes the axe scan."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from openipt.caseload.actions import update_client
from openipt.protocol import actions as course_actions
from openipt.protocol.tests.builders import start_course
from openipt.reminders.models import ContactPreference
from openipt.reminders.scheduler import run_due
from openipt.reminders.sms import LocmemBackend

pytestmark = pytest.mark.browser


def test_a_client_chooses_sms_stops_it_with_the_link_and_the_clinician_sees_the_log(
    page, new_page, browser_people, sign_in, assert_accessible
):
    people = browser_people
    LocmemBackend.outbox.clear()
    update_client(people.owner, people.client, phone="07700 900123")
    now = timezone.now()
    plan = start_course(people.owner, people.episode)
    course_actions.schedule_sessions(
        people.owner, plan, first_at=now + timedelta(hours=3), location="Room 4"
    )
    # Quiet hours that do not hold now, whenever the test runs.
    local = timezone.localtime(now)
    quiet_from = f"{(local + timedelta(hours=6)).hour:02d}:00"
    quiet_until = f"{(local + timedelta(hours=8)).hour:02d}:00"

    sign_in(page, people.client_user)
    page.goto(reverse("portal:home"))
    page.get_by_role("link", name="Reminders").click()
    assert_accessible(page)
    page.get_by_label("Text message (SMS)").check()
    page.get_by_label("Quiet hours from").fill(quiet_from)
    page.get_by_label("Quiet hours until").fill(quiet_until)
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your reminder choices are saved.")).to_be_visible()
    preference = ContactPreference.objects.get(client=people.client)
    assert (preference.channel, f"{preference.quiet_from:%H:%M}") == ("sms", quiet_from)

    run_due()  # the scheduler's pass; the test's task backend delivers at once
    # The session reminder (and, since a questionnaire is due, the message before it).
    [text] = [text for text in LocmemBackend.outbox if "Room 4" in text["body"]]
    assert text["to"] == "+447700900123"
    stop_path = re.search(r"(/portal/stop/[\w-]+/)", text["body"]).group(1)

    phone = new_page()  # the link is opened on the phone, where nobody is signed in
    phone.goto(stop_path)
    assert_accessible(phone)
    phone.get_by_role("button", name="Stop my reminders").click()
    expect(phone.get_by_text("you will get no more reminders")).to_be_visible()
    assert_accessible(phone)

    clinician = new_page()
    sign_in(clinician, people.owner)
    clinician.goto(reverse("clinic:client", args=[people.client.pk]))
    clinician.get_by_role("link", name="Messages and reminders").click()
    expect(clinician.get_by_text("The client stopped reminders")).to_be_visible()
    row = clinician.get_by_role("row").filter(has_text="Session reminder")
    expect(row).to_contain_text("Text message (SMS)")
    expect(row).to_contain_text("Sent")
    assert_accessible(clinician)
