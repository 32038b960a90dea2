"""The documentation benchmark once Django is set up (bench/documentation.py): build the
courses through the actions, serve them, record session 5 in Chromium, count, report."""

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.test.testcases import LiveServerThread
from django.utils import timezone
from playwright.sync_api import sync_playwright

from openipt.accounts.models import Organisation, Role
from openipt.formulation import actions as formulation_actions
from openipt.formulation import queries as formulation_queries
from openipt.measures import instruments
from openipt.measures.actions import finish_questionnaire, record_administration
from openipt.protocol import actions
from openipt.protocol.models import ProgressNote
from openipt.protocol.tests import builders
from openipt.testing import chromium
from openipt.testing.people import make_client, make_user
from openipt.worksheets import actions as homework

SESSION = 5
PLANNED = 12
PASSWORD = "documentation-bench-password-42"
# The five every-session tasks of the middle phase of individual IPT.
AGENDA_TASKS = 5
NOTE = "Reviewed the week and the conversation with her sister; role-played the next step."
HOMEWORK_ANSWERS = {
    "who": "My sister",
    "what_to_say": "That I felt left out at the party.",
    "feeling": "Nervous",
}


@dataclass
class Scenario:
    key: str
    title: str
    goal: int | None
    at_home: tuple = ()  # questionnaires the client sent before the session
    entered: tuple = ()  # questionnaires the clinician enters on the page
    steps: list = field(default_factory=list)
    page_loads: int = 0

    @property
    def interactions(self):
        return len(self.steps)


SCENARIOS = (
    Scenario("home", "client answered the PHQ-9 at home", 20, at_home=("phq9",)),
    Scenario("phq9", "clinician enters the PHQ-9", 30, entered=("phq9",)),
    Scenario(
        "every",
        "clinician enters every measure expected (PHQ-9 and GAD-7)",
        None,
        entered=("phq9", "gad7"),
    ),
)


def run(options):
    call_command("migrate", verbosity=0, interactive=False)
    therapist, courses = build_courses()
    with LiveServer() as address:
        record_sessions(address, therapist, courses)
    check_recorded(courses)
    print(table())
    if options.json:
        results = [asdict(s) | {"interactions": s.interactions} for s in SCENARIOS]
        Path(options.json).write_text(json.dumps(results, indent=2) + "\n")
    missed = [s for s in SCENARIOS if s.goal is not None and s.interactions > s.goal]
    for scenario in missed:
        print(f"Goal missed: {scenario.title}: {scenario.interactions} > {scenario.goal}")
    return 1 if missed else 0


# --- the courses, built through the actions -------------------------------------------------


def build_courses():
    """A therapist with one client per scenario, each at session 5 of 12: sessions 1-4
    attended with their agendas done, a problem area with its strategies, the WAI-SR given
    at session 4, a worksheet set at session 4 and sent by the client, session 5 starting
    in half an hour."""

    organisation = Organisation.objects.create(name="Documentation bench", slug="doc-bench")
    therapist = make_user(organisation, "doc-therapist", Role.THERAPIST)
    therapist.set_password(PASSWORD)
    therapist.save()
    return therapist, {scenario.key: build_course(therapist, scenario) for scenario in SCENARIOS}


def build_course(therapist, scenario):
    given = {"home": "Maya", "phq9": "Noor", "every": "Ines"}[scenario.key]
    client = make_client(therapist, given)
    client.user = make_user(therapist.organisation, f"doc-{scenario.key}", "client")
    client.save(update_fields=["user"])
    episode = client.episodes.get()
    plan = builders.start_course(therapist, episode, planned=PLANNED)
    fifth = session_five_time()
    sessions = actions.schedule_sessions(
        therapist, plan, first_at=fifth - timedelta(weeks=SESSION - 1), count=PLANNED
    )
    for session in sessions[: SESSION - 1]:
        builders.record(therapist, plan, session)
    fourth, fifth_session = sessions[SESSION - 2], sessions[SESSION - 1]
    choose_problem_area(therapist, episode, fourth)
    waisr = instruments.QUESTIONNAIRES["waisr"]
    record_administration(
        therapist,
        episode,
        "waisr",
        {item.key: item.options[-1].value for item in waisr.items},
        administered_on=fourth.held_on,
        respondent="client_in_session",
        session=fourth,
    )
    set_then = homework.assign_homework(
        therapist,
        episode,
        worksheet="conversation_prep",
        title="",
        instructions="Plan what to say to your sister.",
        due_on=timezone.localdate(fifth_session.scheduled_for),
        session=fourth,
    )
    homework.submit_homework(client.user, set_then, HOMEWORK_ANSWERS)
    for code in scenario.at_home:
        questionnaire = instruments.QUESTIONNAIRES[code]
        quiet = {item.key: item.options[0].value for item in questionnaire.items}
        finish_questionnaire(client.user, client, fifth_session, code, quiet)
    return episode


def session_five_time():
    """Half an hour from now (still today), so the caseload shows it as the next appointment
    and its date is not in the future when the attendance is saved."""
    now = timezone.localtime()
    soon = now + timedelta(minutes=30)
    if soon.date() != now.date():
        soon = now.replace(hour=23, minute=59, second=0, microsecond=0)
    return soon


def choose_problem_area(therapist, episode, session):
    queries = formulation_queries
    persons = queries.people_of(episode)
    assessment = queries.assess(persons, queries.events_of(episode), as_of=session.held_on)
    area = formulation_actions.choose_problem_area(
        therapist, episode, area="role_dispute", chosen_on=session.held_on, assessment=assessment
    )
    formulation_actions.set_planned_strategies(therapist, area, keys=["dispute_stage"])


# --- the browser ---------------------------------------------------------------------------


class LiveServer:
    """Django's live-server thread (as the browser tests use), serving static files too."""

    def __enter__(self):
        self.thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        self.thread.daemon = True
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error
        return f"http://127.0.0.1:{self.thread.port}"

    def __exit__(self, *exc):
        self.thread.terminate()


class Counted:
    """A page whose every interaction is counted: click, fill, choice (check, select) and
    submit; `goto` is a typed address. Each step is kept with what it was, for the report."""

    def __init__(self, page, scenario):
        self.page, self.scenario = page, scenario
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame):
        if frame == self.page.main_frame:
            self.scenario.page_loads += 1

    def _step(self, kind, what):
        self.scenario.steps.append(f"{kind}: {what}")

    def click(self, locator, what):
        locator.click()
        self._step("click", what)

    def submit(self, locator, what):
        locator.click()
        self._step("submit", what)

    def fill(self, locator, text, what):
        locator.fill(text)
        self._step("fill", what)

    def check(self, locator, what):
        locator.check()
        self._step("choice", what)

    def select(self, locator, value, what):
        locator.select_option(value)
        self._step("choice", what)


def record_sessions(address, therapist, courses):

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium.launch_arguments())
        try:
            for scenario in SCENARIOS:
                context = browser.new_context(base_url=address, locale="en-GB")
                context.set_default_timeout(15_000)
                page = context.new_page()
                sign_in(page, therapist.username)
                record_one(Counted(page, scenario), courses[scenario.key])
                context.close()
        finally:
            browser.close()


def sign_in(page, username):
    """Not counted: the session starts on the caseload, where signing in lands."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/caseload/")


def record_one(counted, episode):

    page, scenario = counted.page, counted.scenario
    counted.scenario.page_loads = 0
    row = page.get_by_role("row").filter(has_text=episode.client.reference)
    link = row.get_by_role("link", name=re.compile(rf"session {SESSION}\b", re.IGNORECASE))
    counted.click(link, "the next appointment")
    page.get_by_role("heading", name=f"Session {SESSION} of {PLANNED}").wait_for()

    part = page.locator("#part-attendance")
    counted.check(part.get_by_label("Attended", exact=True), "attended")
    counted.fill(part.get_by_label("Length in minutes"), "50", "length")
    counted.submit(part.get_by_role("button", name="Save attendance"), "attendance")
    saved(page, f"Attendance of session {SESSION} saved.")

    for code in scenario.entered:
        definition = instruments.QUESTIONNAIRES[code]
        form = page.locator("form.session-measure").filter(
            has=page.get_by_role("heading", name=f"Enter the {definition.name} now")
        )
        for item in definition.items:
            if not item.required:
                continue
            group = form.get_by_role("group", name=item.text or item.label, exact=False)
            counted.check(group.get_by_label(item.options[0].label, exact=True), item.key)
        counted.submit(form.get_by_role("button", name=f"Save {definition.name}"), code)
        saved(page, f"{definition.name} saved")

    agenda = page.locator("#part-agenda")
    statuses = agenda.locator("input[type=radio][value=done]")
    for index in range(statuses.count()):
        counted.check(statuses.nth(index), f"agenda task {index + 1} done")
    counted.submit(agenda.get_by_role("button", name="Save the agenda"), "agenda")
    saved(page, "Agenda saved.")

    review = page.locator("#part-homework-review")
    counted.fill(
        review.get_by_label("Comment for the client (optional)"),
        "Good preparation; we used it in the role play.",
        "homework comment",
    )
    counted.submit(review.get_by_role("button", name="Mark reviewed"), "homework reviewed")
    saved(page, "marked reviewed.")

    new = page.locator("#part-homework-new")
    counted.select(new.get_by_label("Worksheet"), "conversation_prep", "worksheet")
    counted.submit(new.get_by_role("button", name="Set homework"), "new homework")
    saved(page, "Homework set")

    note = page.locator("#part-note")
    counted.fill(note.get_by_label("Note", exact=True), NOTE, "note")
    counted.submit(note.get_by_role("button", name="Sign the note"), "sign")
    saved(page, "Note signed.")

    if len([step for step in scenario.steps if "agenda task" in step]) != AGENDA_TASKS:
        raise SystemExit(f"{scenario.title}: expected {AGENDA_TASKS} agenda tasks")


def check_recorded(courses):
    """Each session was recorded and signed (read after the browser has closed: Django's
    database calls are refused while Playwright's event loop runs)."""
    for scenario in SCENARIOS:
        notes = ProgressNote.objects.filter(
            session__episode=courses[scenario.key], session__number=SESSION
        )
        if not notes.filter(signed_at__isnull=False).exists():
            raise SystemExit(f"{scenario.title}: the note of session {SESSION} was not signed")


def saved(page, text):
    page.locator("#session-status").get_by_text(text, exact=False).wait_for()


def table():
    lines = [
        f"Documentation burden: session {SESSION} of {PLANNED} (individual IPT, middle phase) "
        "recorded on its session page",
        "",
        f"{'scenario':<62}{'interactions':>13}{'goal':>6}{'page loads':>12}",
    ]
    for s in SCENARIOS:
        goal = f"{s.goal}" if s.goal is not None else "-"
        lines.append(f"{s.title:<62}{s.interactions:>13}{goal:>6}{s.page_loads:>12}")
    lines += ["", "Counted steps (first scenario):"]
    lines += [f"  {number}. {step}" for number, step in enumerate(SCENARIOS[0].steps, start=1)]
    return "\n".join(lines)
