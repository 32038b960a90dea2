"""The one schedule rule (protocol/schedule.py): which measures each session expects and
what is still due, as tables. Pure: no database."""

import pytest

from openipt.protocol.catalogue import EVERYTHING, Catalogue
from openipt.protocol.course import CourseFacts, SessionFact
from openipt.protocol.fidelity import episode_fidelity
from openipt.protocol.modalities import get
from openipt.protocol.schedule import CourseSchedule, codes_asked, measure_plan, replaced, uses

ALL_CODES = ("phq9", "gad7", "wsas", "phqa", "asq", "asrm", "waisr", "srm5")
# What a deployment without OPENIPT_SHOW_PHQA can record (readings.catalogue builds this from
# the instrument modules; tests/test_instrument_registry.py checks it matches).
WITHOUT_PHQA = Catalogue(
    offered=frozenset(code for code in ALL_CODES if code != "phqa"),
    substitutes={"phqa": ("phq9", "asq")},
)


def sessions(*attendances):
    """Session 1, 2, ... with these attendances ("a" attended, "m" missed, "s" scheduled)."""
    names = {"a": "attended", "m": "did_not_attend", "c": "cancelled_client", "s": "scheduled"}
    return tuple(SessionFact(n, names[a]) for n, a in enumerate(attendances, 1))


def schedule(modality, planned, attendances, recorded=(), start_end=(), catalogue=EVERYTHING):
    facts = CourseFacts(get(modality), planned, sessions=sessions(*attendances))
    return CourseSchedule(facts, recorded, start_end, catalogue)


# (modality, planned, attendances, recorded, start/end measures, codes due at the next session)
DUE = [
    # individual IPT, 12: initial 1-3, middle 4-9, termination 10-12
    ("individual_ipt", 12, "s", (), (), ("phq9", "gad7", "wsas")),
    ("individual_ipt", 12, "as", {(1, "wsas")}, (), ("phq9", "gad7")),
    ("individual_ipt", 12, "as", (), (), ("phq9", "gad7", "wsas")),
    ("individual_ipt", 12, "aaaas", {(4, "waisr")}, (), ("phq9", "gad7")),
    ("individual_ipt", 12, "aaaas", (), ("wsas",), ("phq9", "gad7", "waisr")),
    ("individual_ipt", 12, "a" * 9 + "s", (), (), ("phq9", "gad7", "wsas", "waisr")),
    ("individual_ipt", 12, "a" * 11 + "s", {(10, "wsas"), (11, "waisr")}, (), ("phq9", "gad7")),
    # IPC, 6: initial 1-2, middle 3-5, termination 6
    ("ipc", 6, "s", (), ("wsas",), ("phq9", "gad7", "wsas")),
    ("ipc", 6, "aas", (), ("wsas",), ("phq9",)),
    ("ipc", 6, "aaaaas", {(6, "phq9")}, ("gad7", "wsas"), ("gad7", "wsas")),
    # The example: IPSRT (no GAD-7 of its own), the organisation's start measure
    # GAD-7, session 1 missed: GAD-7 is due at session 2.
    ("ipsrt", 16, "ms", (), ("gad7",), ("phq9", "asrm", "srm5", "wsas", "gad7")),
    # ... and it counts when sent from home for the missed session 1.
    ("ipsrt", 16, "ms", {(1, "gad7")}, ("gad7",), ("phq9", "asrm", "srm5", "wsas")),
    # Start measures belong to the first attended session only.
    ("ipsrt", 16, "as", (), ("gad7",), ("phq9", "asrm", "srm5", "wsas")),
    # End measures: at the last planned session.
    ("ipc", 4, "aaas", {(4, "phq9"), (4, "gad7")}, ("wsas",), ("wsas",)),
    # Missed sessions expect nothing; a once measure given at a missed session counts.
    ("individual_ipt", 12, "ms", {(1, "wsas")}, (), ("phq9", "gad7")),
]


@pytest.mark.parametrize(("modality", "planned", "attendances", "recorded", "extra", "due"), DUE)
def test_what_is_due_at_the_next_session(modality, planned, attendances, recorded, extra, due):
    found = schedule(modality, planned, attendances, recorded, extra).due()
    assert found.outstanding == due
    assert found.number == attendances.index("s") + 1


def test_nothing_is_due_once_everything_is_recorded_for_the_session():
    found = schedule("ipc", 4, "s", {(1, "phq9"), (1, "gad7")})
    assert found.due() is None


def test_nothing_is_due_after_the_course_ended():
    # Item 6: after an ending, the unheld last session expects nothing.
    facts = CourseFacts(get("individual_ipt"), 12, sessions=sessions(*"aaaas"), ended=True)
    assert CourseSchedule(facts).due() is None
    assert CourseSchedule(facts).next_number() is None


def test_nothing_is_due_without_a_booked_session():
    assert schedule("individual_ipt", 12, "aa").due() is None


def test_a_missed_session_expects_nothing_on_its_page():
    found = schedule("individual_ipt", 12, "ma").session(1)
    assert found.missed and found.expected == ()


def test_the_session_page_shows_what_was_expected_and_recorded():
    found = schedule("individual_ipt", 12, "aa", {(2, "phq9")}).session(2)
    assert found.expected == ("phq9", "gad7", "wsas")
    assert found.recorded == ("phq9",)
    assert found.outstanding == ("gad7", "wsas")


# --- IPT-A works out of the box (item 4) -------------------------------------------------


def test_ipt_a_without_the_phqa_asks_the_phq9_and_the_asq():
    found = schedule("ipt_a", 12, "s", catalogue=WITHOUT_PHQA).due()
    assert found.outstanding == ("phq9", "asq")


def test_ipt_a_with_the_phqa_asks_it():
    assert schedule("ipt_a", 12, "s").due().outstanding == ("phqa",)


def test_ipt_a_fidelity_counts_the_fallback_so_it_is_not_stuck_at_zero():
    facts = CourseFacts(get("ipt_a"), 12, sessions=sessions("a"))
    result = episode_fidelity(facts, {(1, "phq9"), (1, "asq")}, (), WITHOUT_PHQA)
    assert (result.measures_completed, len(result.measures)) == (2, 2)
    assert result.measure_percent == "100%"


def test_an_organisation_start_measure_it_cannot_record_is_replaced_or_dropped():
    catalogue = Catalogue(offered=frozenset({"phq9", "gad7", "asq"}), substitutes={})
    assert catalogue.resolve(["phqa", "gad7"]) == ("gad7",)
    assert WITHOUT_PHQA.resolve(["phqa", "gad7"]) == ("phq9", "asq", "gad7")


def test_the_start_form_says_what_replaces_the_phqa():
    assert replaced(get("ipt_a"), WITHOUT_PHQA) == [("phqa", ("phq9", "asq"))]
    assert replaced(get("ipt_a"), EVERYTHING) == []
    lines = measure_plan(get("ipt_a"), WITHOUT_PHQA)
    assert {line.codes for line in lines} == {("phq9", "asq")}


# --- IPSRT's rhythm record (item 5) ------------------------------------------------------


def test_an_srm5_week_satisfies_the_initial_phase_and_clears_the_due_list():
    recorded = {(2, "srm5"), (1, "wsas")}
    found = schedule("ipsrt", 16, "aas", recorded)
    assert "srm5" not in found.due().outstanding
    facts = CourseFacts(get("ipsrt"), 16, sessions=sessions(*"aaaa"))
    result = episode_fidelity(facts, recorded)
    srm5 = [unit for unit in result.measures if unit.instrument == "srm5"]
    assert [(unit.completed, unit.session_number) for unit in srm5] == [(True, 2)]


# (modality, the organisation's start and end measures, catalogue, every code it can ask)
CODES_ASKED = [
    # Group IPT: the check-in every session, the PHQ-9 at the start, half-way and the end.
    ("group_ipt", (), EVERYTHING, {"checkin", "phq9"}),
    ("group_ipt", ("wsas",), EVERYTHING, {"checkin", "phq9", "wsas"}),
    # IPSRT: the diary (SRM-5) and the mania screen beside the usual measures.
    ("ipsrt", (), EVERYTHING, {"phq9", "asrm", "srm5", "waisr", "wsas"}),
    # An organisation may ask the diary of every course at its start and end.
    ("ipc", ("srm5",), EVERYTHING, {"phq9", "gad7", "srm5"}),
    # The PHQ-A where it is not offered: the PHQ-9 and the ASQ instead.
    ("ipt_a", (), WITHOUT_PHQA, {"phq9", "asq"}),
    ("ipt_a", (), EVERYTHING, {"phqa"}),
]


@pytest.mark.parametrize(("modality", "start_end", "catalogue", "codes"), CODES_ASKED)
def test_the_codes_a_modality_can_ask(modality, start_end, catalogue, codes):
    assert codes_asked(get(modality), catalogue, start_end) == codes


def test_ipsrt_uses_the_diary_and_the_mania_screen():
    assert uses(get("ipsrt"), "srm5", EVERYTHING) and uses(get("ipsrt"), "asrm", EVERYTHING)
    assert not uses(get("individual_ipt"), "srm5", EVERYTHING)


# --- fidelity and the due list name the same measures --------------------------------------


@pytest.mark.parametrize(("modality", "planned", "attendances", "recorded", "extra", "due"), DUE)
def test_fidelity_counts_at_the_next_session_exactly_what_was_due(
    modality, planned, attendances, recorded, extra, due
):
    number = attendances.index("s") + 1
    attended = attendances[: number - 1] + "a" + attendances[number:]
    facts = CourseFacts(get(modality), planned, sessions=sessions(*attended))
    result = episode_fidelity(facts, recorded, extra)
    units = result.measures + result.pending_measures
    open_here = {
        unit.instrument
        for unit in units
        if not unit.completed
        and (
            unit.session_number == number
            or (unit.session_number is None and unit.phase == facts.boundaries.phase_of(number))
        )
    }
    assert open_here == set(due)
