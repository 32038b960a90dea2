"""The group pages write their repeated parts in one pass (groups/templatetags/group_rows):
the question fieldsets of a member's questionnaire and the cells of the progress sheet must
carry what the template loops wrote (errors tied to their question, "not held", scores) and
escape every value."""

from types import SimpleNamespace

from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from openipt.groups.forms import ROW, BlankQuestionnaire
from openipt.groups.templatetags.group_rows import (
    progress_cells,
    question_fieldsets,
    row_radios,
    session_labels,
    text_field,
)
from openipt.measures.templatetags.answer_radios import radio_options


class Sample(forms.Form):
    answer = forms.ChoiceField(
        label="Feeling <b>down</b>",
        choices=[("0", "Not at all"), ("1", "Several days")],
        widget=forms.RadioSelect,
        required=False,
    )

    def clean_answer(self):
        raise forms.ValidationError("Choose <one>.")


def _questions(form):
    return [(3, form["answer"], SimpleNamespace(required=True))]


def test_a_question_without_error():
    markup = str(question_fieldsets(_questions(Sample())))
    assert markup.startswith(
        '<fieldset class="question"><legend><span class="question-number">3.</span> '
        'Feeling &lt;b&gt;down&lt;/b&gt; <span class="required">(required)</span></legend>'
        '<div class="answer-options"><label class="answer-option" for="id_answer_0">'
    )
    assert "error" not in markup


def test_an_error_is_next_to_its_question_and_described_by_it():
    form = Sample(data={"answer": "1"})
    form.is_valid()
    markup = str(question_fieldsets(_questions(form)))
    assert '<fieldset class="question field-error" aria-describedby="id_answer_error">' in markup
    assert '<p class="error" id="id_answer_error">Choose &lt;one&gt;.</p>' in markup


def test_a_questionnaire_in_english_for_a_dutch_reader_is_marked_english():
    with translation.override("nl"):
        translated = str(question_fieldsets(_questions(Sample())))
        english = str(question_fieldsets(_questions(Sample()), True))
    assert translated.startswith('<fieldset class="question"><legend>')
    assert "(verplicht)" in translated
    assert english.startswith('<fieldset class="question" lang="en"><legend>')
    assert "(required)" in english


def _cell(number, took_place=None, record=None, **given):
    return (SimpleNamespace(number=number, took_place=took_place), record, given)


def test_progress_cells():
    record = SimpleNamespace(attendance="attended", get_attendance_display=lambda: "Attended")
    row = SimpleNamespace(
        cells=[
            _cell(1, record=record, phq9=SimpleNamespace(total=12)),
            _cell(2, took_place=False),
            _cell(3, checkin=SimpleNamespace(band="<worse>")),
        ]
    )
    labels = {1: "Session 1 (baseline)", 2: "Session 2", 3: "Session 3"}
    assert str(progress_cells(row, labels)) == (
        '<td data-label="Session 1 (baseline)">'
        '<span class="attendance attendance-attended">Attended</span>'
        "<br><strong>PHQ-9 12</strong></td>"
        '<td data-label="Session 2"><span class="muted">not held</span></td>'
        '<td data-label="Session 3"><span class="muted">–</span><br>&lt;worse&gt;</td>'
    )


def test_each_column_is_named_for_a_phone_in_the_page_language():
    sessions = [SimpleNamespace(number=n) for n in (1, 2, 3)]
    milestones = {1: "baseline", 3: "<end>"}
    assert session_labels(sessions, milestones) == {
        1: "Session 1 (baseline)",
        2: "Session 2",
        3: "Session 3 (&lt;end&gt;)",
    }
    with translation.override("fr"):
        assert session_labels(sessions, {})[2] == "Séance 2"


class Notes(forms.Form):
    brought = forms.CharField(label="What they <brought>", required=False, max_length=500)
    homework = forms.CharField(
        label="Homework", max_length=20, help_text="One <line>.", initial='say "no" & <go>'
    )
    when = forms.DateField(label="When", required=False)

    def clean_brought(self):
        raise forms.ValidationError("Too <long>.")


def _both_ways(field):
    return str(text_field(field)), render_to_string("form_field.html", {"field": field})


def test_a_text_field_is_written_as_the_field_template_writes_it():
    # Unbound (initial values, required, help text) and bound with errors and values to escape.
    bound = Notes(data={"brought": "<b>it's</b>", "homework": ""})
    bound.is_valid()
    for form in (Notes(), bound):
        for name in ("brought", "homework"):
            written, by_template = _both_ways(form[name])
            assert written == by_template
    assert 'aria-invalid="true"' in str(text_field(bound["brought"]))


def test_a_field_that_is_not_a_text_input_is_left_to_the_template():
    written, by_template = _both_ways(Notes()["when"])
    assert written == by_template


class TwoRows(forms.Form):
    """Two members' rows of the same questionnaire, as the group session page names them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for prefix in ("m7_", "m12_"):
            for key in ("q1", "q2"):
                self.fields[f"{prefix}phq9_item_{key}"] = forms.ChoiceField(
                    label=f"Question {key} <b>",
                    choices=[("0", "Not at all"), ("1", "Several days")],
                    widget=forms.RadioSelect,
                    required=False,
                )

    def row(self, prefix):
        return [
            (number, self[f"{prefix}phq9_item_{key}"], SimpleNamespace(required=True))
            for number, key in enumerate(("q1", "q2"), start=1)
        ]


def test_an_unanswered_questionnaire_is_written_once_and_copied_for_each_row():
    form = TwoRows()
    first = str(question_fieldsets(form.row("m7_"), False, "m7_"))
    second = str(question_fieldsets(form.row("m12_"), False, "m12_"))
    # The same markup as each row written on its own, names and ids its own.
    assert first == str(question_fieldsets(form.row("m7_")))
    assert second == str(question_fieldsets(form.row("m12_")))
    assert 'name="m12_phq9_item_q1"' in second and 'for="id_m12_phq9_item_q2_1"' in second
    assert "m7_" not in second
    assert len(form._unanswered_questionnaires) == 1


def test_an_answered_questionnaire_is_written_row_by_row():
    form = TwoRows(data={"m7_phq9_item_q1": "1"})
    form.is_valid()
    answered = str(question_fieldsets(form.row("m7_"), False, "m7_"))
    assert 'value="1" id="id_m7_phq9_item_q1_1" checked' in answered
    other = str(question_fieldsets(form.row("m12_"), False, "m12_"))
    assert "checked" not in other and 'name="m12_phq9_item_q1"' in other


def test_a_blank_questionnaire_is_written_once_with_each_rows_names_and_ids():
    form = TwoRows()
    # On a form not posted, one set of fields named after ROW stands for every row's.
    blank = BlankQuestionnaire(
        [
            (
                number,
                form.fields[f"m7_phq9_item_{key}"].get_bound_field(form, f"{ROW}phq9_item_{key}"),
                SimpleNamespace(required=True),
            )
            for number, key in enumerate(("q1", "q2"), start=1)
        ]
    )
    for prefix in ("m7_", "m12_"):
        written = str(question_fieldsets(blank, False, prefix))
        # The same markup as the row's own fields written on their own.
        assert written == str(question_fieldsets(form.row(prefix)))
    assert 'name="m12_phq9_item_q1"' in written and 'for="id_m12_phq9_item_q2_1"' in written
    assert ROW not in written and "m7_" not in written
    with translation.override("nl"):
        # Written once: the copy keeps the words of the first writing.
        assert "(verplicht)" not in str(question_fieldsets(blank, False, "m7_"))


class Rows(forms.Form):
    m3_brought = forms.CharField(label="What they <brought>", required=False, max_length=500)
    m40_brought = forms.CharField(label="What they <brought>", required=False, max_length=500)


def test_a_blank_note_field_is_written_once_and_copied_for_each_row():
    form = Rows()
    first = str(text_field(form["m3_brought"], "m3_"))
    second = str(text_field(form["m40_brought"], "m40_"))
    assert first == str(text_field(form["m3_brought"]))
    assert second == str(text_field(form["m40_brought"]))
    assert 'name="m40_brought"' in second and "m3_" not in second
    filled = Rows(data={"m3_brought": "a <b>", "m40_brought": ""})
    filled.is_valid()
    assert 'value="a &lt;b&gt;"' in str(text_field(filled["m3_brought"], "m3_"))


class Attendance(forms.Form):
    m3_attendance = forms.ChoiceField(
        choices=[("attended", "Attended <b>"), ("late", "Late")],
        widget=forms.RadioSelect,
        required=False,
    )
    m40_attendance = forms.ChoiceField(
        choices=[("attended", "Attended <b>"), ("late", "Late")],
        widget=forms.RadioSelect,
        required=False,
    )


def test_a_rows_radios_not_chosen_are_written_once_and_copied_for_each_row():
    form = Attendance()
    first = str(row_radios(form["m3_attendance"], "m3_"))
    second = str(row_radios(form["m40_attendance"], "m40_"))
    assert first == str(radio_options(form["m3_attendance"], "choice-label", False))
    assert second == str(radio_options(form["m40_attendance"], "choice-label", False))
    assert 'name="m40_attendance"' in second and 'for="id_m40_attendance_1"' in second
    assert "m3_" not in second and len(form._blank_row_radios) == 1
    chosen = Attendance(initial={"m3_attendance": "late"})
    assert 'value="late" id="id_m3_attendance_1" checked' in str(
        row_radios(chosen["m3_attendance"], "m3_")
    )
