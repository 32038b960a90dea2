"""Radio buttons written directly, for the group session page (docs/groups.md).

Django renders each radio of a RadioSelect through two templates of its own; with a
questionnaire on every member's row (about 600 radios for 14 members) that was most of the
page's time. `radio_options` writes the same markup (a label around each input, ids as
Django numbers them, `checked` for the current value, `aria-invalid` on a field in error)
in one pass.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

OPTION = (
    '<label class="{}" for="{}"><input type="radio" name="{}" value="{}" id="{}"{}{}> {}</label>'
)


@register.simple_tag
def radio_options(field, label_class="answer-option", span=True):
    """The radio buttons of a bound choice field, each inside its label."""
    current = field.value()
    current = "" if current is None else str(current)
    # Fixed markup, not input: marked safe so format_html_join does not escape its quotes.
    invalid = mark_safe(' aria-invalid="true"') if field.errors else ""
    text = "<span>{}</span>" if span else "{}"
    rows = []
    for index, (value, label) in enumerate(field.field.choices):
        option_id = f"{field.auto_id}_{index}"
        checked = mark_safe(" checked") if str(value) == current else ""
        rows.append(
            (
                label_class,
                option_id,
                field.html_name,
                value,
                option_id,
                checked,
                invalid,
                format_html(text, label),
            )
        )
    return format_html_join("", OPTION, rows)
