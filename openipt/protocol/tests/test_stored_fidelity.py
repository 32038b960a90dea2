"""Stored fidelity (protocol.models.CourseFidelity) is kept up to date by the actions.

The property test drives a course through random sequences of the real actions (sessions
scheduled, recorded, missed or cancelled, measures given at sessions, homework set, sent
and reviewed, the contract, the phase boundaries, the relapse-prevention plan, the ending,
the organisation's start and end measures) and checks after every step that the stored
row is exactly what a rebuild from the records writes. Table tests check the rest: the
rebuild command, a rolled-back change, and the start and end measures.
"""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openipt.caseload.actions import remove_episode_made_in_error
from openipt.measures import actions as measure_actions
from openipt.measures import instruments
from openipt.measures.tests.builders import quietest_answers
from openipt.protocol import actions, course, fidelity_store
from openipt.protocol.models import CourseFidelity, CoursePlan, Session
from openipt.protocol.tests import builders
from openipt.testing.people import make_client
from openipt.worksheets import actions as worksheet_actions
from openipt.worksheets.models import Homework

START = builders.START
ATTENDANCE = ("attended", "attended", "attended", "did_not_attend", "cancelled_client")


def stored(episode):
    return fidelity_store.stored_values(CourseFidelity.objects.get(episode=episode))


def rebuilt(episode):
    (row,) = fidelity_store.computed_rows(CoursePlan.objects.filter(episode=episode))
    return fidelity_store.stored_values(row)


class CourseDriver:
    """Applies events to one course as the pages would allow them (an event that the
    pages would refuse at this point is skipped)."""

    def __init__(self, people, modality, planned, held):
        """A course of `planned` sessions whose first `held` were attended, every agenda
        task done, so that examples start anywhere in a course."""
        self.actor = people.owner
        self.organisation = people.owner.organisation
        self.episode = make_client(people.owner, "Driven").episodes.get()
        self.plan = builders.course_with_sessions(
            self.actor, self.episode, modality=modality, planned=planned, recorded=held
        )

    # --- helpers ------------------------------------------------------------------------

    def fresh_plan(self):
        return CoursePlan.objects.select_related("episode__client").get(pk=self.plan.pk)

    def sessions(self):
        return list(Session.objects.filter(episode=self.episode).order_by("number"))

    def ended(self):
        return hasattr(self.fresh_plan().episode, "course_ending")

    def pick(self, rows, index):
        return rows[index % len(rows)] if rows else None

    # --- events -------------------------------------------------------------------------

    def schedule(self, count):
        plan = self.fresh_plan()
        free = plan.planned_sessions - len(self.sessions())
        if self.ended() or free < 1:
            return
        actions.schedule_sessions(
            self.actor, plan, first_at=builders.at(START), count=min(count, free)
        )

    def record(self, attendance, status):
        waiting = [s for s in self.sessions() if not s.is_recorded]
        if self.ended() or not waiting:
            return
        session = waiting[0]
        facts = builders.load_facts(self.fresh_plan())
        agenda = course.agenda_for(facts, session.number) if attendance == "attended" else []
        statuses = ("done", "not_done", "not_applicable")
        tasks = [
            (item.task.key, statuses[(status + i) % 3] if status else "done", "")
            for i, item in enumerate(agenda)
        ]
        actions.record_session(
            self.actor,
            Session.objects.select_related("episode__client").get(pk=session.pk),
            held_on=START + timedelta(weeks=session.number - 1),
            duration_minutes=50,
            attendance=attendance,
            tasks=tasks,
            without_record={key for key, _, _ in tasks},
        )

    def cancel(self, _):
        waiting = [s for s in self.sessions() if not s.is_recorded]
        if self.ended() or not waiting:
            return
        actions.cancel_session(
            self.actor,
            Session.objects.select_related("episode__client").get(pk=waiting[-1].pk),
            cancelled_by="cancelled_clinician",
        )

    def measure(self, code, index):
        session = self.pick(self.sessions(), index)
        measure_actions.record_administration(
            self.actor,
            self.episode,
            code,
            quietest_answers(instruments.QUESTIONNAIRES[code]),
            administered_on=START,
            respondent="client_in_session",
            session=session,
        )

    def set_homework(self, index):
        """Homework set at one of the latest attended sessions (or at none: then it
        counts for the session held last before today)."""
        latest = [s for s in reversed(self.sessions()) if s.attended]
        worksheet_actions.assign_homework(
            self.actor,
            self.episode,
            worksheet="",
            title="Try one conversation",
            instructions="",
            due_on=START + timedelta(weeks=20),
            session=self.pick(latest, index // 2) if index % 2 == 0 else None,
        )

    def homework_round(self, index, sent, reviewed):
        """Homework set at an attended middle-phase session (if any), then sent and
        reviewed, each step checked: the path random events rarely take in that order."""
        boundaries = self.fresh_plan().boundaries
        attended = [s for s in self.sessions() if s.attended]
        middle = [s for s in attended if boundaries.phase_of(s.number) == "middle"]
        worksheet_actions.assign_homework(
            self.actor,
            self.episode,
            worksheet="",
            title="Agree the weekend plan",
            instructions="",
            due_on=START + timedelta(weeks=20),
            session=self.pick(middle or attended, index),
        )
        self.check()
        if sent:
            self.send_homework(-1)
            self.check()
        if reviewed:
            self.review_homework(0)

    def check(self):
        assert stored(self.episode) == rebuilt(self.episode)

    def send_homework(self, index):
        waiting = list(
            Homework.objects.filter(episode=self.episode).exclude(status="submitted").order_by("pk")
        )
        piece = self.pick(waiting, index)
        if piece is not None:
            worksheet_actions.submit_homework(
                self.episode.client.user or self.actor, piece, {"notes": "Done."}
            )

    def review_homework(self, index):
        pieces = Homework.objects.filter(episode=self.episode).order_by("reviewed_at", "pk")
        sent = [piece for piece in pieces if piece.is_submitted and piece.reviewed_at is None]
        piece = self.pick(sent or list(pieces), index)
        if piece is not None:
            worksheet_actions.comment_on_homework(self.actor, piece, text="Well done.")

    def relapse_plan(self, _):
        worksheet_actions.save_relapse_plan(self.actor, self.episode, {"warning_signs": "Sleep."})

    def contract(self, extra):
        plan = self.fresh_plan()
        allowed = plan.definition.planned_sessions
        recorded = [s.number for s in self.sessions() if s.is_recorded]
        planned = min(
            max(allowed.minimum, max(recorded, default=0), plan.planned_sessions + extra),
            allowed.maximum,
        )
        if self.ended() or course.rephased_sessions(
            plan.definition,
            recorded,
            (plan.planned_sessions, plan.boundary_overrides),
            (planned, plan.boundary_overrides),
        ):
            return
        actions.record_contract(
            self.actor,
            plan,
            planned_sessions=planned,
            agreed_end_date=START + timedelta(weeks=planned) if extra % 2 else None,
            session_minutes=50,
            frequency="weekly",
            sessions_and_end_agreed_on=START,
            length_and_frequency_agreed_on=START,
            confidentiality_explained_on=START if extra > 0 else None,
            psychoeducation_given_on=START,
            sick_role_given_on=START,
            measures_consent_on=START,
        )

    def boundaries(self, offset):
        """Move the end of the initial phase to just after the last recorded session (or
        further): the next session changes phase, as the page allows."""
        plan = self.fresh_plan()
        recorded = [s.number for s in self.sessions() if s.is_recorded]
        initial_end = max(recorded, default=0) + offset
        overrides = {"initial_end": initial_end}
        try:
            moved = course.rephased_sessions(
                plan.definition,
                recorded,
                (plan.planned_sessions, plan.boundary_overrides),
                (plan.planned_sessions, overrides),
            )
        except ValueError:
            return
        if self.ended() or moved:
            return
        actions.move_boundaries(
            self.actor,
            plan,
            initial_end=initial_end,
            termination_start=None,
            reason="The client needed longer to settle.",
        )

    def end(self, reason):
        if self.ended():
            return
        measure_actions.end_course(
            self.actor,
            self.fresh_plan(),
            ended_on=START + timedelta(weeks=20),
            reason=("completed", "dropped_out")[reason % 2],
            problem_area_progress="Fewer arguments.",
            future_plan="Keep the Sunday calls.",
        )

    def start_end_measures(self, index):
        choices = ([], ["wsas"], ["gad7", "waisr"], ["phqa"])
        organisation = type(self.organisation).objects.get(pk=self.organisation.pk)
        actions.set_start_end_measures(self.actor, organisation, choices[index % len(choices)])


EVENTS = st.one_of(
    st.tuples(st.just("schedule"), st.integers(1, 4)),
    st.tuples(st.just("record"), st.sampled_from(ATTENDANCE), st.integers(0, 3)),
    st.tuples(st.just("cancel"), st.just(0)),
    st.tuples(st.just("measure"), st.sampled_from(("phq9", "gad7", "wsas")), st.integers(0, 20)),
    # Homework three times over, so that it is set, sent and reviewed in most examples.
    st.tuples(st.just("set_homework"), st.integers(0, 5)),
    st.tuples(st.just("send_homework"), st.integers(0, 3)),
    st.tuples(st.just("review_homework"), st.integers(0, 3)),
    *[st.tuples(st.just("homework_round"), st.integers(0, 5), st.booleans(), st.booleans())] * 3,
    st.tuples(st.just("relapse_plan"), st.just(0)),
    st.tuples(st.just("contract"), st.integers(-2, 3)),
    st.tuples(st.just("boundaries"), st.integers(0, 2)),
    st.tuples(st.just("end"), st.integers(0, 1)),
    st.tuples(st.just("start_end_measures"), st.integers(0, 3)),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    modality=st.sampled_from(("individual_ipt", "ipc")),
    held=st.integers(0, 12),  # IPC plans 6: more than 6 is taken as 6
    events=st.lists(EVENTS, min_size=3, max_size=25),
)
def test_any_sequence_of_actions_leaves_what_a_rebuild_writes(
    people, django_capture_on_commit_callbacks, modality, held, events
):
    planned = {"individual_ipt": 12, "ipc": 6}[modality]
    driver = CourseDriver(people, modality, planned, min(held, planned))
    assert stored(driver.episode) == rebuilt(driver.episode)
    for name, *arguments in events:
        # The task queued after a change of the start and end measures runs once the
        # change commits, as the worker would run it.
        with django_capture_on_commit_callbacks(execute=True):
            getattr(driver, name)(*arguments)
        assert stored(driver.episode) == rebuilt(driver.episode), (name, arguments)


# --- table tests -------------------------------------------------------------------------


def test_a_course_gets_its_row_when_it_starts(people):
    plan = builders.start_course(people.owner, people.episode)
    row = CourseFidelity.objects.get(episode=people.episode)
    assert (row.modality, row.stage, row.sessions_recorded, row.score) == (
        plan.modality,
        "initial",
        0,
        None,
    )


def test_a_change_that_rolls_back_leaves_the_row_as_it_was(people):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=1, scheduled=2)
    before = stored(people.episode)
    session = Session.objects.select_related("episode__client").get(episode=plan.episode, number=2)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.record_session(
            people.owner,
            session,
            held_on=START + timedelta(weeks=1),
            duration_minutes=50,
            attendance="did_not_attend",
        )
        assert stored(people.episode) != before  # changed inside the transaction
        raise RuntimeError("the rest of the change failed")
    assert stored(people.episode) == before


def test_rebuild_command_restores_rows_and_check_reports_differences(people):
    builders.course_with_sessions(people.owner, people.episode, recorded=3)
    expected = stored(people.episode)
    CourseFidelity.objects.filter(episode=people.episode).update(tasks_missing=99, score=0.0)
    with pytest.raises(CommandError, match="1 course"):
        call_command("rebuild_fidelity", "--check")
    call_command("rebuild_fidelity")
    assert stored(people.episode) == expected
    call_command("rebuild_fidelity", "--check")
    CourseFidelity.objects.filter(episode=people.episode).delete()
    call_command("rebuild_fidelity")
    assert stored(people.episode) == expected


def test_start_and_end_measures_mark_rows_stale_until_the_task_recomputes_them(
    people, django_capture_on_commit_callbacks
):
    builders.course_with_sessions(people.owner, people.episode, recorded=1)
    assert stored(people.episode)["measures_expected"] == 2  # PHQ-9 and GAD-7 at session 1
    organisation = people.owner.organisation
    with django_capture_on_commit_callbacks(execute=False) as queued:
        actions.set_start_end_measures(people.admin, organisation, ["phqa"])
    assert CourseFidelity.objects.get(episode=people.episode).stale
    assert len(queued) == 1
    queued[0]()  # the worker runs the task
    row = stored(people.episode)
    assert not row["stale"]
    # Without the PHQ-A offered, its substitutes (PHQ-9, already expected, and the ASQ).
    assert row == rebuilt(people.episode) and row["measures_expected"] == 3


def test_start_and_end_measures_refuse_an_unknown_code(people):
    organisation = people.owner.organisation
    with pytest.raises(ValueError, match="not an instrument: bdi"):
        actions.set_start_end_measures(people.admin, organisation, ["gad7", "bdi"])
    organisation.refresh_from_db()
    assert organisation.start_end_measures == []


def test_a_measure_given_outside_a_session_changes_nothing_stored(people):
    builders.course_with_sessions(people.owner, people.episode, recorded=1)
    before = stored(people.episode)
    measure_actions.record_administration(
        people.owner,
        people.episode,
        "phq9",
        quietest_answers(instruments.QUESTIONNAIRES["phq9"]),
        administered_on=date(2026, 9, 8),
        respondent="client_in_session",
    )
    assert stored(people.episode) == before == rebuilt(people.episode)


def test_an_erasure_that_takes_the_scores_recomputes_the_row(people):
    """Erasure without scores deletes the measures the row counted: the row follows."""
    builders.course_with_sessions(people.owner, people.episode, recorded=1)
    session = Session.objects.get(episode=people.episode, number=1)
    measure_actions.record_administration(
        people.owner,
        people.episode,
        "phq9",
        quietest_answers(instruments.QUESTIONNAIRES["phq9"]),
        administered_on=START,
        respondent="client_in_session",
        session=session,
    )
    assert stored(people.episode)["measures_taken"] == 1
    remove_episode_made_in_error(people.admin, people.episode, reason="wrong_client")
    assert stored(people.episode)["measures_taken"] == 0
    assert stored(people.episode) == rebuilt(people.episode)
