"""The group session page writes its radio buttons itself (groups/templatetags/group_radios):
the markup must match what Django would write, keep the chosen answer, mark a field in error
for assistive technology, and escape labels."""

from django import forms

from openipt.groups.templatetags.group_radios import radio_options


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
    assert markup.count(' aria-invalid="true"') == 2
    assert 'value="1" id="id_answer_1" checked aria-invalid="true"' in markup
    assert 'value="0" id="id_answer_0" aria-invalid' in markup


def test_labels_are_escaped():
    markup = str(radio_options(Sample()["answer"]))
    assert "&lt;b&gt;Several&lt;/b&gt; days" in markup
    assert "<b>" not in markup
