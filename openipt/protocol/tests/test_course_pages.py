"""The course pages through the Django test client, with the named people.

Each change is checked for what it writes (rows and audit events) and each bad input
for writing nothing.
"""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from openipt.accounts.models import Role
from openipt.audit.models import AuditEvent
from openipt.caseload.models import Episode
from openipt.formulation.models import ProblemArea
from openipt.measures import instruments
from openipt.measures.actions import record_administration
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol.actions import set_planned_session_defaults
from openipt.protocol.modalities import get
from openipt.protocol.models import (
    CourseEnding,
    CoursePlan,
    FollowUpSession,
    IntakeScreen,
    Referral,
    Session,
    SessionTaskRecord,
    SupervisorAlert,
    TreatmentContract,
)
from openipt.protocol.tests import builders
from openipt.testing.people import make_client, make_user
from openipt.worksheets.actions import save_relapse_plan

NO = {"suicidal_crisis": "no", "psychosis": "no", "mania": "no", "severe_dissociation": "no"}


def phq9_items(total, **overrides):
    """The PHQ-9 asked item by item inside the intake or ending form (prefix "phq9")."""
    answers = answers_totalling(instruments.QUESTIONNAIRES["phq9"], total, **overrides)
    return {f"phq9-item_{key}": str(value) for key, value in answers.items()}


def url(name, episode, *args):
    return reverse(f"clinic:{name}", args=[episode.pk, *args])


def actions_logged():
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def intake_post(**changes):
    data = {
        "screened_on": "2026-09-07",
        **phq9_items(14),
        "symptoms": "Low mood since the move.",
        "fit_answers": ["relationship_stress", "recent_change"],
        **NO,
    }
    data.update(changes)
    return data


def start_post(**changes):
    data = {
        "modality": "individual_ipt",
        "planned_sessions": "12",
        "session_minutes": "50",
        "frequency": "weekly",
        "started_on": "2026-09-07",
    }
    data.update(changes)
    return data


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


# --- intake ------------------------------------------------------------------------------


def test_intake_without_exclusion_leads_to_starting_the_course(people, owner):
    response = owner.post(url("course_intake", people.episode), intake_post())
    assert response.status_code == 302
    assert response.url == url("course_start", people.episode)
    screen = IntakeScreen.objects.get()
    assert screen.exclusions == [] and screen.phq9_total == 14
    # The PHQ-9 was asked item by item: a full administration, its total kept in sync.
    administration = people.episode.administrations.get()
    assert (administration.total, administration.session) == (14, None)
    assert administration.administered_on == date(2026, 9, 7)
    assert screen.fit_answers == ["relationship_stress", "recent_change"]
    assert "course.intake_recorded" in actions_logged()


def test_intake_needs_every_exclusion_answered_and_writes_nothing_otherwise(people, owner):
    data = intake_post(psychosis="")
    del data["phq9-item_q9"]  # item 9 is never skipped once the PHQ-9 is asked
    response = owner.post(url("course_intake", people.episode), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose yes or no." in page
    assert "An answer is needed for “Thoughts of death or self-harm”." in page
    assert not IntakeScreen.objects.exists()
    assert not people.episode.administrations.exists()
    assert "course.intake_recorded" not in actions_logged()


def test_an_exclusion_needs_a_referral(people, owner):
    response = owner.post(url("course_intake", people.episode), intake_post(mania="yes"))
    assert response.status_code == 200
    assert response.content.decode().count("An exclusion was found, so record the referral") == 3
    assert not IntakeScreen.objects.exists() and not Referral.objects.exists()


def test_an_exclusion_with_a_referral_is_recorded(people, owner):
    data = intake_post(
        mania="yes",
        referred_to="Community mental health team",
        referral_reason="Elevated mood for a week.",
        referred_on="2026-09-07",
    )
    response = owner.post(url("course_intake", people.episode), data)
    assert response.url == url("course", people.episode)
    referral = Referral.objects.get()
    assert referral.referred_to == "Community mental health team"
    assert referral.intake_screen.exclusions == ["Mania"]
    assert actions_logged()[-2:] == ["course.intake_recorded", "course.referral_recorded"]


# --- starting ----------------------------------------------------------------------------


def test_starting_needs_an_intake_screen_first(people, owner):
    response = owner.get(url("course_start", people.episode))
    assert response.url == url("course_intake", people.episode)


def test_start_is_blocked_by_an_exclusion_and_audited(people, owner):
    builders.record_intake(
        people.owner,
        people.episode,
        psychosis=True,
        referral={
            "referred_to": "Early intervention",
            "reason": "Voices",
            "referred_on": date.today(),
        },
    )
    response = owner.post(url("course_start", people.episode), start_post())
    assert response.status_code == 200
    page = response.content.decode()
    assert "found psychosis, so IPT is not suitable as the main treatment" in page
    assert 'id="id_override_reason_error"' in page
    assert not CoursePlan.objects.exists()
    blocked = AuditEvent.objects.filter(action="course.start_blocked").get()
    assert blocked.actor == people.owner and blocked.client == people.client


def test_start_with_an_override_reason_is_audited_with_it(people, owner):
    builders.record_intake(people.owner, people.episode, suicidal_crisis=True)
    reason = "Crisis resolved with the home treatment team; GP agrees IPT can start."
    response = owner.post(url("course_start", people.episode), start_post(override_reason=reason))
    assert response.url == url("course", people.episode)
    plan = CoursePlan.objects.get()
    assert plan.exclusion_override_reason == reason
    started = AuditEvent.objects.get(action="course.started")
    # The reason is kept on the plan; the trail says only that an exclusion was overridden.
    assert started.facts["exclusion_overridden"] is True
    assert reason not in str(started.facts) and started.detail == ""
    assert not AuditEvent.objects.filter(action="course.start_blocked").exists()


def test_start_checks_the_planned_count_against_the_modality(people, owner):
    builders.record_intake(people.owner, people.episode)
    response = owner.post(url("course_start", people.episode), start_post(planned_sessions="21"))
    assert "Individual IPT plans between 8 and 20 sessions." in response.content.decode()
    assert not CoursePlan.objects.exists()


def test_start_offers_the_organisations_default(people, owner):
    organisation = people.owner.organisation
    organisation.planned_session_defaults = {"individual_ipt": 14}
    organisation.save()
    builders.record_intake(people.owner, people.episode)
    page = owner.get(url("course_start", people.episode)).content.decode()
    assert 'name="planned_sessions" value="14"' in page


def test_an_already_started_course_is_not_started_again(people, owner):
    builders.start_course(people.owner, people.episode)
    response = owner.post(url("course_start", people.episode), start_post())
    assert response.url == url("course", people.episode)
    assert CoursePlan.objects.count() == 1


# --- the course view ---------------------------------------------------------------------


def test_course_view_says_where_we_are_and_what_is_overdue(people, owner):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=6, scheduled=7)
    # Undo "choose problem areas" to make it overdue.
    SessionTaskRecord.objects.filter(task_key="choose_problem_areas").update(status="not_done")
    response = owner.get(url("course", people.episode))
    page = response.content.decode()
    assert "Session 7 of 12 – middle phase" in page
    assert "No problem area has been chosen" in page
    assert "The end date has not been agreed" in page
    assert "Record session 7" in page
    assert "still to do from the initial phase" in page  # carried onto the next agenda
    assert page.count('class="cell phase-') == plan.planned_sessions
    assert AuditEvent.objects.filter(action="course.viewed", client=people.client).exists()


def test_course_view_without_a_course_offers_the_intake(people, owner):
    page = owner.get(url("course", people.episode)).content.decode()
    assert "Record the intake screen" in page


def test_supervisor_sees_the_course_without_change_links(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=1)
    client.force_login(people.supervisor)
    page = client.get(url("course", people.episode)).content.decode()
    assert "Session 2 of 12" in page
    assert "Record the contract" not in page and "End the course" not in page


# --- contract and phases -----------------------------------------------------------------


def contract_post(**changes):
    data = {
        "planned_sessions": "12",
        "agreed_end_date": "2026-11-23",
        "session_minutes": "50",
        "frequency": "weekly",
        "sessions_and_end_agreed_on": "2026-09-14",
        "confidentiality_explained_on": "2026-09-07",
    }
    data.update(changes)
    return data


def test_contract_is_saved_with_dates(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=2)
    response = owner.post(url("course_contract", people.episode), contract_post())
    assert response.status_code == 302
    plan = CoursePlan.objects.get()
    assert plan.agreed_end_date == date(2026, 11, 23)
    contract = TreatmentContract.objects.get()
    assert contract.confidentiality_explained_on == date(2026, 9, 7)
    assert contract.sick_role_given_on is None
    assert "course.contract_recorded" in actions_logged()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"planned_sessions": "21"}, "between 8 and 20 sessions"),
        ({"agreed_end_date": "2026-01-01"}, "cannot be before the course started"),
        ({"agreed_end_date": ""}, "Give the end date that was agreed."),
        ({"confidentiality_explained_on": "2999-01-01"}, "cannot be in the future"),
        ({"session_minutes": "500"}, "Please check the length."),
    ],
)
def test_bad_contract_input_writes_nothing(people, owner, changes, message):
    builders.course_with_sessions(people.owner, people.episode, recorded=1)
    response = owner.post(url("course_contract", people.episode), contract_post(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TreatmentContract.objects.exists()
    assert CoursePlan.objects.get().agreed_end_date is None
    assert "course.contract_recorded" not in actions_logged()


def test_contract_cannot_move_recorded_sessions_into_another_phase(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=10, scheduled=10)
    response = owner.post(
        url("course_contract", people.episode), contract_post(planned_sessions="14")
    )
    assert "would move recorded sessions into another phase (session 10)" in (
        response.content.decode()
    )
    assert CoursePlan.objects.get().planned_sessions == 12


def test_shortening_the_plan_removes_sessions_scheduled_beyond_it(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=2, scheduled=12)
    response = owner.post(
        url("course_contract", people.episode), contract_post(planned_sessions="10")
    )
    assert response.status_code == 302
    assert list(Session.objects.values_list("number", flat=True)) == list(range(1, 11))
    assert AuditEvent.objects.get(action="course.contract_recorded").facts == {
        "sessions": 10,
        "items_missing": 4,
        "unheld_removed": 2,
    }


def test_a_session_beyond_the_shortened_plan_that_holds_homework_stays(people, owner):
    # Homework set on session 11's page before the plan was shortened: the session keeps
    # it (it stays, past the plan's end) instead of the contract failing to save.
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=2, scheduled=12)
    eleventh = Session.objects.get(number=11)
    builders.free_homework(people.owner, plan.episode, session=eleventh)
    response = owner.post(
        url("course_contract", people.episode), contract_post(planned_sessions="9")
    )
    assert response.status_code == 302
    assert list(Session.objects.values_list("number", flat=True)) == [*range(1, 10), 11]
    assert AuditEvent.objects.get(action="course.contract_recorded").facts["unheld_removed"] == 2


def test_phase_boundary_moves_with_a_reason(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=3)
    data = {"initial_end": "4", "termination_start": "10", "reason": "Inventory needs longer."}
    response = owner.post(url("course_boundaries", people.episode), data)
    assert response.status_code == 302
    plan = CoursePlan.objects.get()
    assert plan.boundary_overrides == {"initial_end": 4, "termination_start": 10}
    assert plan.boundary_reason == "Inventory needs longer."
    event = AuditEvent.objects.get(action="course.boundaries_moved")
    assert event.facts == {"initial_end": 4, "termination_start": 10}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"initial_end": "4", "termination_start": "10", "reason": ""}, "This field is required."),
        ({"initial_end": "2", "termination_start": "10", "reason": "x"}, "session 3"),
        ({"initial_end": "9", "termination_start": "9", "reason": "x"}, "at least one session"),
        ({"initial_end": "4", "termination_start": "13", "reason": "x"}, "at least one session"),
    ],
)
def test_bad_boundaries_write_nothing(people, owner, data, message):
    builders.course_with_sessions(people.owner, people.episode, recorded=3)
    response = owner.post(url("course_boundaries", people.episode), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CoursePlan.objects.get().boundary_overrides == {}
    assert not AuditEvent.objects.filter(action="course.boundaries_moved").exists()


# --- sessions ----------------------------------------------------------------------------


def test_schedule_a_run_of_weekly_sessions(people, owner):
    builders.start_course(people.owner, people.episode)
    data = {"scheduled_for": "2026-09-07T10:00", "count": "3"}
    response = owner.post(url("course_schedule", people.episode), data)
    assert response.status_code == 302
    sessions = list(Session.objects.order_by("number"))
    assert [s.number for s in sessions] == [1, 2, 3]
    assert (sessions[2].scheduled_for - sessions[0].scheduled_for).days == 14


def test_cannot_schedule_beyond_the_plan(people, owner):
    builders.start_course(people.owner, people.episode, planned=8)
    data = {"scheduled_for": "2026-09-07T10:00", "count": "9"}
    response = owner.post(url("course_schedule", people.episode), data)
    assert "Only 8 more sessions can be scheduled in this plan." in response.content.decode()
    assert not Session.objects.exists()


def attendance_post(**changes):
    data = {
        "attendance-attendance": "attended",
        "attendance-held_on": "2026-09-07",
        "attendance-duration_minutes": "50",
    }
    return data | changes


def agenda_post(agenda_status="done", **changes):
    data = {}
    for task in get("individual_ipt").phase("initial").tasks:
        data[f"agenda-status_{task.key}"] = agenda_status
        data[f"agenda-note_{task.key}"] = ""
        # Nothing is recorded with the tasks' tools here: said done in the room.
        data[f"agenda-unrecorded_{task.key}"] = "on"
    return data | changes


def test_record_an_attended_session_with_its_agenda(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=0)
    response = owner.post(url("session_attendance", people.episode, 1), attendance_post())
    assert response.status_code == 302
    data = agenda_post(
        **{
            "agenda-status_timeline": "not_applicable",
            "agenda-note_timeline": "Done at assessment.",
        }
    )
    response = owner.post(url("session_agenda", people.episode, 1), data)
    assert response.status_code == 302
    session = Session.objects.get(number=1)
    assert session.attendance == "attended" and session.duration_minutes == 50
    statuses = dict(session.task_records.values_list("task_key", "status"))
    assert len(statuses) == 9 and statuses["timeline"] == "not_applicable"
    event = AuditEvent.objects.get(action="session.recorded")
    assert event.facts == {"session": 1, "attendance": "attended", "tasks_done": 0, "tasks": 0}
    event = AuditEvent.objects.get(action="session.agenda_recorded")
    assert event.facts == {"session": 1, "tasks_done": 8, "tasks": 9, "done_without_record": 5}


def test_an_attended_session_needs_its_length_and_every_agenda_row(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=0)
    data = attendance_post(**{"attendance-duration_minutes": ""})
    response = owner.post(url("session_attendance", people.episode, 1), data)
    assert response.status_code == 400
    assert "Give the length of the session in minutes." in response.content.decode()
    assert Session.objects.get().attendance == "scheduled"
    owner.post(url("session_attendance", people.episode, 1), attendance_post())
    # Neither a status nor the "done in the room" box (which alone means done).
    data = agenda_post(**{"agenda-status_timeline": "", "agenda-unrecorded_timeline": ""})
    response = owner.post(url("session_agenda", people.episode, 1), data)
    assert response.status_code == 400
    assert "Choose done, not done or not applicable." in response.content.decode()
    assert not SessionTaskRecord.objects.exists()


def test_a_missed_session_keeps_no_agenda(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=0)
    data = attendance_post(
        **{"attendance-attendance": "did_not_attend", "attendance-duration_minutes": ""}
    )
    response = owner.post(url("session_attendance", people.episode, 1), data)
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.attendance == "did_not_attend" and session.duration_minutes is None
    assert not SessionTaskRecord.objects.exists()
    response = owner.post(url("session_agenda", people.episode, 1), agenda_post())
    assert response.status_code == 400
    assert not SessionTaskRecord.objects.exists()


def test_supervisor_reads_a_session_but_cannot_record_it(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=1)
    client.force_login(people.supervisor)
    response = client.get(url("course_session", people.episode, 1))
    assert response.status_code == 200
    assert "Take the history and confirm the diagnosis" in response.content.decode()
    assert "<form" not in response.content.decode().split("<main", 1)[1]
    response = client.post(url("session_attendance", people.episode, 1), attendance_post())
    assert response.status_code == 403
    assert client.post(url("course_session", people.episode, 1), {}).status_code == 405


def test_unknown_session_number_is_404(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=1)
    assert owner.get(url("course_session", people.episode, 2)).status_code == 404


# --- counsellor mode ---------------------------------------------------------------------


@pytest.fixture
def counsellor_episode(people):
    counsellor = make_user(
        people.owner.organisation, "cora", Role.COUNSELLOR, supervisor=people.supervisor
    )
    return counsellor, make_client(counsellor, "Lee").episodes.get()


def test_counsellor_mode_shows_each_tasks_guide(counsellor_episode, client):
    counsellor, episode = counsellor_episode
    plan = builders.start_course(counsellor, episode, modality="ipc", planned=4)
    builders.schedule(counsellor, plan, 1)
    client.force_login(counsellor)
    page = client.get(url("course_session", episode, 1)).content.decode()
    assert "follow your\n" not in page  # guides are rendered as written
    assert "stop and follow your referral procedure" in page
    assert 'class="task-guide-details"' not in page  # shown in full, not folded


def test_a_counsellor_running_group_ipt_sees_the_guides(counsellor_episode, client):
    counsellor, episode = counsellor_episode
    plan = builders.start_course(counsellor, episode, modality="group_ipt", planned=8)
    builders.schedule(counsellor, plan, 1)
    client.force_login(counsellor)
    page = client.get(url("course_session", episode, 1)).content.decode()
    assert 'class="task-guide"' in page and 'class="task-guide-details"' not in page


def test_a_therapist_sees_guides_folded_away(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=0)
    page = owner.get(url("course_session", people.episode, 1)).content.decode()
    assert 'class="task-guide-details"' in page


def test_step_up_phq9_alerts_the_supervisor_when_the_course_starts(
    counsellor_episode, client, people, django_capture_on_commit_callbacks
):
    counsellor, episode = counsellor_episode
    builders.record_intake(counsellor, episode, phq9_total=21)
    with django_capture_on_commit_callbacks(execute=True):
        builders.start_course(counsellor, episode, modality="ipc", planned=4)
    alert = SupervisorAlert.objects.get()
    assert alert.supervisor == people.supervisor and alert.reason_codes == ["phq9_step_up"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [people.supervisor.email]
    assert "21" not in mail.outbox[0].body  # no clinical detail in the mail
    client.force_login(counsellor)
    page = client.get(url("course", episode)).content.decode()
    assert "Discuss this course with your supervisor" in page
    assert "The latest PHQ-9 total is 21" in page
    assert f"{people.supervisor.display_name} was told" in page


def test_tell_my_supervisor_is_not_repeated_within_a_week(counsellor_episode, client, people):
    counsellor, episode = counsellor_episode
    builders.record_intake(counsellor, episode, phq9_total=20)
    builders.start_course(counsellor, episode, modality="ipc", planned=4)
    client.force_login(counsellor)
    response = client.post(url("course_escalate", episode), follow=True)
    assert "already told" in response.content.decode()
    assert SupervisorAlert.objects.count() == 1


def test_organisation_threshold_applies(counsellor_episode, people):
    counsellor, episode = counsellor_episode
    organisation = counsellor.organisation
    organisation.step_up_phq9_threshold = 15
    organisation.save()
    builders.record_intake(counsellor, episode, phq9_total=16)
    builders.start_course(counsellor, episode, modality="ipc", planned=4)
    assert SupervisorAlert.objects.count() == 1


def test_therapist_ipt_is_not_counsellor_mode(people):
    builders.record_intake(people.owner, people.episode, phq9_total=26)
    builders.start_course(people.owner, people.episode)
    assert not SupervisorAlert.objects.exists()


# --- ending ------------------------------------------------------------------------------


def end_post(**changes):
    data = {
        "ended_on": date.today().isoformat(),
        "reason": "completed",
        **phq9_items(6),
        "problem_area_progress": "Talks with her sister again.",
        "future_plan": "Keep the weekly call; relapse plan on the fridge.",
        "follow_up": "none",
        "follow_up_interval_weeks": "4",
        "close": "on",
    }
    data.update(changes)
    return data


def test_end_the_course_with_boosters_and_close_the_episode(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=12)
    data = end_post(follow_up="booster", follow_up_first_on="2027-01-04", follow_up_count="2")
    response = owner.post(url("course_end", people.episode), data)
    assert response.status_code == 302
    ending = CourseEnding.objects.get()
    # First: the intake screen's total (typed by the builder); last: the PHQ-9 just asked.
    assert ending.reason == "completed" and (ending.first_phq9, ending.last_phq9) == (14, 6)
    assert people.episode.administrations.get().total == 6
    boosters = list(FollowUpSession.objects.values_list("scheduled_for", flat=True))
    assert boosters == [date(2027, 1, 4), date(2027, 2, 1)]
    assert Episode.objects.get(pk=people.episode.pk).status == "closed"
    assert actions_logged()[-2:] == ["course.ended", "episode.closed"]
    page = owner.get(url("course", people.episode)).content.decode()
    assert "End-of-course summary" in page and "Booster sessions: " in page
    # Each booster links to its own page (issue 14: boosters are recorded sessions).
    for booster in FollowUpSession.objects.all():
        link = reverse("clinic:course_follow_up", args=[people.episode.pk, booster.pk])
        assert f'<a href="{link}">{booster.scheduled_for:%-d %b %Y}</a>' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": "dropped_out"}, "Give the number of sessions missed."),
        ({"reason": "referred_on"}, "Give the service or person"),
        ({"follow_up": "maintenance"}, "Needed to schedule the follow-up sessions."),
        ({"phq9-item_q9": ""}, "An answer is needed for “Thoughts of death or self-harm”."),
        ({"future_plan": ""}, "This field is required."),
    ],
)
def test_bad_ending_writes_nothing(people, owner, changes, message):
    builders.course_with_sessions(people.owner, people.episode, recorded=2)
    response = owner.post(url("course_end", people.episode), end_post(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CourseEnding.objects.exists() and not FollowUpSession.objects.exists()
    assert not people.episode.administrations.exists()
    assert Episode.objects.get(pk=people.episode.pk).status == "open"


def test_drop_out_offers_the_missed_sessions_count(people, owner):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=4, scheduled=6)
    for session in Session.objects.filter(number__in=[5, 6]):
        builders.record(people.owner, plan, session, attendance="did_not_attend")
    page = owner.get(url("course_end", people.episode)).content.decode()
    assert 'name="missed_sessions" value="2"' in page


def test_an_ended_course_cannot_be_changed(people, owner):
    builders.course_with_sessions(people.owner, people.episode, recorded=12)
    owner.post(url("course_end", people.episode), end_post())
    response = owner.get(url("course_contract", people.episode))
    assert response.url == url("course", people.episode)
    response = owner.post(url("session_attendance", people.episode, 12), attendance_post())
    assert response.status_code == 403


# --- fidelity ----------------------------------------------------------------------------


def test_episode_fidelity_names_missing_and_skipped_tasks(people, client):
    plan = builders.start_course(people.owner, people.episode)
    sessions = builders.schedule(people.owner, plan, 4)
    for session in sessions[:3]:
        builders.record(people.owner, plan, session, skip={"timeline"})
    builders.record(people.owner, plan, sessions[3], status="not_done")
    client.force_login(people.supervisor)
    response = client.get(url("course_fidelity", people.episode))
    page = response.content.decode()
    assert "Draw the timeline of mood and life events" in page.split('id="skipped-h"')[1]
    assert "Missing (5)" in page  # the five middle tasks at session 4
    assert AuditEvent.objects.filter(action="course.fidelity_viewed").exists()


def test_team_fidelity_lists_only_the_supervisors_team(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=3)
    builders.course_with_sessions(
        people.unrelated, people.another_client.episodes.get(), recorded=1
    )
    client.force_login(people.supervisor)
    page = client.get(reverse("clinic:fidelity")).content.decode()
    assert people.client.reference in page
    assert people.another_client.reference not in page
    assert "100%" in page


def test_team_fidelity_is_for_supervisors(people, client):
    for person in (people.owner, people.admin, people.unrelated):
        client.force_login(person)
        assert client.get(reverse("clinic:fidelity")).status_code == 403


def test_admin_sees_no_clinical_course_content(people, client):
    builders.course_with_sessions(people.owner, people.episode, recorded=1)
    client.force_login(people.admin)
    for name, args in [
        ("course", ()),
        ("course_session", (1,)),
        ("course_fidelity", ()),
        ("course_intake", ()),
    ]:
        assert client.get(url(name, people.episode, *args)).status_code == 403


# --- organisation defaults ---------------------------------------------------------------


def test_planned_session_defaults_are_validated(people):

    organisation = people.admin.organisation
    with pytest.raises(ValueError, match="8-16 sessions by default"):
        set_planned_session_defaults(people.admin, organisation, {"individual_ipt": 17})
    organisation.refresh_from_db()
    assert organisation.planned_session_defaults == {}
    set_planned_session_defaults(people.admin, organisation, {"individual_ipt": 14, "ipc": 6})
    organisation.refresh_from_db()
    assert organisation.planned_session_defaults == {"individual_ipt": 14, "ipc": 6}
    assert AuditEvent.objects.filter(action="organisation.planned_defaults_set").exists()


def test_measures_given_at_sessions_count_towards_fidelity(people, client):

    plan = builders.course_with_sessions(people.owner, people.episode, recorded=1)
    session = Session.objects.get(number=1)
    for code in ("phq9", "gad7"):
        record_administration(
            people.owner,
            people.episode,
            code,
            answers_totalling(instruments.QUESTIONNAIRES[code], 8),
            administered_on=session.held_on,
            respondent="client_in_session",
            session=session,
        )
    course = builders.load_courses_for(plan)
    assert (course.fidelity.measures_completed, len(course.fidelity.measures)) == (2, 2)
    client.force_login(people.owner)
    page = client.get(url("course_fidelity", people.episode)).content.decode()
    assert "100% (2 of 2)" in page


def test_the_ending_page_leads_to_the_relapse_prevention_plan(people, owner):

    builders.course_with_sessions(people.owner, people.episode, recorded=12)
    page = owner.get(url("course_end", people.episode)).content.decode()
    assert "No relapse-prevention plan has been written yet" in page
    save_relapse_plan(people.owner, people.episode, {"warning_signs": "Sleeping badly"})
    page = owner.get(url("course_end", people.episode)).content.decode()
    assert "The relapse-prevention plan was last updated on" in page


def test_a_scheduled_session_can_be_moved_with_a_reason(people, owner):
    builders.started_course(people)
    reschedule = reverse("clinic:course_reschedule", args=[people.episode.pk, 1])
    missing = owner.post(reschedule, {"scheduled_for": "2026-12-01T14:30", "reason": ""})
    assert "This field is required." in missing.content.decode()
    assert not AuditEvent.objects.filter(action="session.rescheduled").exists()
    owner.post(reschedule, {"scheduled_for": "2026-12-01T14:30", "reason": "Client is away"})
    session = Session.objects.get(episode=people.episode, number=1)
    assert (
        timezone.localtime(session.scheduled_for).strftime("%Y-%m-%d %H:%M") == "2026-12-01 14:30"
    )
    event = AuditEvent.objects.get(action="session.rescheduled")
    # The reason stays with the session, not in the audit trail.
    assert event.facts == {"session": 1}
    move = session.moves.get()
    assert (move.reason, move.moved_by, event.object_id) == (
        "Client is away",
        people.owner,
        str(move.pk),
    )
    page = owner.get(url("course_session", people.episode, 1)).content.decode()
    assert "Moved from" in page and "Client is away" in page


def test_a_recorded_session_keeps_its_date(people, owner):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=1)
    response = owner.get(reverse("clinic:course_reschedule", args=[people.episode.pk, 1]))
    assert response.url == url("course", people.episode)
    assert plan.episode.sessions.get(number=1).is_recorded


def test_the_agenda_lists_the_strategies_chosen_for_the_problem_area(people, owner):

    builders.started_course(people)
    ProblemArea.objects.create(
        episode=people.episode,
        area="grief",
        chosen_on=date(2026, 9, 10),
        chosen_by=people.owner,
        planned_strategies=["grief_relationship"],
    )
    page = owner.get(url("course_session", people.episode, 1)).content.decode()
    assert "Working on the problem area" in page
    assert "Go through the relationship before, during and after the death" in page
