"""The group session page writes its radio buttons itself (groups/templatetags/group_radios):
the markup must match what Django would write, keep the chosen answer, mark a field in error
for assistive technology, and escape labels."""

import pytest
from django import forms
from django.template.loader import render_to_string

from openipt.measures.templatetags.answer_radios import question_fieldset, radio_options


class Sample(forms.Form):
    answer = forms.ChoiceField(
        label="Answer",
        choices=[("0", "Not at all"), ("1", "<b>Several</b> days")],
        widget=forms.RadioSelect,
        required=False,
    )

    def clean_answer(self):
        raise forms.ValidationError("Choose again.")


def test_same_markup_as_django_for_an_unbound_field():
    field = Sample()["answer"]
    ours = str(radio_options(field))
    assert 'id="id_answer_0"' in ours and 'id="id_answer_1"' in ours
    for option in field:
        assert f'<label class="answer-option" for="{option.id_for_label}">{option.tag()} ' in ours


def test_the_chosen_answer_is_checked_and_an_error_marks_every_option():
    form = Sample(data={"answer": "1"})
    form.is_valid()
    markup = str(radio_options(form["answer"]))
    assert f"{form['answer'][1].tag()} " in markup
    assert markup.count(' aria-invalid="true"') == 2
    assert 'value="1" id="id_answer_1" aria-invalid="true" checked' in markup
    assert 'value="0" id="id_answer_0" aria-invalid' in markup


def test_labels_are_escaped():
    markup = str(radio_options(Sample()["answer"]))
    assert "&lt;b&gt;Several&lt;/b&gt; days" in markup
    assert "<b>" not in markup


class Required(forms.Form):
    answer = forms.ChoiceField(
        label="Answer", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    chosen = forms.ChoiceField(
        label="Chosen",
        choices=[("a", "A")],
        widget=forms.RadioSelect(attrs={"class": "wide"}),
    )


def test_a_required_field_has_the_attributes_django_gives_it():
    form = Required(initial={"answer": "b"})
    ours = str(radio_options(form["answer"]))
    for option in form["answer"]:
        tag = str(option.tag())
        assert " required" in tag
        start = ours.index(f'id="{option.id_for_label}"')
        written = ours[ours.rindex("<input ", 0, start) : ours.index(">", start) + 1]
        assert written == tag


def test_a_field_with_widget_attributes_is_left_to_django():
    form = Required()
    ours = str(radio_options(form["chosen"]))
    assert ours == (
        f'<label class="answer-option" for="id_chosen_0">{form["chosen"][0].tag()} '
        "<span>A</span></label>"
    )
    assert 'class="wide"' in ours


class Question(forms.Form):
    answer = forms.ChoiceField(
        label="Little <interest>",
        choices=[("0", "Not at all"), ("1", "Several days")],
        widget=forms.RadioSelect,
        help_text="In the <last> two weeks",
    )
    plain = forms.ChoiceField(
        label="Who answered", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )

    def clean_answer(self):
        raise forms.ValidationError("Choose <again>.")


@pytest.mark.parametrize("bound", [False, True])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"number": 3, "required": True},
        {"number": 12, "required": False, "english_only": True},
        {"required": True, "scores": "0=0 1=1", "stacked": True},
        {"english_only": False, "scores": "", "stacked": False},
    ],
)
def test_question_fieldset_writes_what_the_include_writes(bound, options):
    """The session page writes each question with the tag instead of including
    _radio_group.html: the same characters, with or without number, errors, help text,
    English wording, score map and stacking."""
    form = Question(data={"answer": "1", "plain": "a"}) if bound else Question()
    form.is_valid()
    for name in ("answer", "plain"):
        field = form[name]
        expected = render_to_string(
            "clinic/measures/_radio_group.html", {"field": field, **options}
        )
        assert str(question_fieldset(field, **options)) == expected
    if bound:
        assert "Choose &lt;again&gt;." in str(question_fieldset(form["answer"], **options))
