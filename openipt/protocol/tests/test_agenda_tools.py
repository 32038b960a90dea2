"""Agenda ticks mean something (issue 19, item 2): a task with a tool links to it and says
whether it holds a record; ticking it done with nothing recorded needs the reason "done in
the room, not recorded", which fidelity counts apart."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from openipt.formulation.models import InventoryPerson
from openipt.protocol import actions, tools
from openipt.protocol.course import CourseFacts, SessionFact, TaskFact
from openipt.protocol.fidelity import episode_fidelity
from openipt.protocol.modalities import SHIPPED, get
from openipt.protocol.models import CourseFidelity, SessionTaskRecord
from openipt.protocol.tests import builders
from openipt.worksheets.actions import mark_homework_done_on_paper, mark_homework_reviewed
from openipt.worksheets.models import Homework

IPT = get("individual_ipt")
HTMX = {"HTTP_HX_REQUEST": "true"}


# --- which task needs what --------------------------------------------------------------


@pytest.mark.parametrize(
    ("task_key", "tool_key", "scope"),
    [
        ("symptom_measure", "starting_scores", tools.EPISODE),
        ("interpersonal_inventory", "inventory", tools.EPISODE),
        ("timeline", "timeline", tools.EPISODE),
        ("choose_problem_areas", "problem_area", tools.EPISODE),
        ("agree_goals", "goals", tools.EPISODE),
        ("treatment_contract", "contract", tools.EPISODE),
        ("open_with_measure", "session_measure", tools.SESSION),
        ("review_homework", "homework_review", tools.SESSION),
        ("set_homework", "homework_set", tools.SESSION),
        ("relapse_prevention_plan", "relapse_plan", tools.EPISODE),
        ("review_relapse_plan", "relapse_plan", tools.EPISODE),
        ("start_rhythm_tracking", "rhythm", tools.EPISODE),
        ("psychoeducation", None, None),
        ("sick_role", None, None),
        ("mood_check_in", None, None),
        ("problem_area_work", None, None),
        ("feelings_about_ending", None, None),
    ],
)
def test_which_task_needs_which_tool(task_key, tool_key, scope):
    tool = tools.tool_for(task_key)
    assert (tool.key if tool else None, tool.scope if tool else None) == (tool_key, scope)


def test_every_mapped_task_is_a_shipped_task_and_every_tool_has_a_check():
    shipped = {task.key for modality in SHIPPED for task in modality.tasks}
    assert set(tools.TASK_TOOLS) <= shipped
    assert {tool.key for tool in tools.TASK_TOOLS.values()} <= set(tools._CHECKS)


# --- the agenda refuses a tick with nothing behind it ----------------------------------------


@pytest.fixture
def session_one(people):
    plan = builders.start_course(people.owner, people.episode)
    (session,) = builders.schedule(people.owner, plan, 1)
    actions.record_attendance(
        people.owner, session, held_on=date(2026, 9, 7), duration_minutes=50, attendance="attended"
    )
    return session


@pytest.fixture
def owner(client, people):
    client.force_login(people.owner)
    return client


def agenda_url(session):
    return reverse("clinic:session_agenda", args=[session.episode_id, session.number])


def initial_agenda(**changes):
    """Every initial task done, none "done in the room"."""
    data = {f"agenda-status_{task.key}": "done" for task in IPT.phase("initial").tasks}
    return data | changes


def test_a_done_tick_with_nothing_recorded_is_refused_next_to_its_row(owner, session_one):
    response = owner.post(agenda_url(session_one), initial_agenda(), **HTMX)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_agenda-status_interpersonal_inventory_error"' in page
    assert "Nothing is recorded in Interpersonal inventory yet" in page
    assert 'name="agenda-unrecorded_interpersonal_inventory"' in page
    assert not SessionTaskRecord.objects.filter(session=session_one).exists()


def test_the_action_refuses_it_too_and_writes_nothing(people, session_one):
    with pytest.raises(actions.TaskNotRecorded) as refused:
        actions.record_agenda(
            people.owner, session_one, tasks=[("interpersonal_inventory", "done", "")]
        )
    assert refused.value.keys == ("interpersonal_inventory",)
    # Named by its tool in the reader's language (the view shows the message as it is).
    with translation.override("nl"):
        assert "Er is nog niets vastgelegd in" in str(actions.TaskNotRecorded(refused.value.keys))
    assert not SessionTaskRecord.objects.filter(session=session_one).exists()


def test_done_in_the_room_is_accepted_and_kept_on_the_row(owner, session_one):
    reasons = {f"agenda-unrecorded_{task.key}": "on" for task in IPT.phase("initial").tasks}
    response = owner.post(agenda_url(session_one), initial_agenda(**reasons))
    assert response.status_code == 302
    kept = dict(
        SessionTaskRecord.objects.filter(session=session_one).values_list(
            "task_key", "done_without_record"
        )
    )
    # Tasks with a tool are marked; tasks with no tool never are.
    assert kept["interpersonal_inventory"] and kept["timeline"] and kept["symptom_measure"]
    assert not kept["psychoeducation"] and not kept["sick_role"]
    assert CourseFidelity.objects.get(episode=session_one.episode).tasks_without_record == 6


def test_a_task_whose_tool_holds_a_record_needs_no_reason(owner, people, session_one):
    InventoryPerson.objects.create(episode=session_one.episode, created_by=people.owner)
    page = owner.get(
        reverse("clinic:course_session", args=[session_one.episode_id, 1])
    ).content.decode()
    assert 'name="agenda-unrecorded_interpersonal_inventory"' not in page
    assert 'name="agenda-unrecorded_timeline"' in page
    assert reverse("clinic:inventory", args=[session_one.episode_id]) in page
    others = {
        f"agenda-status_{task.key}": "not_applicable"
        for task in IPT.phase("initial").tasks
        if task.key != "interpersonal_inventory"
    }
    response = owner.post(agenda_url(session_one), initial_agenda(**others))
    assert response.status_code == 302
    row = SessionTaskRecord.objects.get(session=session_one, task_key="interpersonal_inventory")
    assert row.status == "done" and not row.done_without_record


# --- fidelity counts them apart -----------------------------------------------------------


def test_fidelity_counts_done_without_record_apart():
    tasks = (
        TaskFact(1, "interpersonal_inventory", "done", "", True),
        TaskFact(1, "timeline", "done"),
        TaskFact(1, "psychoeducation", "done"),
    )
    result = episode_fidelity(
        CourseFacts(IPT, 12, sessions=(SessionFact(1, "attended"),), tasks=tasks)
    )
    assert [unit.task_key for unit in result.done_without_record] == ["interpersonal_inventory"]
    # Still done: the share is unchanged; the count apart says how many had no record.
    assert len(result.done) == 3


def test_the_fidelity_pages_show_done_not_recorded(client, people, session_one):
    actions.record_agenda(
        people.owner,
        session_one,
        tasks=[("interpersonal_inventory", "done", "")],
        without_record={"interpersonal_inventory"},
    )
    client.force_login(people.supervisor)
    page = client.get(
        reverse("clinic:course_fidelity", args=[session_one.episode_id])
    ).content.decode()
    assert "Done, not recorded</dt><dd>1</dd>" in page
    team = client.get(reverse("clinic:fidelity")).content.decode()
    assert "Done, not recorded" in team


def test_the_done_in_the_room_box_ticked_alone_means_done(owner, session_one):
    """One tick, not two: the box says the task was done, in the room."""
    data = initial_agenda()
    with_tools = [t.key for t in IPT.phase("initial").tasks if tools.tool_for(t.key)]
    for key in with_tools:
        del data[f"agenda-status_{key}"]
        data[f"agenda-unrecorded_{key}"] = "on"
    response = owner.post(agenda_url(session_one), data)
    assert response.status_code == 302
    kept = {
        r.task_key: (r.status, r.done_without_record)
        for r in SessionTaskRecord.objects.filter(session=session_one)
    }
    assert len(with_tools) == 6
    assert all(kept[key] == ("done", True) for key in with_tools)


def test_a_task_left_without_status_or_box_is_still_refused(owner, session_one):
    data = initial_agenda()
    del data["agenda-status_psychoeducation"]
    response = owner.post(agenda_url(session_one), data, **HTMX)
    assert response.status_code == 422
    assert not SessionTaskRecord.objects.filter(session=session_one).exists()


# --- every tool of an agenda in one query --------------------------------------------------


def test_a_homework_review_counts_on_the_local_day_the_session_was_held(people, session_one):
    """Reviews carry no session: a review counts for the session held on its local day
    (Europe/London here, summer time on 7 September), from midnight to midnight, now that
    the day is a range in the query rather than each review's date read in Python."""

    london = ZoneInfo("Europe/London")
    homework = builders.free_homework(people.owner, people.episode)
    for at, counted in [
        (datetime(2026, 9, 6, 23, 59, tzinfo=london), False),
        (datetime(2026, 9, 7, 0, 0, tzinfo=london), True),
        (datetime(2026, 9, 7, 23, 59, tzinfo=london), True),
        (datetime(2026, 9, 8, 0, 0, tzinfo=london), False),
    ]:
        Homework.objects.filter(pk=homework.pk).update(reviewed_at=at)
        assert tools.is_recorded(tools.HOMEWORK_REVIEW, people.episode.pk, session_one) is counted


def test_a_homework_review_made_in_a_session_counts_there_not_in_another_that_day(people):
    plan = builders.start_course(people.owner, people.episode)
    first, second = builders.schedule(people.owner, plan, 2)
    for session in (first, second):  # two sessions held on one day
        actions.record_attendance(
            people.owner,
            session,
            held_on=date(2026, 9, 7),
            duration_minutes=50,
            attendance="attended",
        )
    homework = builders.free_homework(people.owner, people.episode)
    mark_homework_done_on_paper(people.owner, homework, session=first)
    assert Homework.objects.get(pk=homework.pk).reviewed_in_session_id == first.pk
    assert tools.is_recorded(tools.HOMEWORK_REVIEW, people.episode.pk, first)
    assert not tools.is_recorded(tools.HOMEWORK_REVIEW, people.episode.pk, second)
    # Reviewed again in the second session, it stays the first one's (where it was done).
    mark_homework_reviewed(people.owner, homework, comment="Seen again.", session=second)
    assert Homework.objects.get(pk=homework.pk).reviewed_in_session_id == first.pk


def test_homework_commented_on_first_is_tied_to_the_session_that_goes_over_it(people, session_one):
    homework = builders.free_homework(people.owner, people.episode)
    Homework.objects.filter(pk=homework.pk).update(
        status="submitted", reviewed_at=datetime(2026, 9, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    )
    # Commented on days before the session: not that session's review yet.
    assert not tools.is_recorded(tools.HOMEWORK_REVIEW, people.episode.pk, session_one)
    mark_homework_reviewed(people.owner, homework, session=session_one)
    assert tools.is_recorded(tools.HOMEWORK_REVIEW, people.episode.pk, session_one)


def test_every_tool_of_an_agenda_is_asked_in_one_query(
    people, session_one, django_assert_num_queries
):
    keys = [task.key for task in IPT.phase("initial").tasks]
    with django_assert_num_queries(1):
        missing = tools.unrecorded(keys, session_one)
    InventoryPerson.objects.create(episode=people.episode, created_by=people.owner)
    assert "interpersonal_inventory" in missing
    assert "interpersonal_inventory" not in tools.unrecorded(keys, session_one)
