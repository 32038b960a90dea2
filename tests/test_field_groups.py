"""course_field and choice_block (clinic/templatetags/field_groups.py) write what
clinic/course/_field.html and _choices.html wrote as templates: the same characters for
choice groups, lone checkboxes and other fields, bound or not, in error or not, with help
text, a legend given or not, and values to escape."""

import datetime

import pytest
from django import forms
from django.template import engines
from test_form_markup import POSTED, Everything

from openipt.clinic.templatetags.field_groups import choice_block, course_field

ENGINE = engines["django"]
# The two templates as they were before the tags wrote them.
ORIGINAL_CHOICES = ENGINE.from_string(
    "{% load i18n answer_radios form_markup %}{# A radio or checkbox group as a fieldset with "
    "its legend, help and error next to it. #}\n"
    '<fieldset class="field choice{% if field.errors %} field-error{% endif %}">\n'
    "  <legend>{{ legend|default:field.label }}{% if field.field.required %} "
    '<span class="required">{% translate "(required)" %}</span>{% endif %}</legend>\n'
    '  {% if field.help_text %}<p class="help">{{ field.help_text }}</p>{% endif %}\n'
    '  {% if field.errors %}<p class="error" id="{{ field.auto_id }}_error">'
    '{{ field.errors|join:" " }}</p>{% endif %}\n'
    '  <div class="choices">{% if field.widget_type == "radioselect" %}'
    '{% radio_options field "choice-label" False %}{% else %}{% for option in field %}'
    '<label class="choice-label" for="{{ option.id_for_label }}">{% option_input option %} '
    "{{ option.choice_label }}</label>{% endfor %}{% endif %}</div>\n"
    "</fieldset>\n"
)
ORIGINAL_FIELD = ENGINE.from_string(
    '{% if field.widget_type == "radioselect" or field.widget_type == "checkboxselectmultiple" %}'
    "{% include choices %}"
    '{% elif field.widget_type == "checkbox" %}<div class="field checkbox{% if field.errors %}'
    ' field-error{% endif %}">\n'
    '  {% if field.errors %}<p class="error" id="{{ field.auto_id }}_error">'
    '{{ field.errors|join:" " }}</p>{% endif %}\n'
    '  <label class="choice-label" for="{{ field.id_for_label }}">{{ field }} {{ field.label }}'
    "</label>\n"
    '  {% if field.help_text %}<p class="help" id="{{ field.auto_id }}_helptext">'
    "{{ field.help_text }}</p>{% endif %}\n"
    '</div>{% else %}{% include "form_field.html" %}{% endif %}\n'
)


class Choices(forms.Form):
    required_radio = forms.ChoiceField(
        choices=[("a", "A <a>"), ("b", "B")],
        widget=forms.RadioSelect,
        help_text="Pick <one>",
        label="Which & why",
    )
    numbers = forms.TypedChoiceField(
        choices=[(1, 1000), (2, 2.5)], coerce=int, widget=forms.RadioSelect, required=False
    )
    boxes = forms.MultipleChoiceField(
        choices=[("x", "X & x"), ("y", 'Y "y"')],
        widget=forms.CheckboxSelectMultiple,
        help_text="Any of <these>",
    )
    lone = forms.BooleanField(label="Agree <now>", help_text="Needed & kept", required=False)

    def clean(self):
        for name in ("required_radio", "boxes", "lone"):
            self.add_error(name, "Wrong <here> & there.")
        return self.cleaned_data


def forms_to_write(bound):
    extra = {"required_radio": "b", "numbers": "2", "boxes": ["y"], "lone": "on"}
    if bound:
        return [Everything(data=POSTED), Choices(data=extra)]
    return [Everything(initial={"day": datetime.date(2026, 1, 2)}), Choices()]


@pytest.mark.parametrize("bound", [False, True])
@pytest.mark.parametrize("legend", ["", "Chosen <legend>"])
def test_the_tags_write_what_the_templates_wrote(bound, legend):
    for form in forms_to_write(bound):
        form.is_valid()
        for field in form:
            context = {"field": field, "legend": legend, "choices": ORIGINAL_CHOICES}
            assert str(course_field(field, legend)) == ORIGINAL_FIELD.render(context), field.name
            if field.widget_type in ("radioselect", "checkboxselectmultiple"):
                written = str(choice_block(field, legend))
                assert written == ORIGINAL_CHOICES.render(context), field.name


def test_the_templates_call_the_tags():
    form = Choices(data={"required_radio": "a"})
    form.is_valid()
    field = form["required_radio"]
    for name, tag in (("_field.html", course_field), ("_choices.html", choice_block)):
        page = ENGINE.get_template(f"clinic/course/{name}").render({"field": field})
        assert page == str(tag(field)), name
