"""A therapist records a middle session entirely on its session page: attendance, a PHQ-9
whose item 9 is answered "Several days" (the risk banner shows at once, without leaving the
page), the agenda, the homework review, new homework and the progress note; signs it, and
then cannot change it; an addendum is kept with its time. Every state of the page passes
axe-core, at desktop width and at a phone's 390 x 844."""

import re

import pytest
from playwright.sync_api import expect

from openipt.measures.instruments import QUESTIONNAIRES
from openipt.protocol.models import ProgressNote, Session
from openipt.protocol.tests import builders
from openipt.worksheets import actions as homework_actions

MIDDLE = 4
PHONE = {"width": 390, "height": 844}
CONVERSATION = {
    "who": "My sister",
    "what_to_say": "That I felt left out at the party.",
    "feeling": "Nervous",
}


@pytest.fixture
def middle_session(browser_people):
    """The owner's course with sessions 1-3 recorded and 4-5 scheduled, and a worksheet the
    client sent for session 4."""
    people = browser_people
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=3, scheduled=5)
    sessions = {s.number: s for s in plan.episode.sessions.all()}
    sent = homework_actions.assign_homework(
        people.owner,
        people.episode,
        worksheet="conversation_prep",
        title="",
        instructions="Plan what to say.",
        due_on=sessions[MIDDLE].scheduled_for.date(),
        session=sessions[MIDDLE - 1],
    )
    homework_actions.submit_homework(people.client_user, sent, CONVERSATION)
    return people, sessions[MIDDLE]


def saved(page, text):
    page.locator("#session-status").get_by_text(text, exact=False).wait_for()


def answer_phq9(part, answers):
    """Tick the PHQ-9 in the session page's form: answer label by item number; items not
    named are "Not at all"; item 10 is left blank."""
    for number, item in enumerate(QUESTIONNAIRES["phq9"].items[:9], start=1):
        group = part.get_by_role("group", name=re.compile(re.escape(item.text)))
        group.get_by_label(answers.get(number, "Not at all"), exact=True).check()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_middle_session_recorded_signed_and_corrected_on_one_page(
    middle_session, new_page, sign_in, assert_accessible, viewport
):
    people, session = middle_session
    page = new_page(viewport=viewport) if viewport else new_page()
    sign_in(page, people.owner)
    address = f"/episodes/{people.episode.pk}/course/sessions/{MIDDLE}/"
    page.goto(address)
    page.get_by_role("heading", name=f"Session {MIDDLE} of 12").wait_for()
    assert_accessible(page)
    loads = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and loads.append(frame.url))

    # Attendance, with a refusal first: the length (offered from the plan) is cleared.
    attendance = page.locator("#part-attendance")
    attendance.get_by_label("Attended", exact=True).check()
    attendance.get_by_label("Length in minutes").fill("")
    attendance.get_by_role("button", name="Save attendance").click()
    expect(attendance.locator(".error")).to_contain_text("Give the length of the session")
    assert_accessible(page)
    attendance = page.locator("#part-attendance")
    attendance.get_by_label("Length in minutes").fill("50")
    attendance.get_by_role("button", name="Save attendance").click()
    saved(page, f"Attendance of session {MIDDLE} saved.")

    # The PHQ-9 with item 9 at "Several days": the banner is there at once.
    expect(page.locator("#risk-banner")).not_to_contain_text("Safety answers to follow up")
    measures = page.locator("#part-measures")
    phq9 = measures.locator("form.session-measure").filter(has_text="Enter the PHQ-9 now")
    answer_phq9(phq9, {1: "More than half the days", 2: "Several days", 9: "Several days"})
    phq9.get_by_role("button", name="Save PHQ-9").click()
    saved(page, "PHQ-9 saved: 4")
    banner = page.get_by_role("region", name=re.compile("Safety answers to follow up"))
    expect(banner).to_contain_text("PHQ-9 of")
    expect(banner).to_contain_text("Several days")
    assert_accessible(page)

    # The agenda: every middle-phase task done.
    agenda = page.locator("#part-agenda")
    for radio in agenda.locator("input[type=radio][value=done]").all():
        radio.check()
    # Tasks whose tool holds nothing yet were done in the room (issue 19).
    for box in agenda.get_by_label("Done in the room, not recorded").all():
        box.check()
    agenda.get_by_role("button", name="Save the agenda").click()
    saved(page, "Agenda saved.")

    # Homework: the worksheet the client sent is reviewed, new homework is set.
    review = page.locator("#part-homework-review")
    review.get_by_label("Comment for the client (optional)").fill("Well prepared.")
    review.get_by_role("button", name=re.compile("Mark reviewed")).click()
    saved(page, "marked reviewed.")
    new = page.locator("#part-homework-new")
    new.get_by_label("Worksheet").select_option("conversation_prep")
    new.get_by_role("button", name="Set homework").click()
    saved(page, "Homework set: Conversation preparation.")
    assert_accessible(page)

    # The note: a draft first, then signed.
    note = page.locator("#part-note")
    note.get_by_label("Note", exact=True).fill("Talked through the party and her sister.")
    note.get_by_label("Risk").fill("Item 9 positive; assessed, safety plan agreed.")
    note.get_by_role("button", name="Save draft").click()
    saved(page, "Draft of the note saved.")
    page.locator("#part-note").get_by_role("button", name="Sign the note").click()
    saved(page, "Note signed.")
    assert loads == [], f"the page reloaded: {loads}"

    # Signed: nothing on the page can change the session any more.
    page.goto(address)
    main = page.locator("main")
    expect(main).to_contain_text("Signed")
    expect(main).to_contain_text("Talked through the party and her sister.")
    assert main.locator("form").count() == 1  # the addendum only
    assert main.get_by_role("button", name="Save attendance").count() == 0
    assert main.get_by_role("button", name="Sign the note").count() == 0
    assert_accessible(page)
    signed = Session.objects.get(pk=session.pk)
    assert signed.signed_at is not None and signed.duration_minutes == 50

    # A correction is a signed, dated addendum.
    addendum = page.locator("#part-note")
    addendum.get_by_label("Addendum").fill("Correction: the party was on Saturday.")
    addendum.get_by_role("button", name="Add a signed addendum").click()
    saved(page, "Addendum added and signed.")
    kept = page.locator("#part-note .addenda")
    expect(kept).to_contain_text("Correction: the party was on Saturday.")
    expect(kept).to_contain_text(re.compile(r"Added and signed by .+ on \d+ \w+ \d{4}, \d\d:\d\d"))
    assert ProgressNote.objects.get().body["text"] == "Talked through the party and her sister."
    assert_accessible(page)


@pytest.mark.browser
def test_without_javascript_the_page_reloads_with_what_was_saved(
    middle_session, browser, base_url, sign_in, page_problems
):
    people, session = middle_session
    context = browser.new_context(base_url=base_url, locale="en-GB", java_script_enabled=False)
    page = page_problems.watch(context.new_page())
    sign_in(page, people.owner)
    page.goto(f"/episodes/{people.episode.pk}/course/sessions/{MIDDLE}/")
    note = page.locator("#part-note")
    note.get_by_label("Note", exact=True).fill("Typed before the attendance.")
    note.get_by_role("button", name="Save draft").click()
    expect(page.locator("main")).to_contain_text("Draft of the note saved.")
    attendance = page.locator("#part-attendance")
    attendance.get_by_label("Attended", exact=True).check()
    attendance.get_by_label("Length in minutes").fill("45")
    attendance.get_by_role("button", name="Save attendance").click()
    expect(page.locator("main")).to_contain_text(f"Attendance of session {MIDDLE} saved.")
    # The draft saved before is still there after the reload.
    expect(page.locator("#part-note").get_by_label("Note", exact=True)).to_have_value(
        "Typed before the attendance."
    )
    context.close()
