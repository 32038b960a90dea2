"""The session page records the whole session in parts, each saved on its own.

For each part: a good save goes through its action (302 back to the page without
JavaScript; with htmx the part again, plus the risk banner and the status line out of band),
and bad input is refused next to its field with nothing written (400 and the whole page
without JavaScript, 422 and the part alone with htmx).
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openipt.audit.models import AuditEvent
from openipt.measures import instruments
from openipt.measures.actions import record_administration
from openipt.measures.models import MeasureAdministration, RiskFlag
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol.models import Session, SessionTaskRecord
from openipt.protocol.tests import builders
from openipt.testing.people import make_client
from openipt.worksheets import actions as worksheet_actions
from openipt.worksheets.definitions import TECHNIQUES
from openipt.worksheets.models import Homework, HomeworkComment, TechniqueRecord

HTMX = {"HTTP_HX_REQUEST": "true"}
MIDDLE = 4  # individual IPT, 12 sessions: the middle phase runs from session 4
CONVERSATION = {
    "who": "My sister",
    "what_to_say": "That I felt left out at the party.",
    "feeling": "Nervous",
}


def session_url(name, session, *args):
    return reverse(f"clinic:{name}", args=[session.episode_id, session.number, *args])


@pytest.fixture
def course(people):
    """The owner's course: sessions 1-3 recorded, 4 and 5 scheduled, 4 today-ish."""
    return builders.course_with_sessions(people.owner, people.episode, recorded=3, scheduled=5)


@pytest.fixture
def middle(course):
    return course.episode.sessions.get(number=MIDDLE)


@pytest.fixture
def owner(client, people):
    client.force_login(people.owner)
    return client


def attended(day=date(2026, 9, 28), minutes="50"):
    return {
        "attendance-attendance": "attended",
        "attendance-held_on": day.isoformat(),
        "attendance-duration_minutes": minutes,
    }


def phq9_post(item9=0):
    answers = answers_totalling(instruments.QUESTIONNAIRES["phq9"], 10, q9=item9)
    if item9:
        answers = answers_totalling(instruments.QUESTIONNAIRES["phq9"], 10 + item9, q9=item9)
    data = {f"phq9-item_{key}": str(value) for key, value in answers.items() if value is not None}
    return data | {"phq9-administered_on": "2026-09-28", "phq9-respondent": "client_in_session"}


def middle_agenda(status="done"):
    keys = ["open_with_measure", "mood_check_in", "review_homework", "problem_area_work"]
    keys = [*keys, "set_homework"]
    # Nothing is recorded with the tasks' tools here: said done in the room.
    return {f"agenda-status_{key}": status for key in keys} | {
        f"agenda-unrecorded_{key}": "on" for key in keys
    }


def test_the_page_shows_every_part(owner, middle):
    page = owner.get(session_url("course_session", middle)).content.decode()
    for part in (
        "part-attendance",
        "part-measures",
        "part-agenda",
        "part-techniques",
        "part-homework-review",
        "part-homework-new",
        "part-note",
        "risk-banner",
    ):
        assert f'id="{part}"' in page, part
    assert "Enter the PHQ-9 now" in page and "Enter the GAD-7 now" in page


# --- attendance ------------------------------------------------------------------------------


def test_attendance_is_saved_on_its_own(owner, middle):
    response = owner.post(session_url("session_attendance", middle), attended())
    assert response.status_code == 302
    assert response.url.endswith("#part-attendance")
    session = Session.objects.get(pk=middle.pk)
    assert session.attended and session.duration_minutes == 50
    assert AuditEvent.objects.filter(action="session.recorded").count() == 4


def test_with_htmx_attendance_swaps_its_part_and_the_agenda(owner, middle):
    response = owner.post(session_url("session_attendance", middle), attended(), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="part-attendance"')
    assert '<section id="part-agenda"' in html and 'hx-swap-oob="true"' in html
    assert 'id="risk-banner"' in html
    assert "Attendance of session 4 saved." in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"attendance-attendance": ""}, "Choose how the session went."),
        ({"attendance-duration_minutes": ""}, "Give the length of the session in minutes."),
        (
            {"attendance-held_on": (date.today() + timedelta(days=2)).isoformat()},
            "The date cannot be in the future.",
        ),
    ],
)
def test_bad_attendance_writes_nothing(owner, middle, changes, message):
    data = attended() | changes
    response = owner.post(session_url("session_attendance", middle), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Session.objects.get(pk=middle.pk).attendance == "scheduled"
    response = owner.post(session_url("session_attendance", middle), data, **HTMX)
    assert response.status_code == 422
    assert response.content.decode().startswith('<section id="part-attendance"')
    assert message in response.content.decode()


def test_a_refused_part_keeps_what_was_typed_in_it(owner, middle):
    data = attended(minutes="") | {"attendance-held_on": "2026-09-27"}
    page = owner.post(session_url("session_attendance", middle), data).content.decode()
    assert 'value="2026-09-27"' in page


# --- the agenda ------------------------------------------------------------------------------


def test_the_agenda_is_saved_once_the_session_is_attended(owner, middle):
    response = owner.post(session_url("session_agenda", middle), middle_agenda())
    assert response.status_code == 400
    assert "Save session 4 as attended first" in response.content.decode()
    assert not SessionTaskRecord.objects.filter(session=middle).exists()
    owner.post(session_url("session_attendance", middle), attended())
    response = owner.post(session_url("session_agenda", middle), middle_agenda())
    assert response.status_code == 302
    statuses = dict(
        SessionTaskRecord.objects.filter(session=middle).values_list("task_key", "status")
    )
    assert statuses["problem_area_work"] == "done" and len(statuses) == 5
    event = AuditEvent.objects.get(action="session.agenda_recorded")
    assert event.facts == {"session": 4, "tasks_done": 5, "tasks": 5, "done_without_record": 3}


def test_every_agenda_row_needs_a_status(owner, middle):
    owner.post(session_url("session_attendance", middle), attended())
    data = middle_agenda() | {"agenda-status_mood_check_in": ""}
    response = owner.post(session_url("session_agenda", middle), data, **HTMX)
    assert response.status_code == 422
    assert "Choose done, not done or not applicable." in response.content.decode()
    assert not SessionTaskRecord.objects.filter(session=middle).exists()


def test_saving_the_attendance_again_keeps_the_agenda(owner, middle):
    owner.post(session_url("session_attendance", middle), attended())
    owner.post(session_url("session_agenda", middle), middle_agenda())
    owner.post(session_url("session_attendance", middle), attended(minutes="55"))
    assert SessionTaskRecord.objects.filter(session=middle).count() == 5
    owner.post(
        session_url("session_attendance", middle),
        attended() | {"attendance-attendance": "did_not_attend"},
    )
    assert not SessionTaskRecord.objects.filter(session=middle).exists()


# --- questionnaires -----------------------------------------------------------------------------


def test_a_questionnaire_is_entered_in_place_and_tied_to_the_session(owner, middle):
    response = owner.post(session_url("session_measure", middle, "phq9"), phq9_post())
    assert response.status_code == 302
    administration = MeasureAdministration.objects.get()
    assert administration.session == middle and administration.total == 10
    assert administration.respondent == "client_in_session"
    page = owner.get(session_url("course_session", middle)).content.decode()
    assert 'PHQ-9: <span class="badge badge-attended">recorded' in page
    assert "Enter the PHQ-9 now" not in page and "Enter the GAD-7 now" in page


def test_a_safety_answer_shows_the_risk_banner_at_once(owner, middle):
    response = owner.post(
        session_url("session_measure", middle, "phq9"), phq9_post(item9=1), **HTMX
    )
    html = response.content.decode()
    flag = RiskFlag.objects.get()
    assert flag.session == middle and flag.is_open
    banner = html.split('<div id="risk-banner"', 1)[1]
    assert 'hx-swap-oob="true"' in banner.split(">", 1)[0]
    assert "Safety answers to follow up (1)" in banner
    assert reverse("clinic:risk_flag", args=[flag.pk]) in banner
    assert "A safety answer needs your follow-up" in html


def test_an_unanswered_question_is_refused_next_to_it(owner, middle):
    data = phq9_post()
    del data["phq9-item_q9"]
    response = owner.post(session_url("session_measure", middle, "phq9"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_phq9-item_q9_error"' in page
    assert not MeasureAdministration.objects.exists() and not RiskFlag.objects.exists()


def test_an_unknown_questionnaire_is_404(owner, middle):
    assert owner.post(session_url("session_measure", middle, "nonsense"), {}).status_code == 404


def test_a_questionnaire_answered_at_home_shows_as_done(people, owner, middle):
    answers = answers_totalling(instruments.QUESTIONNAIRES["phq9"], 8)
    record_administration(
        people.client_user,
        people.episode,
        "phq9",
        answers,
        administered_on=date(2026, 9, 27),
        respondent="client_at_home",
        session=middle,
    )
    page = owner.get(session_url("course_session", middle)).content.decode()
    assert 'PHQ-9: <span class="badge badge-attended">recorded</span> (answered at home)' in page
    assert "Enter the PHQ-9 now" not in page


# --- homework ---------------------------------------------------------------------------------


def assign(people, **changes):
    values = {
        "worksheet": "conversation_prep",
        "title": "",
        "instructions": "",
        "due_on": date(2026, 9, 28),
    }
    return worksheet_actions.assign_homework(people.owner, people.episode, **values | changes)


def test_submitted_homework_is_marked_reviewed_with_a_comment(people, owner, middle):
    homework = assign(people)
    worksheet_actions.submit_homework(people.client_user, homework, CONVERSATION)
    address = session_url("session_homework_review", middle, homework.pk)
    response = owner.post(address, {f"hw{homework.pk}-comment": "Well prepared."}, **HTMX)
    assert response.status_code == 200
    homework.refresh_from_db()
    assert homework.reviewed_at is not None
    assert HomeworkComment.objects.get().text == "Well prepared."
    assert "Conversation preparation: marked reviewed." in response.content.decode()


def test_homework_done_on_paper_is_marked_done(people, owner, middle):
    homework = assign(people)
    address = session_url("session_homework_review", middle, homework.pk)
    assert owner.post(address, {}).status_code == 302
    homework.refresh_from_db()
    assert homework.is_submitted and homework.done_on_paper and homework.reviewed_at
    assert not HomeworkComment.objects.exists()
    page = owner.get(session_url("course_session", middle)).content.decode()
    assert "No homework to review." in page


def test_homework_of_another_episode_is_not_reviewed_here(people, owner, middle):
    other_episode = make_client(people.owner, "Sam").episodes.get()
    homework = worksheet_actions.assign_homework(
        people.owner,
        other_episode,
        worksheet="conversation_prep",
        title="",
        instructions="",
        due_on=date(2026, 9, 28),
    )
    address = session_url("session_homework_review", middle, homework.pk)
    assert owner.post(address, {}).status_code == 404
    homework.refresh_from_db()
    assert not homework.is_submitted


def test_new_homework_is_due_at_the_next_session_by_default(people, owner, middle):
    next_week = timezone.now() + timedelta(days=7)
    Session.objects.filter(episode=people.episode, number=MIDDLE + 1).update(
        scheduled_for=next_week
    )
    page = owner.get(session_url("course_session", middle)).content.decode()
    due = timezone.localdate(next_week).isoformat()
    assert f'value="{due}"' in page.split('id="part-homework-new"')[1]
    data = {"homework-worksheet": "conversation_prep", "homework-due_on": due}
    response = owner.post(session_url("session_homework_new", middle), data)
    assert response.status_code == 302
    homework = Homework.objects.get()
    assert homework.set_in_session == middle and homework.title == "Conversation preparation"


def test_a_task_without_a_title_writes_nothing(owner, middle):
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    data = {"homework-worksheet": "", "homework-due_on": due}  # a task of one's own
    response = owner.post(session_url("session_homework_new", middle), data, **HTMX)
    assert response.status_code == 422
    assert "Give the task a short title." in response.content.decode()
    assert not Homework.objects.exists()


# --- techniques -------------------------------------------------------------------------------


def test_a_technique_form_opens_in_place_and_comes_back(people, owner, middle):
    page = owner.get(session_url("course_session", middle)).content.decode()
    address = reverse("clinic:technique_new", args=[people.episode.pk, "role_play"])
    assert f'href="{address}?session={MIDDLE}"' in page
    response = owner.get(f"{address}?session={MIDDLE}", **HTMX)
    html = response.content.decode()
    assert html.startswith('<section id="part-techniques"')
    assert f'<option value="{middle.pk}" selected>' in html
    assert f'hx-post="{address}?session={MIDDLE}"' in html


def test_every_technique_is_offered_and_opens_in_place(people, owner, middle):
    """The part lists every technique definition (checklists included) and each form
    opens in the part, headed 'Record <name>'."""
    page = owner.get(session_url("course_session", middle)).content.decode()
    part = page.split('id="part-techniques"')[1]
    assert len(TECHNIQUES) == 9
    for code, definition in TECHNIQUES.items():
        address = reverse("clinic:technique_new", args=[people.episode.pk, code])
        assert f'href="{address}?session={MIDDLE}"' in part
        response = owner.get(f"{address}?session={MIDDLE}", **HTMX)
        assert response.status_code == 200, code
        assert f"<h3>Record {definition.name.lower()}</h3>" in response.content.decode()


ROLE_PLAY = {
    "problem_area": "",
    "statement": "",
    "person": "My sister",
    "scene": "Telling her I felt left out",
    "goal": "Say it calmly",
    "how_it_went": "Calm at first, then rushed.",
    "confidence": "6",
    "try_next": "",
}


def test_a_technique_saved_from_the_session_goes_back_to_it(people, owner, middle):
    address = reverse("clinic:technique_new", args=[people.episode.pk, "role_play"])
    response = owner.post(f"{address}?session={MIDDLE}", ROLE_PLAY | {"session": middle.pk})
    assert response.status_code == 302
    assert response.url == session_url("course_session", middle) + "#part-techniques"
    assert TechniqueRecord.objects.get().session == middle
    page = owner.get(session_url("course_session", middle)).content.decode()
    assert "Role play</a>" in page.split('id="part-techniques"')[1]


def test_with_htmx_a_saved_technique_is_listed_in_its_part(people, owner, middle):
    address = reverse("clinic:technique_new", args=[people.episode.pk, "role_play"])
    data = ROLE_PLAY | {"session": middle.pk}
    response = owner.post(f"{address}?session={MIDDLE}", data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<section id="part-techniques"')
    assert "Role play</a>" in html and "Save the record" not in html


def test_a_refused_technique_stays_in_the_part(people, owner, middle):
    address = reverse("clinic:technique_new", args=[people.episode.pk, "role_play"])
    response = owner.post(f"{address}?session={MIDDLE}", {"session": ""}, **HTMX)
    assert response.status_code == 422
    assert response.content.decode().startswith('<section id="part-techniques"')
    assert not TechniqueRecord.objects.exists()


# --- who may record ----------------------------------------------------------------------------

POSTS = [
    ("session_attendance", ()),
    ("session_agenda", ()),
    ("session_measure", ("phq9",)),
    ("session_homework_new", ()),
    ("session_note", ()),
    ("session_note_addendum", ()),
]


@pytest.mark.parametrize(("name", "args"), POSTS)
def test_the_supervisor_reads_the_session_but_records_nothing(people, client, middle, name, args):
    client.force_login(people.supervisor)
    assert client.get(session_url("course_session", middle)).status_code == 200
    assert client.post(session_url(name, middle, *args), attended()).status_code == 403
    assert Session.objects.get(pk=middle.pk).attendance == "scheduled"


def test_the_supervisors_page_has_no_form(people, client, middle):
    client.force_login(people.supervisor)
    page = client.get(session_url("course_session", middle)).content.decode()
    assert "<form" not in page.split("<main", 1)[1]
