"""The SRM-5 diary on a phone (390 x 844): a client keeps a few days of the week, sends it,
and the clinician sees the week charted. Every page visited passes the axe scan."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from openipt.measures.models import RhythmWeek
from openipt.protocol.tests.builders import course_with_sessions

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DAY = {
    "Out of bed": "07:30",
    "First contact with another person": "08:15",
    "Start of work, school, housework or volunteering": "09:00",
    "Dinner": "18:30",
    "To bed": "23:00",
}


def test_a_client_keeps_the_diary_on_a_phone_and_the_clinician_sees_the_chart(
    page, new_page, browser_people, sign_in, assert_accessible
):
    people = browser_people
    episode = people.episode
    course_with_sessions(people.owner, episode, recorded=0, scheduled=1, modality="ipsrt")
    first_day = timezone.localdate() - timedelta(days=2)

    phone = new_page(viewport=PHONE)
    sign_in(phone, people.client_user)
    phone.goto(reverse("portal:home"))
    phone.get_by_role("link", name="Open my rhythm diary").click()
    assert_accessible(phone)
    phone.get_by_label("First day of your diary week").fill(first_day.isoformat())
    phone.get_by_role("button", name="Start the week").click()

    for day in (1, 2, 3):
        expect(phone.get_by_text(f"Day {day} of 7")).to_be_visible()
        if day == 1:
            assert_accessible(phone)
        for label, moment in DAY.items():
            phone.get_by_label(label, exact=True).fill(moment)
        phone.get_by_role("button", name=f"Save day {day}").click()

    # Day 3 is today: the week page again, with the rest still to come.
    expect(phone.get_by_text("Day 4,")).to_contain_text("still to come")
    assert_accessible(phone)
    phone.get_by_role("button", name="Send this week now").click()
    expect(phone.get_by_text("Your week is sent")).to_be_visible()
    assert_accessible(phone)
    week = RhythmWeek.objects.get(episode=episode)
    assert week.session.number == 1 and week.score == 3.0

    sign_in(page, people.owner)
    page.goto(reverse("clinic:rhythm_weeks", args=[episode.pk]))
    chart = page.get_by_role("img", name="SRM-5 regularity, week by week")
    expect(chart).to_be_visible()
    expect(page.get_by_text("Times in the week from")).to_be_visible()
    assert_accessible(page)
