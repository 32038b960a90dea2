"""Homework in a real browser: the therapist sets a conversation-preparation worksheet; the
client saves a draft, comes back, submits (after a missing answer is pointed out); the
therapist sees it for review and comments; the client sees the comment. Every page passes
the axe scan."""

import re

import pytest
from playwright.sync_api import expect

from openipt.worksheets.models import Homework

pytestmark = pytest.mark.browser


def test_homework_from_assignment_to_comment(
    page, new_page, browser_people, sign_in, assert_accessible
):
    people = browser_people
    sign_in(page, people.owner)
    page.goto(f"/episodes/{people.episode.pk}/")
    page.get_by_role("link", name="Homework", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Set homework").click()
    assert_accessible(page)
    page.get_by_label("Worksheet").select_option(label="Conversation preparation")
    page.get_by_label("Instructions for the client").fill("Plan the talk with your brother.")
    page.get_by_role("button", name="Set homework").click()
    expect(page.get_by_role("status")).to_contain_text("Homework set: Conversation preparation")
    homework = Homework.objects.get()

    client_page = new_page()
    sign_in(client_page, people.client_user)
    client_page.goto("/portal/")
    client_page.get_by_role("link", name="All your homework").click()
    assert_accessible(client_page)
    client_page.get_by_role("link", name="Conversation preparation").click()
    assert_accessible(client_page)
    client_page.get_by_label("What would you like to come out of it?").fill(
        "Share the weekends fairly."
    )
    client_page.get_by_role("button", name="Save draft").click()
    expect(client_page.get_by_role("status")).to_contain_text("Draft saved")

    # Coming back later: the draft is there; submitting without an opening is refused.
    client_page.goto("/portal/homework/")
    expect(client_page.get_by_role("cell", name="Draft saved")).to_be_visible()
    client_page.get_by_role("link", name="Conversation preparation").click()
    expect(client_page.get_by_label("What would you like to come out of it?")).to_have_value(
        "Share the weekends fairly."
    )
    client_page.get_by_label("Who will you talk to?").fill("My brother")
    client_page.get_by_label("What is the matter you want to talk about?").fill(
        "Who looks after Dad at the weekends."
    )
    client_page.get_by_role("button", name="Send to my clinician").click()
    expect(client_page.get_by_role("alert")).to_contain_text("nothing has been saved")
    expect(client_page.get_by_text("Please answer this before submitting.")).to_be_visible()
    assert_accessible(client_page)
    client_page.get_by_label("How you could open the conversation").fill(
        "Can we talk about Saturdays?"
    )
    client_page.get_by_role("button", name="Send to my clinician").click()
    expect(client_page.get_by_role("status")).to_contain_text("sent to your clinician")
    assert_accessible(client_page)

    # The therapist sees it under homework review, opens it and comments.
    page.goto(f"/episodes/{people.episode.pk}/homework/")
    review = page.get_by_role("region", name="Homework review")
    expect(review).to_contain_text("Submitted, to review with the client")
    assert_accessible(page)
    review.get_by_role("link", name="Conversation preparation").click()
    expect(page.get_by_text("Can we talk about Saturdays?")).to_be_visible()
    page.get_by_label("Comment for the client").fill("A gentle opening. We will rehearse it.")
    page.get_by_role("button", name="Save comment").click()
    expect(page.get_by_role("status")).to_contain_text("Comment saved")
    assert_accessible(page)
    homework.refresh_from_db()
    assert homework.reviewed_at is not None

    client_page.goto(f"/portal/homework/{homework.pk}/")
    comments = client_page.get_by_role("region", name="Comments from your clinician")
    expect(comments).to_contain_text("A gentle opening. We will rehearse it.")
    assert_accessible(client_page)


def test_the_statement_builder_previews_as_you_type(
    page, browser_people, sign_in, assert_accessible
):
    sign_in(page, browser_people.owner)
    page.goto(f"/episodes/{browser_people.episode.pk}/statements/")
    page.get_by_label("I feel …").fill("let down")
    page.get_by_label("when …").fill("plans change late")
    preview = page.locator("#statement-preview")
    expect(preview).to_contain_text(re.compile("I feel let down when plans change late because …"))
    assert_accessible(page)
