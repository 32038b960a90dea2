"""The IPT case made visible, in a real browser: a therapist records an inventory and a
timeline with a bereavement, accepts the proposed grief area, edits and shares the
formulation and the map; the client then reads both in the portal. Every page visited
passes the axe-core scan."""

import re
from datetime import date, timedelta

import pytest

from openipt.formulation.models import FormulationVersion, ProblemArea

pytestmark = pytest.mark.browser


def add_person(page, label, relationship, circle, quality):
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Name or role").fill(label)
    page.get_by_label("Relationship").select_option(label=relationship)
    page.get_by_label(circle).check()
    page.get_by_label("How often in contact").select_option(label="About weekly")
    page.get_by_label(quality, exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/inventory/$"))


def add_to_timeline(page, kind, *, on=None, month=None, person=None):
    page.get_by_role("link", name="Add to the timeline").click()
    page.get_by_label("What happened").select_option(label=kind)
    if on:
        page.get_by_label("Date", exact=True).fill(on.isoformat())
    if month:
        page.get_by_label("Month, if the exact date is not known").fill(month)
    if person:
        page.get_by_label("Person involved").select_option(label=person)
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(re.compile(r"/timeline/$"))


def test_inventory_timeline_grief_formulation_and_the_client_view(
    page, new_page, browser_people, sign_in, assert_accessible
):
    episode = browser_people.episode
    today = date.today()
    died_on = today - timedelta(days=150)
    onset = today - timedelta(days=90)

    sign_in(page, browser_people.owner)
    page.goto(f"/episodes/{episode.pk}/")
    page.get_by_role("link", name="Interpersonal inventory").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("alert").is_visible()  # nothing filled in: errors, nothing saved
    assert_accessible(page)
    page.get_by_role("link", name="Inventory").click()

    add_person(page, "Dad", "Someone who has died", "Inner circle", "Supportive")
    add_person(page, "Mum", "Parent", "Inner circle", "Both supportive and conflictual")
    add_person(page, "Jo", "Friend", "Middle circle", "Supportive")
    add_person(page, "Dr Patel", "Professional or helper", "Outer circle", "Neither")
    assert page.get_by_role("link", name="Update Dr Patel").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Timeline").click()
    add_to_timeline(page, "Death of someone close", on=died_on, person="Dad")
    add_to_timeline(page, "Low mood started", month=f"{onset:%Y-%m}")
    assert page.get_by_role("cell", name="Death of someone close").is_visible()
    assert page.locator("svg.timeline-chart").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Problem areas").click()
    suggestion = page.get_by_role("region", name="Suggestion from the timeline and inventory")
    assert suggestion.get_by_role("heading", name="Grief").is_visible()
    assert suggestion.get_by_text("Dad, in the inner circle, died in").is_visible()
    assert page.get_by_label("Grief", exact=True).is_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Choose this area").click()
    page.wait_for_url(re.compile(r"/problem-areas/\d+/$"))
    area = ProblemArea.objects.get(episode=episode)
    assert (area.area, area.followed_proposal) == ("grief", True)
    assert page.get_by_label("The person who died").input_value() == str(area.deceased_person_id)
    page.get_by_label("New goal, in the client's own words").fill("Visit Dad's allotment again")
    page.get_by_role("button", name="Save the problem area").click()
    assert page.get_by_text("Problem area saved.").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="Write the formulation").click()
    text_box = page.get_by_role("textbox", name=re.compile(r"^Formulation"))
    draft = text_box.input_value()
    assert "Grief after the death of Dad" in draft
    assert "- Visit Dad's allotment again" in draft
    assert_accessible(page)
    text_box.fill(draft + "\n\nWe will keep Dad's memory in the room.")
    page.get_by_role("button", name="Save as a new version").click()
    page.wait_for_url(f"**/episodes/{episode.pk}/formulation/")
    page.get_by_role("button", name="Share the latest formulation").click()
    page.get_by_role("button", name="Share the support map").click()
    assert page.get_by_text("The support map is now shared").is_visible()
    assert page.locator("svg.support-map").is_visible()
    assert_accessible(page)
    assert FormulationVersion.objects.filter(episode=episode).count() == 1

    for link in ("Start and now", "Support map", "Formulation versions"):
        page.get_by_role("link", name=link, exact=True).click()
        page.wait_for_load_state("load")
        assert_accessible(page)

    visitor = new_page()
    sign_in(visitor, browser_people.client_user)
    visitor.get_by_role("link", name="My therapy").first.click()
    assert_accessible(visitor)
    visitor.get_by_role("link", name=re.compile(r"^Open the course")).click()
    assert visitor.get_by_text("We will keep Dad's memory in the room.").is_visible()
    assert visitor.get_by_text("Grief after the death of Dad").is_visible()
    support_map = visitor.get_by_role("img", name=re.compile("Your support map: 4 people"))
    assert support_map.is_visible()
    assert visitor.get_by_role("cell", name="Dr Patel", exact=True).is_visible()
    assert_accessible(visitor)
