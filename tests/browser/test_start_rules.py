"""Who may start what (issue 14, item 4) and problem areas as the articles describe them
(item 6), through the real pages.

A counsellor asks to start full individual IPT: the start form says the course is held; the
supervisor sees the request on their supervision page and approves it; the counsellor then
starts the course. The supervisor adds a training record for the counsellor, and the admin
sees it and the start rules. The inventory grouped by problem area and a grief area's kind
of grief are shown. Every page passes axe-core.
"""

from datetime import date

import pytest

from openipt.accounts.models import Role
from openipt.formulation.tests.builders import add_event, add_person
from openipt.protocol.tests import builders
from openipt.testing.people import make_client, make_user

pytestmark = pytest.mark.browser


@pytest.mark.browser
def test_a_held_course_is_approved_then_started(
    browser_people, new_page, sign_in, assert_accessible
):
    people = browser_people
    counsellor = make_user(
        people.owner.organisation, "cora", Role.COUNSELLOR, supervisor=people.supervisor
    )
    episode = make_client(counsellor, "Lee").episodes.get()
    builders.record_intake(counsellor, episode)

    page = new_page()
    sign_in(page, counsellor)
    page.goto(f"/episodes/{episode.pk}/course/start/")
    page.locator("#id_modality").select_option("individual_ipt")
    page.get_by_label("Start date").fill(builders.START.isoformat())
    page.get_by_role("button", name="Start the course").click()
    page.get_by_text("held for your supervisor's approval").wait_for()
    assert_accessible(page)

    supervisor_page = new_page()
    sign_in(supervisor_page, people.supervisor)
    supervisor_page.goto("/supervision/")
    supervisor_page.get_by_role("heading", name="Courses waiting for your approval").wait_for()
    assert_accessible(supervisor_page)
    supervisor_page.get_by_role("button", name="Approve the course for").click()
    supervisor_page.get_by_text("may now start").wait_for()

    supervisor_page.goto(f"/organisation/staff/{counsellor.pk}/training/")
    supervisor_page.get_by_label("Training or certification").fill("IPT practitioner course")
    supervisor_page.get_by_label("Modality it covers").select_option("individual_ipt")
    supervisor_page.get_by_label("Completed on").fill("2025-05-01")
    supervisor_page.get_by_label("Certified in this modality").check()
    supervisor_page.get_by_role("button", name="Add the record").click()
    supervisor_page.get_by_text("Training record added").wait_for()
    assert_accessible(supervisor_page)

    page.goto(f"/episodes/{episode.pk}/course/start/")
    page.get_by_text("Individual IPT: approved").wait_for()
    page.locator("#id_modality").select_option("individual_ipt")
    page.get_by_label("Start date").fill(builders.START.isoformat())
    page.get_by_role("button", name="Start the course").click()
    page.get_by_text("Course started.").wait_for()

    admin_page = new_page()
    sign_in(admin_page, people.admin)
    admin_page.goto("/organisation/")
    admin_page.get_by_role("group", name="Who may start which course").wait_for()
    assert_accessible(admin_page)
    admin_page.goto(f"/organisation/staff/{counsellor.pk}/")
    admin_page.get_by_text("IPT practitioner course").wait_for()
    assert_accessible(admin_page)


@pytest.mark.browser
def test_the_inventory_by_problem_area_and_a_kind_of_grief(
    browser_people, new_page, sign_in, assert_accessible
):
    people = browser_people
    dad = add_person(people, "Dad", relationship="deceased", circle="inner", distress=9)
    add_person(people, "Sam", relationship="partner", circle="inner", quality="conflictual")
    add_event(people, "death", date(2026, 3, 1), person=dad)
    page = new_page()
    sign_in(page, people.owner)
    page.goto(f"/episodes/{people.episode.pk}/inventory/")
    page.get_by_role("link", name="Group by problem area").click()
    page.get_by_role("heading", name="Grief").wait_for()
    assert_accessible(page)

    page.goto(f"/episodes/{people.episode.pk}/problem-areas/")
    page.get_by_role("heading", name="How the client rates their relationships").wait_for()
    page.get_by_label("Grief", exact=True).check()
    page.get_by_role("button", name="Choose this area").click()
    page.get_by_text("Grief chosen.").wait_for()
    page.get_by_label("Delayed or absent", exact=False).check()
    page.get_by_role("button", name="Save the problem area").click()
    page.get_by_text("Problem area saved.").wait_for()
    assert_accessible(page)
