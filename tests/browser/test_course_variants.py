"""Issue 14: a perinatal IPT course where the partner attends session 5 by video, then a
booster recorded after the ending with its review of the relapse-prevention plan. Every
page passes axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openipt.protocol import actions
from openipt.protocol.models import FollowUpSession, Session
from openipt.protocol.tests import builders

LINK = "https://meet.example.org/perinatal-5"


@pytest.fixture
def perinatal_course(browser_people):
    """The owner's perinatal IPT course: sessions 1-4 recorded, 5 scheduled."""
    people = browser_people
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=4, scheduled=5, modality="perinatal_ipt"
    )
    return people, plan


@pytest.mark.browser
def test_partner_by_video_at_session_5_then_a_booster_after_the_ending(
    perinatal_course, new_page, sign_in, assert_accessible
):
    people, plan = perinatal_course
    page = new_page()
    sign_in(page, people.owner)

    page.goto(f"/episodes/{people.episode.pk}/course/sessions/5/")
    page.get_by_role("heading", name="Session 5 of 12").wait_for()
    assert_accessible(page)
    attendance = page.locator("#part-attendance")
    attendance.get_by_label("Attended", exact=True).check()
    attendance.get_by_label("Length in minutes").fill("50")
    attendance.get_by_label("Video call", exact=True).check()
    attendance.get_by_label("Video meeting link").fill("http://meet.example.org/plain")
    attendance.get_by_label("Partner", exact=True).check()
    attendance.get_by_role("button", name="Save attendance").click()
    expect(page.locator("#part-attendance .error")).to_contain_text("secure address")
    assert_accessible(page)
    attendance = page.locator("#part-attendance")
    attendance.get_by_label("Video meeting link").fill(LINK)
    attendance.get_by_role("button", name="Save attendance").click()
    page.locator("#session-status").get_by_text("Attendance of session 5 saved.").wait_for()
    session = Session.objects.get(episode=people.episode, number=5)
    assert (session.delivery_mode, session.meeting_link, session.also_present) == (
        "video",
        LINK,
        ["partner"],
    )

    # The course ends with one booster, held yesterday.
    yesterday = timezone.localdate() - timedelta(days=1)
    actions.end_course(
        people.owner,
        plan,
        ended_on=yesterday - timedelta(weeks=4),
        reason="completed",
        problem_area_progress="Settled into being a parent; sharing night feeds.",
        future_plan="Call the team if sleep and mood drop together.",
        follow_up="booster",
        follow_up_first_on=yesterday,
        follow_up_count=1,
    )
    booster = FollowUpSession.objects.get(episode=people.episode)

    page.goto(f"/episodes/{people.episode.pk}/course/")
    page.get_by_role("link", name=yesterday.strftime("%-d %b %Y")).click()
    page.get_by_role("heading", name="Booster session").wait_for()
    assert_accessible(page)
    page.get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Save the session").click()
    expect(page.locator(".error").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Length in minutes").fill("45")
    page.get_by_label("Telephone", exact=True).check()
    page.get_by_label("The warning signs on the plan still fit").check()
    page.get_by_label("No return of symptoms").check()
    page.get_by_label("What has helped since the course ended").fill("Walks with the pram.")
    page.get_by_role("button", name="Save the session").click()
    page.get_by_role("heading", name="As recorded").wait_for()
    expect(page.get_by_text("The follow-up session is saved.")).to_be_visible()
    assert_accessible(page)
    booster.refresh_from_db()
    assert booster.attendance == "attended" and booster.delivery_mode == "telephone"
    assert (booster.warning_signs, booster.symptoms_returned) == ("still_fit", "none")
