"""field_block (accounts/templatetags/form_markup.py) writes what form_field.html wrote
as a template, widget by Django included: the same characters for every kind of field,
bound or not, in error or not, with help text, values to escape and widget attributes."""

import datetime

import pytest
from django import forms
from django.template import engines
from django.utils.safestring import mark_safe

from openipt.accounts.templatetags.form_markup import (
    field_block,
    field_widget,
    option_input,
    widget_markup,
)

# form_field.html as it was before the tag wrote it.
ORIGINAL = (
    "{% load i18n %}{# One labelled form field with its help text and error next to it. #}\n"
    '<div class="field{% if field.errors %} field-error{% endif %}">\n'
    '  <label for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %}'
    ' <span class="required">{% translate "(required)" %}</span>{% endif %}</label>\n'
    '  {% if field.help_text %}<p class="help" id="{{ field.auto_id }}_helptext">'
    "{{ field.help_text }}</p>{% endif %}\n"
    '  {% if field.errors %}<p class="error" id="{{ field.auto_id }}_error">'
    '{{ field.errors|join:" " }}</p>{% endif %}\n'
    "  {{ field }}\n"
    "</div>\n"
)
TEMPLATE = engines["django"].from_string(ORIGINAL)


class Everything(forms.Form):
    text = forms.CharField(label="Name <first>", max_length=30, help_text="As <used>")
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "wide"}))
    number = forms.IntegerField(min_value=0, max_value=9, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    when = forms.DateTimeField(required=False)
    email = forms.EmailField(required=False)
    link = forms.URLField(required=False, assume_scheme="https")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    box = forms.BooleanField(required=False, label="Tick")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B & C")], required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    disabled = forms.CharField(disabled=True, required=False, initial='fixed "value"')
    grouped = forms.ChoiceField(
        choices=[
            ("", "---"),
            ("Near <home>", [("x&y", 'X "and" Y'), ("z", mark_safe("<em>Z</em>"))]),
            ("w", "W"),
        ],
        required=False,
    )
    number_choice = forms.TypedChoiceField(
        choices=[(1, 1000), (2, 2.5), (3, "three")], coerce=int, required=False
    )
    several = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B <b>"), ("c", "C")], required=False
    )
    radio = forms.ChoiceField(
        choices=[("a", "A & a"), ("b", "B")],
        widget=forms.RadioSelect(attrs={"class": "inline <x>"}),
        label="Pick one",
    )
    grouped_radio = forms.ChoiceField(
        choices=[("One", [("1", "1a"), ("2", "2a")]), ("3", "Three")],
        widget=forms.RadioSelect,
        required=False,
    )
    ticks = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", 'B "b"'), ("c", "C")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    bare_radio = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.RadioSelect(attrs={"id": "fixed"}), required=False
    )
    # A value marked safe is written as it is (stringformat keeps the mark); a tuple whole.
    odd_values = forms.ChoiceField(
        choices=[(mark_safe("<v>"), "safe"), ((1, 2), "tuple"), ("<v>", "plain")],
        required=False,
    )
    odd_radio = forms.ChoiceField(
        choices=[(mark_safe("<v>"), "safe"), ("<v>", "plain")],
        widget=forms.RadioSelect(attrs={"data-x": mark_safe("<a>")}),
        required=False,
    )
    safe_initial = forms.CharField(required=False, initial=mark_safe("<i>"))

    def clean(self):
        for name in ("text", "notes", "box", "choice", "number", "grouped", "radio", "ticks"):
            self.add_error(name, "Wrong <here> & there.")
        return self.cleaned_data


POSTED = {
    "text": "<script>x</script>",
    "optional": 'a "quoted" & ampersand',
    "number": "12",
    "day": "2026-11-26",
    "when": "2026-11-26 10:00",
    "email": "not an email",
    "link": "example.org/a?b=1&c=2",
    "secret": "s<e>cret",
    "box": "on",
    "notes": "line one\n<b>two</b>",
    "choice": "b",
    "hidden": "h&idden",
    "grouped": "x&y",
    "number_choice": "2",
    "several": ["a", "c"],
    "radio": "a",
    "grouped_radio": "2",
    "ticks": ["b", "c"],
}


@pytest.mark.parametrize("bound", [False, True])
def test_field_block_writes_what_the_template_wrote(bound):
    form = (
        Everything(data=POSTED) if bound else Everything(initial={"day": datetime.date(2026, 1, 2)})
    )
    form.is_valid()
    for field in form:
        assert str(field_block(field)) == TEMPLATE.render({"field": field}), field.name
        assert str(field_widget(field)) == str(field), field.name


def test_choice_widgets_are_written_not_rendered_by_django():
    form = Everything(data=POSTED)
    for name in ("choice", "grouped", "several", "radio", "grouped_radio", "ticks"):
        written = widget_markup(form[name])
        assert written == str(form[name]) and not hasattr(written, "__html__"), name
    assert " selected>X &quot;and&quot; Y</option>" in widget_markup(form["grouped"])
    assert '<optgroup label="Near &lt;home&gt;">' in widget_markup(form["grouped"])


@pytest.mark.parametrize("bound", [False, True])
def test_option_input_writes_each_options_tag(bound):
    form = Everything(data=POSTED) if bound else Everything()
    for name in ("radio", "grouped_radio", "ticks", "bare_radio", "odd_radio"):
        for option in form[name]:
            written = option_input(option)
            assert written == option.tag(), name
    assert not hasattr(widget_markup(form["ticks"]), "__html__")


def test_a_widget_with_a_template_of_its_own_is_left_to_django():
    class Own(forms.RadioSelect):
        option_template_name = "django/forms/widgets/input_option.html"

    class OwnForm(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=Own)

    field = OwnForm()["pick"]
    assert hasattr(widget_markup(field), "__html__")
    assert [option_input(option) for option in field] == [option.tag() for option in field]
    assert str(field_block(field)) == TEMPLATE.render({"field": field})


def test_a_prefixed_form_and_its_errors_are_escaped():
    form = Everything(data={f"p-{k}": v for k, v in POSTED.items()}, prefix="p")
    form.is_valid()
    written = str(field_block(form["text"]))
    assert 'name="p-text"' in written and "&lt;script&gt;" in written
    assert "Wrong &lt;here&gt; &amp; there." in written
    assert written == TEMPLATE.render({"field": form["text"]})
