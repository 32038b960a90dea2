"""Measures in a real browser: a PHQ-9 with a safety answer raises a flag that shows on the
caseload and the client page, is resolved only with the follow-up recorded, and both steps
are in the audit trail. Every measures page passes the axe scan, including the chart."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import MeasureAdministration, Respondent, RiskFlag
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol.models import Session

pytestmark = pytest.mark.browser

PHQ9 = QUESTIONNAIRES["phq9"]
PHQ9_TOTALS = [19, 18, 18, 16, 15, 13, 12, 10, 9, 7, 6, 5]


def question(page, item):
    return page.get_by_role("group", name=re.compile(re.escape(item.text)))


def record_phq9(page, item9_answer):
    page.get_by_label("The client, in a session").check()
    for item in PHQ9.items:
        if item.key == "q10":
            continue
        answer = item9_answer if item.key == "q9" else "Not at all"
        question(page, item).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save PHQ-9").click()


def test_a_safety_answer_is_flagged_followed_up_and_audited(
    page, new_page, browser_people, sign_in, assert_accessible
):
    people = browser_people
    sign_in(page, people.owner)
    page.goto(f"/episodes/{people.episode.pk}/")
    page.get_by_role("link", name="Record a measure").click()
    assert_accessible(page)
    page.get_by_role("link", name="PHQ-9").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a PHQ-9")
    assert_accessible(page)

    record_phq9(page, item9_answer="Several days")
    page.wait_for_url(re.compile(r"/measures/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("A safety answer needs your follow-up")
    assert_accessible(page)
    flag = RiskFlag.objects.get()
    assert flag.is_open and flag.answer_label == "Several days"

    # The flag is at the top of the caseload and on the client page, with answer and date.
    for path in ("/caseload/", f"/clients/{people.client.pk}/"):
        page.goto(path)
        flags = page.get_by_role("region", name=re.compile("Safety answers to follow up"))
        expect(flags).to_contain_text("Several days")
        expect(flags).to_contain_text(f"PHQ-9 of {date.today().day} {date.today():%b %Y}")
        assert_accessible(page)

    # Resolving needs the follow-up fields: without them nothing changes.
    page.get_by_role("link", name=re.compile("PHQ-9 of")).first.click()
    page.wait_for_url(f"**/risk-flags/{flag.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Save and resolve").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing has been saved")
    expect(page.get_by_text("Choose what your risk assessment found.")).to_be_visible()
    expect(page.get_by_text("Describe what was done after the answer was seen.")).to_be_visible()
    expect(page.get_by_text("Say whether a safety plan is in place.")).to_be_visible()
    assert_accessible(page)
    flag.refresh_from_db()
    assert flag.is_open

    page.get_by_label("Thoughts of death or self-harm, no plan or intent").check()
    page.get_by_role("textbox", name=re.compile("^What was done")).fill(
        "Talked it through; agreed a plan to call a friend."
    )
    page.get_by_role("group", name=re.compile("safety plan")).get_by_label("Yes").check()
    page.get_by_role("button", name="Save and resolve").click()
    expect(page.get_by_role("status")).to_contain_text("The flag is resolved.")
    expect(page.get_by_role("main").get_by_text("Owner Tester", exact=False).first).to_be_visible()
    assert_accessible(page)
    flag.refresh_from_db()
    assert not flag.is_open and flag.resolved_by == people.owner

    page.goto("/caseload/")
    expect(page.get_by_role("region", name=re.compile("Safety answers"))).to_have_count(0)

    # The supervisor's audit trail shows the flag raised and resolved.
    supervisor = new_page()
    sign_in(supervisor, people.supervisor)
    supervisor.goto(f"/clients/{people.client.pk}/audit/")
    trail = supervisor.locator("table").inner_text()
    # The page says each event in words made from its codes (audit/events.py).
    assert "Safety flag raised from" in trail and "Safety flag resolved" in trail
    assert "PHQ-9 recorded" in trail
    assert_accessible(supervisor)


def test_invalid_answers_are_marked_by_each_question_and_saved_nowhere(
    page, browser_people, sign_in, assert_accessible
):
    sign_in(page, browser_people.owner)
    page.goto(f"/episodes/{browser_people.episode.pk}/measures/new/?instrument=gad7")
    page.get_by_role("button", name="Save GAD-7").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing has been saved")
    expect(page.locator("fieldset.field-error")).to_have_count(8)  # 7 questions + who answered
    expect(page.get_by_text("An answer is needed for “Fear”.")).to_be_visible()
    assert_accessible(page)
    assert MeasureAdministration.objects.count() == 0


@pytest.fixture
def twelve_phq9(browser_people):
    episode = browser_people.episode
    for number, total in enumerate(PHQ9_TOTALS, start=1):
        day = episode.opened_on + timedelta(days=7 * (number - 1))
        session = Session.objects.create(
            episode=episode,
            number=number,
            scheduled_for=timezone.make_aware(datetime(day.year, day.month, day.day, 10)),
            held_on=day,
            attendance="attended",
        )
        actions.record_administration(
            browser_people.owner,
            episode,
            "phq9",
            answers_totalling(PHQ9, total),
            administered_on=day,
            respondent=Respondent.CLIENT_IN_SESSION,
            session=session,
        )
    return episode


@pytest.mark.parametrize("person", ["owner", "supervisor"])
def test_the_chart_pages_are_accessible(
    page, browser_people, twelve_phq9, sign_in, assert_accessible, person
):
    sign_in(page, getattr(browser_people, person))
    for path in (f"/episodes/{twelve_phq9.pk}/", f"/clients/{browser_people.client.pk}/"):
        page.goto(path)
        chart = page.get_by_role("img", name="PHQ-9 scores over this episode")
        expect(chart).to_be_visible()
        assert chart.bounding_box()["height"] > 100
        page.get_by_text("PHQ-9 scores as a table").click()
        expect(page.get_by_role("table", name="PHQ-9 scores, oldest first")).to_be_visible()
        assert_accessible(page)
    page.goto(f"/episodes/{twelve_phq9.pk}/")
    expect(page.get_by_text("Reliably recovered: PHQ-9 19 → 5")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^\d+ \w+ 2026$")).first.click()
    page.wait_for_url(re.compile(r"/measures/\d+/$"))
    assert_accessible(page)


def test_the_episode_chart_fits_a_phone(page, browser_people, twelve_phq9, sign_in):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, browser_people.owner)
    for path in (f"/episodes/{twelve_phq9.pk}/", f"/episodes/{twelve_phq9.pk}/measures/new/"):
        page.goto(path + ("?instrument=phq9" if path.endswith("new/") else ""))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px wide)"


def test_the_supervisor_sees_the_teams_open_flags(page, browser_people, sign_in, assert_accessible):
    actions.record_administration(
        browser_people.owner,
        browser_people.episode,
        "phq9",
        answers_totalling(PHQ9, 4, q9=2),
        administered_on=date.today(),
        respondent=Respondent.CLIENT_AT_HOME,
    )
    sign_in(page, browser_people.supervisor)
    page.goto("/supervision/")
    flags = page.get_by_role("region", name=re.compile("Safety answers to follow up"))
    expect(flags).to_contain_text("More than half the days")
    expect(flags).to_contain_text("clinician Owner Tester")
    assert_accessible(page)
    flags.get_by_role("link").first.click()
    # The supervisor may record the follow-up when the clinician is away, or hand it on.
    expect(page.get_by_role("heading", name="Record what was done")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Hand over the follow-up").click()
    expect(
        page.get_by_role("group", name=re.compile("Who should follow this flag up"))
    ).to_be_visible()
    assert_accessible(page)


def test_the_measure_form_adds_up_the_answers_as_they_are_given(
    page, browser_people, sign_in, assert_accessible
):
    people = browser_people
    sign_in(page, people.owner)
    page.goto(f"/episodes/{people.episode.pk}/measures/new/?instrument=phq9")
    total = page.locator("[data-running-total]")
    expect(total).to_contain_text("Total so far: 0 of 27 (0 of 9")
    question(page, PHQ9.items[0]).get_by_label("Nearly every day", exact=True).check()
    question(page, PHQ9.items[1]).get_by_label("Several days", exact=True).check()
    expect(total).to_contain_text("Total so far: 4 of 27 (2 of 9")
    question(page, PHQ9.items[0]).get_by_label("Not at all", exact=True).check()
    expect(total).to_contain_text("Total so far: 1 of 27 (2 of 9")
    assert_accessible(page)
