"""Every registered instrument is internally consistent, and its LOINC codes are well formed."""

import pytest

from openipt.measures.instruments import INSTRUMENTS, QUESTIONNAIRES, UnknownInstrument, get, srm5
from openipt.measures.instruments.loinc import check_digit, is_valid_code

CODES = sorted(QUESTIONNAIRES)

# Every LOINC term code the definitions use (docs/instruments.md, Sources).
REFERENCE_TERM_CODES = [
    "44249-1",
    "44261-6",
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
    "69722-7",
    "69737-5",
    "70274-6",
    "69725-0",
    "68509-9",
    "69733-4",
    "69734-2",
    "69735-9",
    "69689-8",
    "69736-7",
    "89206-7",
    "89204-2",
]
REFERENCE_ANSWER_CODES = [
    "LA6568-5",
    "LA6569-3",
    "LA6570-1",
    "LA6571-9",
    "LA6572-7",
    "LA6573-5",
    "LA6575-0",
    "LA6574-3",
]


def test_registry_holds_the_nine_instruments():
    assert set(INSTRUMENTS) == {
        "phq9",
        "gad7",
        "wsas",
        "phqa",
        "asq",
        "asrm",
        "waisr",
        "checkin",
        "srm5",
    }
    assert set(QUESTIONNAIRES) == {
        "phq9",
        "gad7",
        "wsas",
        "phqa",
        "asq",
        "asrm",
        "waisr",
        "checkin",
    }
    for code, module in INSTRUMENTS.items():
        assert get(code) is module
        assert code == module.CODE and module.NAME and module.VERSION


def test_unknown_code_is_a_clear_key_error():
    with pytest.raises(UnknownInstrument, match="epds"):
        get("epds")


@pytest.mark.parametrize("code", CODES)
def test_module_constants_agree_with_the_definition(code):
    module, definition = get(code), QUESTIONNAIRES[code]
    assert (
        definition.code,
        definition.name,
        definition.version,
    ) == (module.CODE, module.NAME, module.VERSION)
    assert (definition.loinc_panel, definition.loinc_total) == (
        module.LOINC_PANEL,
        module.LOINC_TOTAL,
    )
    assert definition.items == module.ITEMS and definition.bands == module.BANDS
    assert definition.caseness_threshold == module.CASENESS_THRESHOLD
    assert module.KIND == "questionnaire"


@pytest.mark.parametrize("code", CODES)
def test_item_keys_are_unique(code):
    keys = QUESTIONNAIRES[code].item_keys
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("code", CODES)
def test_each_item_has_unique_values_and_scores(code):
    for item in QUESTIONNAIRES[code].items:
        values = [option.value for option in item.options]
        scores = [option.score for option in item.options if option.score is not None]
        assert len(values) == len(set(values)), item.key
        assert len(scores) == len(set(scores)), item.key
        assert item.label, item.key
        if item.scored:
            # 0-based scales, except the WAI-SR's published 1-5.
            assert scores and min(scores) in (0, 1), item.key


@pytest.mark.parametrize("code", CODES)
def test_bands_are_contiguous_and_cover_the_full_range(code):
    definition = QUESTIONNAIRES[code]
    bands = definition.bands
    assert bands[0].lower == definition.min_total
    assert bands[-1].upper == definition.max_total
    for below, above in zip(bands, bands[1:], strict=False):
        assert above.lower == below.upper + 1
    for band in bands:
        assert band.lower <= band.upper and band.label and band.client_label


@pytest.mark.parametrize("code", CODES)
def test_caseness_threshold_lies_within_the_range(code):
    definition = QUESTIONNAIRES[code]
    if definition.caseness_threshold is not None:
        assert 0 < definition.caseness_threshold <= definition.max_total


def test_expected_ranges():
    ranges = {
        code: (definition.min_total, definition.max_total)
        for code, definition in QUESTIONNAIRES.items()
    }
    assert ranges == {
        "phq9": (0, 27),
        "gad7": (0, 21),
        "wsas": (0, 40),
        "phqa": (0, 27),
        "asq": (0, 2),
        "asrm": (0, 20),
        "waisr": (12, 60),
        "checkin": (0, 2),
    }


@pytest.mark.parametrize("code", CODES)
def test_loinc_codes_are_well_formed_with_a_correct_check_digit(code):
    definition = QUESTIONNAIRES[code]
    term_codes = [definition.loinc_panel, definition.loinc_total]
    term_codes += [item.loinc for item in definition.items]
    for loinc in filter(None, term_codes):
        assert is_valid_code(loinc), loinc
    for item in definition.items:
        for option in item.options:
            if option.loinc:
                assert is_valid_code(option.loinc, answer=True), option.loinc


def test_the_rhythm_metric_invents_no_codes():
    assert srm5.LOINC_PANEL is None and srm5.LOINC_TOTAL is None
    assert len(srm5.ACTIVITY_KEYS) == len(set(srm5.ACTIVITY_KEYS)) == 5


@pytest.mark.parametrize("code", REFERENCE_TERM_CODES)
def test_check_digit_agrees_with_every_term_code_in_the_reference(code):
    assert is_valid_code(code)


@pytest.mark.parametrize("code", REFERENCE_ANSWER_CODES)
def test_check_digit_agrees_with_every_answer_code_in_the_reference(code):
    assert is_valid_code(code, answer=True)


def test_check_digit_follows_the_users_guide_worked_example():
    # The LOINC Users' Guide works the Mod 10 example on 12345: its check digit is 5.
    assert check_digit("12345") == 5


@pytest.mark.parametrize(
    "code",
    ["44249-2", "44249", "4424-91", "44249-1 ", "44249-1\n", "LA6568-5", "X44249-1", "44249--1"],
)
def test_malformed_or_wrong_term_codes_are_refused(code):
    assert not is_valid_code(code)


@pytest.mark.parametrize("code", ["LA6568-4", "44249-1", "LA-5", "la6568-5"])
def test_malformed_or_wrong_answer_codes_are_refused(code):
    assert not is_valid_code(code, answer=True)


def test_every_single_digit_slip_is_caught():
    body, digit = "44249", 1
    for position in range(len(body)):
        for replacement in "0123456789":
            if replacement != body[position]:
                slipped = body[:position] + replacement + body[position + 1 :]
                assert check_digit(slipped) != digit, slipped
