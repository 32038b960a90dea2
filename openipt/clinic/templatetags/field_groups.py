"""The course forms' two field layouts written in one pass (docs/bench.md): what
clinic/course/_field.html (any field: a choice group, a lone checkbox, or form_field.html's
labelled field) and clinic/course/_choices.html (a radio or checkbox group as a fieldset)
wrote as templates. Those templates now call these tags; a page with several fields calls
them directly, without an include each. tests/test_field_groups.py compares the tags with
the templates as they were, character for character.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from openipt.accounts.templatetags.form_markup import (
    error_paragraph,
    field_block,
    option_input,
    widget_markup,
)
from openipt.measures.templatetags.answer_radios import radio_options

register = template.Library()

CHOICE_GROUPS = ("radioselect", "checkboxselectmultiple")


@register.simple_tag
def course_field(field, legend=None):
    """_field.html: a choice group as `choice_block`, a lone checkbox inside its label,
    any other field as form_field.html (`field_block`)."""
    kind = field.widget_type
    if kind in CHOICE_GROUPS:
        markup = choice_block(field, legend)
    elif kind == "checkbox":
        markup = _checkbox(field)
    else:
        markup = field_block(field)
    return mark_safe(f"{markup}\n")  # noqa: S308 (each part is escaped or fixed markup)


@register.simple_tag
def choice_block(field, legend=None):
    """_choices.html: the fieldset of a radio or checkbox group, with its legend (`legend`,
    else the field's label), "(required)", help text, error and options."""
    errors = field.errors
    required = ""
    if field.field.required:
        required = f' <span class="required">{conditional_escape(gettext("(required)"))}</span>'
    help_text = f'<p class="help">{_shown(field.help_text)}</p>' if field.help_text else ""
    if field.widget_type == "radioselect":
        options = radio_options(field, "choice-label", False)
    else:
        options = "".join(
            f'<label class="choice-label" for="{_shown(option.id_for_label)}">'
            f"{option_input(option)} {_shown(option.choice_label)}</label>"
            for option in field
        )
    markup = (
        f'\n<fieldset class="field choice{" field-error" if errors else ""}">\n'
        f"  <legend>{_shown(legend or field.label)}{required}</legend>\n"
        f"  {help_text}\n  {error_paragraph(field)}\n"
        f'  <div class="choices">{options}</div>\n</fieldset>\n'
    )
    return mark_safe(markup)  # noqa: S308 (each part is escaped or fixed markup)


def _checkbox(field):
    help_text = ""
    if field.help_text:
        help_text = (
            f'<p class="help" id="{_shown(field.auto_id)}_helptext">{_shown(field.help_text)}</p>'
        )
    return (
        f'<div class="field checkbox{" field-error" if field.errors else ""}">\n'
        f"  {error_paragraph(field)}\n"
        f'  <label class="choice-label" for="{_shown(field.id_for_label)}">'
        f"{widget_markup(field)} {_shown(field.label)}</label>\n"
        f"  {help_text}\n</div>"
    )


def _shown(value):
    # As {{ value }} writes it: localized (numbers), then escaped unless marked safe.
    return conditional_escape(localize(value))
