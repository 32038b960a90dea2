"""A therapist's week: sessions under their days, moving one from the calendar and
coming back to it; accessible at desktop and phone widths."""

import pytest

from openipt.protocol.models import Session
from openipt.protocol.tests.test_calendar import booked

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [None, {"width": 390, "height": 844}])
def test_the_week_can_move_and_cancel_sessions(
    viewport, new_page, browser_people, sign_in, assert_accessible
):
    sessions = booked(browser_people, 3)
    page = new_page(viewport=viewport) if viewport else new_page()
    sign_in(page, browser_people.owner)
    page.goto("/calendar/")
    page.get_by_role("heading", name="Week of").wait_for()
    assert page.locator(".appointment").count() == 3
    assert_accessible(page)
    page.get_by_role("link", name=f"Cancel session {sessions[0].number}").click()
    page.get_by_role("heading", name=f"Cancel session {sessions[0].number}").wait_for()
    assert_accessible(page)
    page.get_by_label("The client").check()
    page.get_by_role("button", name="Cancel the session").click()
    page.get_by_role("heading", name="Week of").wait_for()
    page.get_by_text("Cancelled by client").wait_for()
    assert Session.objects.get(pk=sessions[0].pk).attendance == "cancelled_client"
