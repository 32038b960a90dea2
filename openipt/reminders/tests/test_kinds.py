"""Each kind of reminder at its time: what is due before a session (bundled), homework due
tomorrow, the SRM-5 diary prompt, booster sessions and the staff digest."""

from datetime import timedelta

from django.core import mail

from openipt.caseload.actions import close_episode
from openipt.measures.actions import end_course, record_administration, start_rhythm_diary
from openipt.measures.due import due_for_client
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol import actions as course_actions
from openipt.protocol.tests.builders import START, course_with_sessions, record
from openipt.reminders.models import Reason, Status
from openipt.worksheets.actions import assign_homework, submit_homework
from tests.test_access_matrix import open_flag

from .builders import SESSION_2, course_with, local, messages, run

ROBIN = "robin@example.invalid"


def mails_to(address, word):
    return [m for m in mail.outbox if m.to == [address] and word in m.body]


def course_with_session_1_held(people, modality="individual_ipt"):
    plan = course_with_sessions(
        people.owner, people.episode, recorded=1, scheduled=2, modality=modality
    )
    return plan


# --- things to fill in before a session --------------------------------------------------


def questionnaires_due(people):
    """What the portal offers this client to fill in at home for session 2."""
    [row] = due_for_client(people.client)  # the one open episode
    return row.due.codes


def test_everything_due_before_a_session_goes_in_one_message_48_hours_before(people, travel):
    course_with_session_1_held(people)
    assign_homework(
        people.owner,
        people.episode,
        worksheet="",
        title="Call a friend",
        instructions="",
        due_on=SESSION_2.date(),
    )
    codes = questionnaires_due(people)
    assert "phq9" in codes
    run(travel, SESSION_2 - timedelta(hours=49))
    assert mails_to(ROBIN, "fill in") == []
    run(travel, SESSION_2 - timedelta(hours=48))
    [sent] = mails_to(ROBIN, "fill in")
    # The questionnaires due at session 2, and the homework: counted, never named.
    expected = f"There are {len(codes) + 1} things to fill in before Monday 14 September, 10:00"
    assert expected in sent.body
    assert "PHQ" not in sent.body and "Call a friend" not in sent.body
    assert "/portal/" in sent.body
    run(travel, SESSION_2 - timedelta(hours=30))
    assert len(mails_to(ROBIN, "fill in")) == 1


def test_nothing_to_fill_in_means_no_message(people, travel):
    course_with_session_1_held(people)

    session = people.episode.sessions.get(number=2)
    for code in questionnaires_due(people):
        record_administration(
            people.client_user,
            people.episode,
            code,
            answers_totalling(QUESTIONNAIRES[code], 5),
            administered_on=START,
            respondent="client_at_home",
            session=session,
        )
    run(travel, SESSION_2 - timedelta(hours=40))
    assert mails_to(ROBIN, "fill in") == []


def test_things_due_only_for_clients_with_a_portal_account(people, travel):
    course_with_session_1_held(people)
    people.client.user = None
    people.client.save(update_fields=["user"])
    run(travel, SESSION_2 - timedelta(hours=40))
    assert messages("things_due") == []


# --- homework due tomorrow ----------------------------------------------------------------


def test_homework_due_tomorrow_is_reminded_the_evening_before(people, travel):
    course_with(people)
    due = START + timedelta(days=3)  # Thursday 10 September: no session that day
    homework = assign_homework(
        people.owner, people.episode, worksheet="", title="Walk", instructions="", due_on=due
    )
    run(travel, local(due - timedelta(days=1), 17, 59))
    assert mails_to(ROBIN, "due on") == []
    run(travel, local(due - timedelta(days=1), 18, 0))
    [sent] = mails_to(ROBIN, "due on")
    assert "Thursday 10 September" in sent.body and "Walk" not in sent.body
    submit_homework(people.client_user, homework, {"notes": "done"})
    run(travel, local(due - timedelta(days=1), 20, 0))
    assert len(mails_to(ROBIN, "due on")) == 1


def test_homework_sent_before_the_reminder_is_not_reminded(people, travel):
    course_with(people)
    due = START + timedelta(days=3)
    homework = assign_homework(
        people.owner, people.episode, worksheet="", title="Walk", instructions="", due_on=due
    )
    submit_homework(people.client_user, homework, {"notes": "done"})
    run(travel, local(due - timedelta(days=1), 19, 0))
    assert messages("homework_due") == []


def test_homework_due_on_a_session_day_is_left_to_the_message_before_the_session(people, travel):
    course_with(people)
    assign_homework(
        people.owner,
        people.episode,
        worksheet="",
        title="Walk",
        instructions="",
        due_on=SESSION_2.date(),
    )
    run(travel, local(SESSION_2.date() - timedelta(days=1), 19, 0))
    assert messages("homework_due") == []


# --- the SRM-5 diary (IPSRT) ---------------------------------------------------------------


def test_diary_prompt_each_evening_until_todays_page_is_saved(people, travel):
    course_with_session_1_held(people, modality="ipsrt")
    today = START + timedelta(days=2)
    run(travel, local(today, 19, 59))
    assert mails_to(ROBIN, "today's page") == []
    run(travel, local(today, 20, 0))
    [sent] = mails_to(ROBIN, "today's page")
    assert "diary" not in sent.body.lower() and "rhythm" not in sent.body.lower()
    # Next evening the page is already saved: no prompt.
    tomorrow = today + timedelta(days=1)
    travel(local(tomorrow, 12, 0))
    draft = start_rhythm_diary(
        people.client_user, people.client, people.episode, week_starting=tomorrow
    )
    draft.days_saved = [1]
    draft.save(update_fields=["days_saved"])
    run(travel, local(tomorrow, 20, 30))
    assert len(mails_to(ROBIN, "today's page")) == 1
    assert messages("diary")[-1].status == Status.WITHDRAWN


def test_no_diary_prompt_for_a_course_without_the_diary(people, travel):
    course_with_session_1_held(people)
    run(travel, local(START + timedelta(days=2), 21, 0))
    assert messages("diary") == []


# --- booster and follow-up sessions ---------------------------------------------------------


def test_booster_sessions_are_reminded_the_day_before_even_after_the_episode_closed(people, travel):
    plan, sessions = course_with(people, sessions=1)
    record(people.owner, plan, sessions[0])
    booster = START + timedelta(weeks=6)
    end_course(
        people.owner,
        plan,
        ended_on=START + timedelta(days=1),
        reason="completed",
        problem_area_progress="Better.",
        future_plan="Boosters.",
        follow_up="booster",
        follow_up_first_on=booster,
        follow_up_count=2,
        follow_up_interval_weeks=4,
        close=True,
    )
    people.episode.refresh_from_db()
    assert not people.episode.is_open
    run(travel, local(booster - timedelta(days=1), 17, 0))
    assert mails_to(ROBIN, "follow-up") == []
    run(travel, local(booster - timedelta(days=1), 18, 5))
    [sent] = mails_to(ROBIN, "follow-up")
    assert "Monday 19 October 2026" in sent.body


def test_a_booster_recorded_ahead_is_not_reminded(people, travel):
    plan, sessions = course_with(people, sessions=1)
    record(people.owner, plan, sessions[0])
    booster = START + timedelta(weeks=6)
    end_course(
        people.owner,
        plan,
        ended_on=START + timedelta(days=1),
        reason="completed",
        problem_area_progress="Better.",
        future_plan="Boosters.",
        follow_up="booster",
        follow_up_first_on=booster,
        follow_up_count=1,
    )
    follow_up = people.episode.follow_up_sessions.get()
    course_actions.record_follow_up(
        people.owner, follow_up, attendance="cancelled_client", held_on=booster
    )
    run(travel, local(booster - timedelta(days=1), 18, 5))
    assert mails_to(ROBIN, "follow-up") == []


# --- the staff digest ---------------------------------------------------------------------


def test_the_clinicians_digest_lists_todays_sessions_by_reference_only(people, travel):
    course_with(people)
    owner = people.owner.email
    run(travel, local(SESSION_2.date(), 6, 59))
    assert mails_to(owner, "Sessions today") == []
    run(travel, local(SESSION_2.date(), 7, 0))
    [digest] = mails_to(owner, "Sessions today")
    assert f"10:00, {people.client.reference}" in digest.body
    assert "Robin" not in digest.body and "Example" not in digest.body
    run(travel, local(SESSION_2.date(), 9, 0))
    assert len(mails_to(owner, "Sessions today")) == 1


def test_no_digest_when_there_is_nothing_to_say(people, travel):
    run(travel, local(SESSION_2.date(), 8, 0))
    assert [m for m in mail.outbox if "Your day" in m.subject] == []
    digests = messages("staff_digest")
    assert digests and {m.reason for m in digests} == {Reason.NOTHING_TO_SAY}


def test_the_supervisors_digest_counts_flags_nobody_has_seen(people, travel):
    open_flag(people)
    run(travel, local(SESSION_2.date(), 7, 30))
    [digest] = mails_to(people.supervisor.email, "nobody has marked as seen")
    assert "nobody has marked as seen: 1" in digest.body


def test_closed_episodes_get_no_session_reminders(people, travel):
    course_with(people)
    close_episode(people.owner, people.episode, closed_on=START + timedelta(days=1))
    run(travel, SESSION_2 - timedelta(hours=20))
    assert messages("session") == []
