"""Each person's main pages pass an axe-core WCAG 2.1 A/AA scan with zero violations.

One test per person signs in once and visits all their pages; it reports every page
that fails, not just the first.
"""

import pytest
from django_otp.oath import totp

from openipt.accounts.actions import invite_staff
from openipt.accounts.models import Role
from openipt.testing.people import make_client

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Each person's pages, as paths built from the named people.
PAGES = {
    "owner": [
        lambda p: "/caseload/",
        lambda p: "/calendar/",
        lambda p: "/clients/",
        lambda p: "/clients/?q=Robin",
        lambda p: f"/clients/{p.client.pk}/",
        lambda p: f"/clients/{p.client.pk}/edit/",
        lambda p: "/clients/new/",
        lambda p: f"/clients/{p.client.pk}/episodes/new/",
        lambda p: f"/episodes/{p.episode.pk}/",
        lambda p: f"/clients/{p.client.pk}/invite/",
        lambda p: "/accounts/",
        lambda p: "/accounts/two-factor/setup/",
        lambda p: "/accounts/password/change/",
        lambda p: f"/episodes/{p.episode.pk}/formulation/",
        lambda p: f"/episodes/{p.episode.pk}/inventory/",
        lambda p: f"/episodes/{p.episode.pk}/timeline/",
        lambda p: f"/episodes/{p.episode.pk}/problem-areas/",
        lambda p: f"/episodes/{p.episode.pk}/measures/new/?instrument=phq9",
        lambda p: f"/episodes/{p.episode.pk}/rhythm/",
        lambda p: f"/episodes/{p.episode.pk}/rhythm/new/",
    ],
    "supervisor": [
        lambda p: "/supervision/",
        lambda p: "/outcomes/",
        lambda p: "/outcomes/recovery/episodes/",
        lambda p: "/clients/",
        lambda p: f"/clients/{p.client.pk}/",
        lambda p: f"/clients/{p.client.pk}/audit/",
        lambda p: f"/episodes/{p.episode.pk}/",
    ],
    "admin": [
        lambda p: "/outcomes/",
        lambda p: "/clients/",
        lambda p: f"/clients/{p.client.pk}/",
        lambda p: f"/clients/{p.client.pk}/audit/",
        lambda p: f"/clients/{p.client.pk}/edit/",
        lambda p: "/organisation/",
        lambda p: "/organisation/staff/",
        lambda p: "/organisation/staff/invite/",
        lambda p: f"/organisation/staff/{p.owner.pk}/",
        lambda p: f"/organisation/staff/{p.supervisor.pk}/",
        lambda p: f"/organisation/staff/{p.owner.pk}/reassign/",
        lambda p: "/organisation/sites/",
        lambda p: f"/organisation/sites/{p.owner.site_id}/",
        lambda p: f"/clients/?site={p.owner.site_id}",
        lambda p: f"/clients/{p.client.pk}/remove/",
        lambda p: f"/episodes/{p.episode.pk}/remove/",
    ],
    "programme_lead": [
        lambda p: "/outcomes/",
        lambda p: "/clients/",
        lambda p: "/accounts/",
    ],
    "client_user": [
        lambda p: "/portal/",
        lambda p: "/accounts/",
        lambda p: "/portal/therapy/",
        lambda p: "/portal/help-now/",
        lambda p: "/portal/my-data/",
    ],
}

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/password/reset/",
    "/portal/invitation/not-a-real-token/",
    "/accounts/invitation/not-a-real-token/",
    "/accounts/password/reset/MQ/not-a-real-token/",
    "/no-such-page/",
    "/portal/is-ipt-for-me/",
    "/portal/help-now/",
]


def visit_all(page, paths, assert_accessible, expect_status=None):
    """Visit each path and axe-check it; return every failure, one per page."""
    failures = []
    for path in paths:
        response = page.goto(path)
        if expect_status and response.status != expect_status:
            failures.append(f"{path} answered {response.status}, not {expect_status}")
            continue
        try:
            assert_accessible(page)
        except AssertionError as problem:
            failures.append(str(problem))
    return failures


@pytest.mark.parametrize("person", list(PAGES))
def test_main_pages_are_accessible(page, browser_people, sign_in, assert_accessible, person):
    sign_in(page, getattr(browser_people, person))
    paths = [path(browser_people) for path in PAGES[person]]
    failures = visit_all(page, paths, assert_accessible, expect_status=200)
    assert not failures, "\n\n".join(failures)


def test_anonymous_pages_are_accessible(page, live_server, assert_accessible):
    failures = visit_all(page, ANONYMOUS_PAGES, assert_accessible)
    assert not failures, "\n\n".join(failures)


def test_login_errors_are_accessible(page, browser_people, try_login, assert_accessible):
    try_login(page, browser_people.owner.username, "not-the-password")
    page.get_by_role("alert").wait_for()
    assert_accessible(page)


def test_register_client_errors_are_accessible(page, browser_people, sign_in, assert_accessible):
    sign_in(page, browser_people.owner)
    page.goto("/clients/new/")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").wait_for()
    assert page.locator(".field-error").count() == 3  # first name, last name, date of birth
    assert_accessible(page)


def test_open_episode_errors_are_accessible(page, browser_people, sign_in, assert_accessible):
    sign_in(page, browser_people.owner)
    page.goto(f"/clients/{browser_people.client.pk}/episodes/new/")
    page.get_by_label("Start date").fill("")
    page.get_by_role("button", name="Open episode").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page)


def test_invitation_link_page_is_accessible(page, browser_people, sign_in, assert_accessible):
    jo = make_client(browser_people.owner, "Jo")
    sign_in(page, browser_people.owner)
    page.goto(f"/clients/{jo.pk}/invite/")
    page.get_by_label("Send the link to this email address").fill("")
    page.get_by_role("button", name="Create invitation").click()
    page.get_by_role("heading", name="One-time link").wait_for()
    assert "/portal/invitation/" in page.locator(".token-link").inner_text()
    assert_accessible(page)


def test_staff_pages_with_errors_are_accessible(page, browser_people, sign_in, assert_accessible):
    sign_in(page, browser_people.admin)
    page.goto("/organisation/staff/invite/")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page)

    supervisor = browser_people.supervisor
    page.goto(f"/organisation/staff/{supervisor.pk}/")
    page.get_by_label("Supervisor").select_option(label=supervisor.display_name)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("A supervisor cannot supervise themselves.").wait_for()
    assert_accessible(page)

    page.goto(f"/organisation/staff/{browser_people.owner.pk}/reassign/")
    page.get_by_role("button", name="Reassign the chosen episodes").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page)


def test_staff_invitation_page_is_accessible(page, browser_people, assert_accessible):
    _, token = invite_staff(
        browser_people.admin,
        email="nadia@example.invalid",
        first_name="Nadia",
        last_name="Haddad",
        role=Role.THERAPIST,
        site=browser_people.owner.site,
        supervisor=browser_people.supervisor,
        link_for=lambda token: token,
    )
    page.goto(f"/accounts/invitation/{token}/")
    page.get_by_role("heading", name="Welcome, Nadia").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page)


def test_second_factor_pages_are_accessible(page, browser_people, sign_in, assert_accessible):
    owner = browser_people.owner
    sign_in(page, owner)
    page.goto("/accounts/two-factor/setup/")
    # An empty code shows the error state without a wrong guess (which would throttle).
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page)

    # The key is shown for typing by hand; a person's app would read the same secret.
    key = page.locator("figcaption .ref").inner_text()
    page.get_by_label("Code").fill(f"{totp(bytes.fromhex(key)):06d}")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert page.locator(".codes li").count() == 10
    assert_accessible(page)

    page.goto("/accounts/")
    page.get_by_text("An authenticator app is set up").wait_for()
    assert_accessible(page)
    page.goto("/accounts/two-factor/verify/")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("person", "path"),
    [
        pytest.param(None, "/accounts/login/", id="login"),
        pytest.param("owner", "/caseload/", id="caseload"),
        pytest.param("owner", "/clients/", id="clients"),
        pytest.param("owner", "/accounts/two-factor/setup/", id="two-factor-setup"),
        pytest.param("supervisor", "/supervision/", id="supervision"),
        pytest.param("admin", "/organisation/staff/", id="staff"),
        pytest.param("admin", "/organisation/staff/{owner}/reassign/", id="reassign"),
        pytest.param("supervisor", "/clients/{client}/audit/", id="audit-trail"),
        pytest.param("client_user", "/portal/", id="portal-home"),
    ],
)
def test_phone_sized_page_is_accessible(
    page, browser_people, sign_in, assert_accessible, person, path
):
    page.set_viewport_size(PHONE)
    if person:
        sign_in(page, getattr(browser_people, person))
    page.goto(path.format(client=browser_people.client.pk, owner=browser_people.owner.pk))
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} scrolls sideways on a phone ({width}px wide)"
