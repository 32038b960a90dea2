"""Radio buttons written directly, for the group session page (docs/groups.md).

Django renders each radio of a RadioSelect through two templates of its own; with a
questionnaire on every member's row (about 600 radios for 14 members) that was most of the
page's time. `radio_options` writes the same markup (a label around each input, ids as
Django numbers them, `checked` for the current value, `aria-invalid` on a field in error)
in one pass. It escapes with the standard library rather than `format_html`, whose
per-argument checks were, at this many options, most of what was left.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _escaped(text):
    """Like Django's conditional_escape: markup already marked safe is kept as it is."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return escape(str(text))


@register.simple_tag
def radio_options(field, label_class="answer-option", span=True):
    """The radio buttons of a bound choice field, each inside its label."""
    current = field.value()
    current = "" if current is None else str(current)
    name = escape(field.html_name)
    auto_id = escape(field.auto_id)
    label_class = escape(label_class)
    invalid = ' aria-invalid="true"' if field.errors else ""
    parts = []
    for index, (value, label) in enumerate(field.field.choices):
        option_id = f"{auto_id}_{index}"
        checked = " checked" if str(value) == current else ""
        text = _escaped(label)
        if span:
            text = f"<span>{text}</span>"
        parts.append(
            f'<label class="{label_class}" for="{option_id}"><input type="radio" name="{name}"'
            f' value="{escape(str(value))}" id="{option_id}"{checked}{invalid}> {text}</label>'
        )
    # Every piece above is escaped or fixed markup.
    return mark_safe("".join(parts))  # noqa: S308
