"""One labelled form field written in one pass: what form_field.html writes (docs/bench.md).

Django renders every input through two templates of its own (the widget's, which includes
input.html, then attrs.html for its attributes); a form page has ten to thirty fields, and
those templates were a good part of each one's time. `field_block` writes the same
characters directly for the widgets whose templates are only that (the `<input>` widgets
and the textarea), with the attributes Django builds (`BoundField.build_widget_attrs`,
`Widget.get_context`) in its order, escaping every value as the templates do. Any other
widget (a select, radio buttons, a widget with a template of its own) is rendered by
Django inside the same markup. tests/test_form_markup.py compares the two.
"""

from html import escape

from django import template
from django.forms.widgets import Input, Textarea
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

# Django's own templates for these widgets: `input.html` included, nothing else.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
        "search",
        "tel",
        "color",
        "input",
    )
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


@register.simple_tag
def field_block(field):
    """The field's label (with "(required)"), help text, error and widget, as form_field.html
    lays them out."""
    errors = field.errors
    label = conditional_escape(field.label)
    if field.field.required:
        label += f' <span class="required">{conditional_escape(gettext("(required)"))}</span>'
    help_text = ""
    if field.help_text:
        help_text = (
            f'<p class="help" id="{conditional_escape(field.auto_id)}_helptext">'
            f"{conditional_escape(field.help_text)}</p>"
        )
    message = ""
    if errors:
        text = " ".join(conditional_escape(error) for error in errors)
        message = f'<p class="error" id="{conditional_escape(field.auto_id)}_error">{text}</p>'
    markup = (
        f'\n<div class="field{" field-error" if errors else ""}">\n'
        f'  <label for="{conditional_escape(field.id_for_label)}">{label}</label>\n'
        f"  {help_text}\n  {message}\n  {widget_markup(field)}\n</div>\n"
    )
    # Every piece above is escaped or fixed markup.
    return mark_safe(markup)  # noqa: S308


def widget_markup(field):
    """str(field) (BoundField.as_widget), written here for an input or a textarea."""
    widget = field.field.widget
    kind = _written_kind(field, widget)
    if kind is None:
        return str(field)
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if kind == "textarea":
        value = context["value"]
        return (
            f'<textarea name="{conditional_escape(context["name"])}"{_attributes(context)}>\n'
            f"{conditional_escape(value) if value else ''}</textarea>"
        )
    markup = f'<input type="{conditional_escape(context["type"])}"'
    markup += f' name="{conditional_escape(context["name"])}"'
    if context["value"] is not None:
        # `stringformat` drops a safe mark: a value is always escaped.
        markup += f' value="{escape(str(context["value"]))}"'
    return f"{markup}{_attributes(context)}>"


def _written_kind(field, widget):
    if field.field.localize or widget.is_localized or field.field.show_hidden_initial:
        return None
    if isinstance(widget, Input) and widget.template_name in INPUT_TEMPLATES:
        return "input"
    if isinstance(widget, Textarea) and widget.template_name == TEXTAREA_TEMPLATE:
        return "textarea"
    return None


def _attributes(context):
    # As attrs.html: `name` for True, nothing for False, else name="value".
    markup = ""
    for name, value in context["attrs"].items():
        if value is True:
            markup += f" {conditional_escape(name)}"
        elif value is not False:
            markup += f' {conditional_escape(name)}="{escape(str(value))}"'
    return markup
