"""Browser tests: Playwright drives Chromium against pytest-django's live server.

Chromium comes from the system (OPENIPT_CHROMIUM, or `chromium` on PATH); without either,
Playwright uses its own download. A browser that cannot start makes the tests error out,
never skip. Every page is watched for Content-Security-Policy violations and uncaught
script errors, and `assert_accessible(page)` runs axe-core for WCAG 2.1 A and AA.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from openipt.testing import chromium
from openipt.testing.people import PASSWORD, make_people

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Pages here answer in well under a second; a stuck wait should fail fast.
TIMEOUT_MS = 10_000

# axe reports an ARIA reference to a missing id only as "needs review"; a form field
# described by help text that is not on the page is a real fault, so check it here.
BROKEN_ARIA_REFERENCES = """() => {
  const broken = [];
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const element of document.querySelectorAll(`[${attr}]`)) {
      for (const id of element.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          broken.push(`${element.tagName.toLowerCase()}#${element.id} ${attr}="${id}"`);
        }
      }
    }
  }
  return broken;
}"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Chromium as openipt/testing/chromium.py launches it (bench/documentation.py too)."""
    return chromium.launch_arguments(**browser_type_launch_args)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative paths in page.goto() go to the live server."""
    return live_server.url


@pytest.fixture
def browser_people(live_server, transactional_db):
    """The named people (openipt.testing.people), committed so the live server sees them."""
    return make_people()


class PageProblems:
    """Content-Security-Policy violations, uncaught script errors and script-logged errors
    seen on watched pages. Failed resource loads are not problems here: several pages
    answer 404, 410 or 429 on purpose, and the tests check status codes themselves."""

    def __init__(self):
        self.problems = []

    def watch(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        return page

    def _console(self, message):
        where = message.location.get("url") or (message.page and message.page.url)
        if "Content Security Policy" in message.text:
            self.problems.append(f"CSP violation on {where}: {message.text}")
        elif message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error on {where}: {message.text}")

    def assert_none(self):
        problems, self.problems = self.problems, []  # report each problem once
        assert not problems, "Problems in the browser:\n" + "\n".join(problems)


@pytest.fixture
def page_problems():
    return PageProblems()


@pytest.fixture
def page(page, page_problems):
    """pytest-playwright's page, watched for CSP violations, console and script errors."""
    page.set_default_timeout(TIMEOUT_MS)
    page_problems.watch(page)
    yield page
    page_problems.assert_none()


@pytest.fixture
def new_page(browser, base_url, page_problems):
    """new_page(): a page in a fresh browser context (no cookies), watched like `page`."""
    contexts = []

    def make(**context_args):
        # A test may ask for another browser language (locale="fr-FR").
        context_args = {"locale": "en-GB", **context_args}
        context = browser.new_context(base_url=base_url, **context_args)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return page_problems.watch(context.new_page())

    yield make
    for context in contexts:
        context.close()
    page_problems.assert_none()


@pytest.fixture(scope="session")
def axe():
    return Axe()


def describe_violations(url, violations):
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible(axe, page_problems):
    """assert_accessible(page): no axe WCAG 2.1 A/AA violation, no broken ARIA reference,
    no CSP violation or script error so far."""

    def check(page):
        page.wait_for_load_state("load")
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        assert not violations, describe_violations(page.url, violations)
        broken = page.evaluate(BROKEN_ARIA_REFERENCES)
        assert not broken, f"ARIA references to missing ids on {page.url}: {broken}"
        page_problems.assert_none()

    return check


def fill_login_form(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")


@pytest.fixture
def sign_in():
    """sign_in(page, user): signs in through the real login form."""

    def do(page, user, password=PASSWORD):
        fill_login_form(page, user.username, password)
        assert "/accounts/login/" not in page.url, f"could not sign in as {user.username}"
        return page

    return do


@pytest.fixture
def try_login():
    """try_login(page, username, password): submits the login form, whatever the outcome."""
    return fill_login_form
