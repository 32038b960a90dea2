"""Course-state rules (course.py): where we are, overdue items, agendas, plan changes.

Pure and table-driven: facts in, answers out, no database.
"""

import pytest
from django.utils import translation

from openipt.protocol import course
from openipt.protocol.course import CourseFacts, SessionFact, TaskFact
from openipt.protocol.modalities import MODALITIES, get

IPT = get("individual_ipt")
IPC = get("ipc")


def sessions(spec):
    """'AADC.' -> session facts: A attended, D did not attend, C cancelled by client,
    K cancelled by clinician, . scheduled."""
    codes = {
        "A": "attended",
        "D": "did_not_attend",
        "C": "cancelled_client",
        "K": "cancelled_clinician",
        ".": "scheduled",
    }
    return tuple(SessionFact(n, codes[c]) for n, c in enumerate(spec, start=1))


def done(*pairs):
    return tuple(TaskFact(number, key, "done") for number, key in pairs)


def facts(modality=IPT, planned=12, spec="", tasks=(), **extra):
    return CourseFacts(modality, planned, sessions=sessions(spec), tasks=tasks, **extra)


# --- where we are ----------------------------------------------------------------------

POSITIONS = [
    # (modality, planned, sessions, expected summary)
    (IPT, 12, "", "Session 1 of 12 - initial phase"),
    (IPT, 12, "AAAAAA", "Session 7 of 12 - middle phase"),
    (IPT, 12, "AAAAAAD..", "Session 8 of 12 - middle phase"),
    (IPT, 12, "AAAAAAAAA", "Session 10 of 12 - termination phase"),
    (IPT, 12, "AAAAAAAAAAAA", "All 12 sessions recorded"),
    (IPT, 8, "AAA", "Session 4 of 8 - middle phase"),
    (IPT, 16, "AAAAAAAAAAAAA", "Session 14 of 16 - termination phase"),
    (IPC, 3, "A", "Session 2 of 3 - working on the problem"),
    (IPC, 6, "A", "Session 2 of 6 - getting started"),
    # A recorded later session does not hide an earlier one still to record.
    (IPT, 12, "A.A", "Session 2 of 12 - initial phase"),
]


@pytest.mark.parametrize(("modality", "planned", "spec", "expected"), POSITIONS)
def test_position(modality, planned, spec, expected):
    assert course.position(facts(modality, planned, spec)).summary == expected


def test_phase_spans_count_recorded_sessions():
    spans = course.phase_spans(facts(IPT, 12, "AAAAD"))
    assert [(s.key, s.first, s.last, s.recorded) for s in spans] == [
        ("initial", 1, 3, 3),
        ("middle", 4, 9, 2),
        ("termination", 10, 12, 0),
    ]


# --- overdue ---------------------------------------------------------------------------

ALL_INITIAL_DONE = done(*((1, task.key) for task in IPT.phase("initial").tasks))
CONTRACT_DONE = {"end_date_agreed": True, "contract_missing": ()}

OVERDUE = [
    # (description, facts, expected keys)
    ("nothing recorded yet", facts(), []),
    ("session 2 of 12, contract still open", facts(spec="AA"), []),
    (
        "end of initial phase, nothing done",
        facts(spec="AAA", contract_missing=("Confidentiality explained",)),
        ["problem_area", "end_date", "contract"],
    ),
    (
        "end of initial phase, all done",
        facts(spec="AAA", tasks=ALL_INITIAL_DONE, **CONTRACT_DONE),
        [],
    ),
    (
        "problem area chosen, end date not agreed",
        facts(spec="AAA", tasks=done((2, "choose_problem_areas")), contract_missing=()),
        ["end_date"],
    ),
    (
        "problem area marked not applicable counts as settled",
        facts(
            spec="AAA",
            tasks=(TaskFact(3, "choose_problem_areas", "not_applicable"),),
            **CONTRACT_DONE,
        ),
        [],
    ),
    (
        "problem area not done (only not_done)",
        facts(
            spec="AAA", tasks=(TaskFact(3, "choose_problem_areas", "not_done"),), **CONTRACT_DONE
        ),
        ["problem_area"],
    ),
    (
        "a missed session 3 still counts as reaching it",
        facts(spec="AAD", tasks=done((2, "choose_problem_areas")), **CONTRACT_DONE),
        [],
    ),
    (
        "moved initial end: problem area due at 4",
        facts(spec="AAA", overrides={"initial_end": 4}, **CONTRACT_DONE),
        [],
    ),
    (
        "termination started without talking about ending",
        facts(spec="A" * 10, tasks=done((2, "choose_problem_areas")), **CONTRACT_DONE),
        ["termination"],
    ),
    (
        "ending discussed at session 10",
        facts(
            spec="A" * 10,
            tasks=done((2, "choose_problem_areas"), (10, "feelings_about_ending")),
            **CONTRACT_DONE,
        ),
        [],
    ),
    (
        "16 planned: termination from 14",
        facts(planned=16, spec="A" * 13, tasks=done((2, "choose_problem_areas")), **CONTRACT_DONE),
        [],
    ),
    (
        "IPC 4: end date due by session 1 (end of its initial phase)",
        facts(IPC, 4, "A", tasks=done((1, "choose_problem_areas")), contract_missing=()),
        ["end_date"],
    ),
    (
        "IPC 3: termination is the last session",
        facts(IPC, 3, "AAA", tasks=done((1, "choose_problem_areas")), **CONTRACT_DONE),
        ["termination"],
    ),
    ("an ended course has nothing overdue", facts(spec="AAA", ended=True), []),
]


@pytest.mark.parametrize(
    ("description", "given", "expected"), OVERDUE, ids=[row[0] for row in OVERDUE]
)
def test_overdue_items(description, given, expected):
    assert [item.key for item in course.overdue_items(given)] == expected


def test_overdue_messages_are_plain_sentences():
    missing = ("Confidentiality explained", "Consent to measures given")
    items = course.overdue_items(facts(spec="A" * 10, contract_missing=missing))
    messages = {item.key: item.message for item in items}
    assert "initial phase ended at session 3" in messages["problem_area"]
    assert "due by session 3" in messages["end_date"]
    assert "began at session 10" in messages["termination"]
    assert messages["contract"].endswith(
        "Not yet recorded: confidentiality explained, consent to measures given."
    )


# --- the agenda ------------------------------------------------------------------------


def keys(items):
    return [item.task.key for item in items]


def test_first_session_agenda_is_the_whole_initial_phase():
    assert keys(course.agenda_for(facts(), 1)) == [t.key for t in IPT.phase("initial").tasks]


def test_once_only_tasks_settled_earlier_leave_the_agenda():
    given = facts(
        spec="A",
        tasks=done((1, "history_and_diagnosis"), (1, "symptom_measure"))
        + (TaskFact(1, "timeline", "not_applicable"), TaskFact(1, "sick_role", "not_done")),
    )
    agenda = keys(course.agenda_for(given, 2))
    assert "history_and_diagnosis" not in agenda
    assert "timeline" not in agenda
    assert "sick_role" in agenda


def test_middle_agenda_carries_outstanding_initial_tasks_first():
    initial_done = [t.key for t in IPT.phase("initial").tasks if t.key != "choose_problem_areas"]
    given = facts(spec="AAA", tasks=done(*((1, key) for key in initial_done)))
    items = course.agenda_for(given, 4)
    assert keys(items) == ["choose_problem_areas"] + [t.key for t in IPT.phase("middle").tasks]
    assert items[0].carried_over and items[0].phase == "initial"
    assert not items[1].carried_over


def test_every_session_tasks_repeat():
    given = facts(spec="AAAA", tasks=ALL_INITIAL_DONE + done((4, "open_with_measure")))
    assert "open_with_measure" in keys(course.agenda_for(given, 5))


def test_termination_agenda():
    given = facts(spec="A" * 9, tasks=ALL_INITIAL_DONE)
    assert keys(course.agenda_for(given, 10)) == [
        "feelings_about_ending",
        "progress_review",
        "relapse_warning_signs",
        "relapse_prevention_plan",
        "further_options",
    ]


def test_tasks_recorded_for_a_session_stay_on_its_agenda():
    # Editing session 2 keeps its own rows even though session 1 settled one of them.
    given = facts(spec="AA", tasks=done((1, "timeline"), (2, "timeline")))
    assert "timeline" in keys(course.agenda_for(given, 2))


MIDDLE_EVERY_SESSION = [t.key for t in IPT.phase("middle").tasks if t.every_session]
ALL_TERMINATION_DONE = done(*((10, task.key) for task in IPT.phase("termination").tasks))

SETTLED_PHASE_AGENDAS = [
    # (description, facts, session, expected keys): a phase whose once-only tasks were all
    # settled at its first session still gives later sessions of it something to record.
    (
        "initial phase all ticked at session 1",
        facts(spec="A", tasks=ALL_INITIAL_DONE),
        2,
        ["choose_problem_areas", *MIDDLE_EVERY_SESSION],
    ),
    (
        "termination phase all ticked at session 10",
        facts(spec="A" * 10, tasks=ALL_INITIAL_DONE + ALL_TERMINATION_DONE),
        11,
        ["progress_review", *MIDDLE_EVERY_SESSION],
    ),
    (
        "one initial task left: the phase's own agenda",
        facts(spec="A", tasks=ALL_INITIAL_DONE[:-1]),
        2,
        [IPT.phase("initial").tasks[-1].key],
    ),
    (
        "the middle phase repeats its own tasks",
        facts(spec="AAAA", tasks=ALL_INITIAL_DONE),
        5,
        [t.key for t in IPT.phase("middle").tasks],
    ),
]


@pytest.mark.parametrize(
    "given,number,expected",
    [row[1:] for row in SETTLED_PHASE_AGENDAS],
    ids=[row[0] for row in SETTLED_PHASE_AGENDAS],
)
def test_agenda_when_the_phase_is_settled(given, number, expected):
    assert keys(course.agenda_for(given, number)) == expected


def test_settled_phase_items_say_where_they_come_from():
    items = course.agenda_for(facts(spec="A", tasks=ALL_INITIAL_DONE), 3)
    assert items[0].review and items[0].phase == "initial" and not items[0].borrowed
    assert all(item.borrowed and item.phase == "middle" for item in items[1:])


def test_saving_a_settled_phase_agenda_keeps_it():
    # Recording the review here must not make the borrowed tasks vanish on reload.
    given = facts(spec="AA", tasks=ALL_INITIAL_DONE + done((2, "choose_problem_areas")))
    assert keys(course.agenda_for(given, 2)) == ["choose_problem_areas", *MIDDLE_EVERY_SESSION]


@pytest.mark.parametrize("modality", list(MODALITIES.values()), ids=lambda m: m.code)
def test_no_session_of_a_fully_ticked_course_is_empty(modality):
    planned = modality.planned_sessions.maximum
    every_task = done(*((1, task.key) for task in modality.tasks))
    given = facts(modality, planned, "A", tasks=every_task)
    for number in range(2, planned + 1):
        assert course.agenda_for(given, number), (modality.key, number)


def test_optional_tasks_are_not_carried_over():
    ipt_a = get("ipt_a")
    given = facts(
        ipt_a, 12, "A" * 9, tasks=done(*((1, t.key) for t in ipt_a.phase("initial").tasks))
    )
    assert "parent_involvement_mid" not in keys(course.agenda_for(given, 10))


# --- plan changes ----------------------------------------------------------------------

REPHASED = [
    # (recorded, old (planned, overrides), new, expected)
    ([1, 2, 3], (12, {}), (14, {}), []),
    ([1, 2, 3, 4], (12, {}), (12, {"initial_end": 4}), [4]),
    ([1, 2, 3], (12, {}), (12, {"initial_end": 4}), []),
    ([*range(1, 11)], (12, {}), (16, {}), [10]),
    ([*range(1, 11)], (12, {}), (12, {"termination_start": 11}), [10]),
    ([*range(1, 10)], (12, {}), (8, {}), [6, 7, 8, 9]),
]


@pytest.mark.parametrize(("recorded", "old", "new", "expected"), REPHASED)
def test_rephased_sessions(recorded, old, new, expected):
    assert course.rephased_sessions(IPT, recorded, old, new) == expected


def test_rephased_sessions_rejects_an_impossible_plan():
    with pytest.raises(ValueError, match="phase"):
        course.rephased_sessions(
            IPT, [], (12, {}), (12, {"initial_end": 10, "termination_start": 10})
        )


# --- attendance and drop-out -----------------------------------------------------------

ATTENDANCE = [
    ("AAAA", 1.0),
    ("AADA", 0.75),
    ("AACK", 2 / 3),  # a session the clinician cancelled is not the client's absence
    ("K", None),
    ("", None),
]


@pytest.mark.parametrize(("spec", "expected"), ATTENDANCE)
def test_attendance_rate(spec, expected):
    assert course.attendance_rate(sessions(spec)) == expected


@pytest.mark.parametrize(
    ("spec", "expected"), [("AAADD", 2), ("AAADC..", 2), ("AADA", 0), ("DK", 0), ("", 0)]
)
def test_trailing_missed(spec, expected):
    assert course.trailing_missed(sessions(spec)) == expected


# --- organisation defaults -------------------------------------------------------------

DEFAULTS = [
    ({}, "individual_ipt", 12),
    ({"individual_ipt": 16}, "individual_ipt", 16),
    ({"individual_ipt": 20}, "individual_ipt", 12),  # out of range: the modality's own
    ({"individual_ipt": "14"}, "individual_ipt", 12),
    ({"ipc": 6}, "ipc", 6),
    (None, "ipc", 4),
]


@pytest.mark.parametrize(("defaults", "code", "expected"), DEFAULTS)
def test_planned_default(defaults, code, expected):
    assert course.planned_default(get(code), defaults) == expected


@pytest.mark.parametrize(
    ("defaults", "problem"),
    [
        ({"individual_ipt": 12, "ipc": 5}, None),
        ({"individual_ipt": 17}, "8-16"),
        ({"ipc": 2}, "3-8"),
        ({"ipc": True}, "3-8"),
        ({"nonsense": 3}, "not a modality"),
        (["individual_ipt"], "must map"),
    ],
)
def test_planned_default_problems(defaults, problem):
    problems = course.planned_default_problems(defaults, MODALITIES)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


def test_a_course_without_a_contract_misses_every_item_in_the_page_language():
    # The labels are translated once per language (course.every_contract_item), never
    # carried from one language to another.
    with translation.override("nl"):
        dutch = course.every_contract_item()
    with translation.override("en"):
        english = course.every_contract_item()
    assert "Vertrouwelijkheid uitgelegd" in dutch
    assert "Confidentiality explained" in english
    assert len(english) == len(dutch) == 6
