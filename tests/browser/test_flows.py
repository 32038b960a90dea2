"""Whole journeys through the real pages: registering a client, a client accepting a
portal invitation, and the sign-in lockout."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from openipt.caseload.models import Client
from openipt.testing.people import make_client

pytestmark = pytest.mark.browser

NEW_PASSWORD = "green-kettle-morning-58"
ISO_HINT = "date inputs need ISO values: DateInput(format='%Y-%m-%d') in caseload/forms.py"


def test_therapist_registers_a_client_and_opens_an_episode(
    page, browser_people, sign_in, assert_accessible
):
    sign_in(page, browser_people.owner)
    page.get_by_role("link", name="Register a client").click()
    page.get_by_label("First name").fill("Morgan")
    page.get_by_label("Last name").fill("Lee")
    page.get_by_label("Date of birth").fill("1990-03-04")
    page.get_by_label("Email address").fill("morgan@example.invalid")
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(re.compile(r"/clients/\d+/$"))
    client = Client.objects.get(given_name="Morgan", family_name="Lee")
    assert page.url.endswith(f"/clients/{client.pk}/")
    assert client.clinician == browser_people.owner
    assert client.date_of_birth == date(1990, 3, 4)
    assert client.reference in page.get_by_role("status").inner_text()
    heading = page.get_by_role("heading", level=1)
    assert "Morgan Lee" in heading.inner_text()
    assert client.reference in heading.inner_text()
    expect(page.get_by_text("No episodes yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Open an episode").click()
    page.get_by_label("Start date").fill("2026-09-14")
    page.get_by_label("Presenting concerns").fill("Arguments at home since the new job.")
    page.get_by_role("button", name="Open episode").click()

    page.wait_for_url(re.compile(r"/episodes/\d+/$"))
    episode = client.episodes.get()
    assert page.url.endswith(f"/episodes/{episode.pk}/")
    assert episode.clinician == browser_people.owner
    assert episode.opened_on == date(2026, 9, 14)
    expect(page.get_by_text("Episode opened.")).to_be_visible()
    expect(page.get_by_text("Arguments at home since the new job.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(client.reference)).click()
    page.wait_for_url(f"**/clients/{client.pk}/")
    episodes = page.get_by_role("region", name="Episodes of care")
    assert episodes.get_by_role("link", name=re.compile(r"^From ")).count() == 1
    expect(episodes.get_by_text("Open", exact=True)).to_be_visible()


def test_date_fields_show_their_current_values(page, browser_people, sign_in):
    """A date input only accepts an ISO date (YYYY-MM-DD) as its value; given any other
    format the browser shows it empty, and saving the form fails."""
    client = browser_people.client
    sign_in(page, browser_people.owner)
    page.goto(f"/clients/{client.pk}/episodes/new/")
    assert page.get_by_label("Start date").input_value() == date.today().isoformat(), ISO_HINT

    page.goto(f"/clients/{client.pk}/edit/")
    assert page.get_by_label("Date of birth").input_value() == "1985-05-17", ISO_HINT
    page.get_by_label("Phone number").fill("01632 960123")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Client details saved.")).to_be_visible()
    client.refresh_from_db()
    assert client.phone == "01632 960123"
    assert client.date_of_birth == date(1985, 5, 17)


def test_client_accepts_an_on_screen_invitation(
    page, new_page, browser_people, sign_in, assert_accessible
):
    jo = make_client(browser_people.owner, "Jo")
    sign_in(page, browser_people.owner)
    page.goto(f"/clients/{jo.pk}/")
    page.get_by_role("link", name="Invite to the portal").click()
    page.get_by_label("Send the link to this email address").fill("")
    page.get_by_role("button", name="Create invitation").click()
    link = page.locator(".token-link").inner_text().strip()
    assert re.search(r"/portal/invitation/[\w-]+/$", link), link

    visitor = new_page()
    visitor.goto(link)
    expect(visitor.get_by_role("heading", name="Welcome, Jo")).to_be_visible()
    assert_accessible(visitor)
    visitor.get_by_label("Username").fill("jo.example")
    visitor.get_by_label(re.compile(r"^Password \(required\)")).fill(NEW_PASSWORD)
    visitor.get_by_label("Password again").fill("something-else-entirely")
    visitor.get_by_role("button", name="Create my account").click()
    expect(visitor.get_by_text("The two passwords are different.")).to_be_visible()
    assert_accessible(visitor)

    visitor.get_by_label(re.compile(r"^Password \(required\)")).fill(NEW_PASSWORD)
    visitor.get_by_label("Password again").fill(NEW_PASSWORD)
    visitor.get_by_role("button", name="Create my account").click()

    visitor.wait_for_url("**/portal/")
    assert visitor.get_by_role("heading", level=1).inner_text() == "Hello Jo"
    expect(visitor.get_by_text("Your account is ready.")).to_be_visible()
    assert_accessible(visitor)
    jo.refresh_from_db()
    assert jo.user.username == "jo.example"

    response = visitor.goto(link)
    assert response.status == 410
    expect(visitor.get_by_text("already been used")).to_be_visible()
    assert_accessible(visitor)

    stranger = new_page()
    stranger.goto(link)
    expect(stranger.get_by_text("already been used")).to_be_visible()


def test_five_wrong_passwords_lock_the_account(page, browser_people, try_login, assert_accessible):
    owner = browser_people.owner
    for attempt in range(1, 5):
        try_login(page, owner.username, f"wrong-password-{attempt}")
        expect(page.get_by_role("alert")).to_be_visible()
        assert "locked" not in page.content().lower(), f"locked after {attempt} attempts"

    try_login(page, owner.username, "wrong-password-5")
    try_login(page, owner.username, "a-long-test-password-42")
    expect(page.get_by_role("heading", name="Sign-in is locked for now")).to_be_visible()
    assert "locked" in page.get_by_role("alert").inner_text()
    assert_accessible(page)

    response = page.goto("/caseload/")
    assert "/accounts/login/" in page.url, f"signed in despite the lockout ({response.status})"
