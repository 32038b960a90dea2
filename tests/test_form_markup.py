"""field_block (accounts/templatetags/form_markup.py) writes what form_field.html wrote
as a template, widget by Django included: the same characters for every kind of field,
bound or not, in error or not, with help text, values to escape and widget attributes."""

import datetime

import pytest
from django import forms
from django.template import engines

from openipt.accounts.templatetags.form_markup import field_block

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

    def clean(self):
        for name in ("text", "notes", "box", "choice", "number"):
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
}


@pytest.mark.parametrize("bound", [False, True])
def test_field_block_writes_what_the_template_wrote(bound):
    form = (
        Everything(data=POSTED) if bound else Everything(initial={"day": datetime.date(2026, 1, 2)})
    )
    form.is_valid()
    for field in form:
        assert str(field_block(field)) == TEMPLATE.render({"field": field}), field.name


def test_a_prefixed_form_and_its_errors_are_escaped():
    form = Everything(data={f"p-{k}": v for k, v in POSTED.items()}, prefix="p")
    form.is_valid()
    written = str(field_block(form["text"]))
    assert 'name="p-text"' in written and "&lt;script&gt;" in written
    assert "Wrong &lt;here&gt; &amp; there." in written
    assert written == TEMPLATE.render({"field": form["text"]})
