"""One labelled form field written in one pass: what form_field.html writes (docs/bench.md).

Django renders every input through two templates of its own (the widget's, which includes
input.html, then attrs.html for its attributes); a form page has ten to thirty fields, and
those templates were a good part of each one's time. `field_block` writes the same
characters directly for the widgets whose templates are only that (the `<input>` widgets
and the textarea, and the select, radio and checkbox-list widgets whose option templates
are Django's), from the context Django builds (`BoundField.build_widget_attrs`,
`Widget.get_context`, its `optgroups`) in its order, escaping every value as the templates
do. Any other widget (one with a template of its own, a localized one) is rendered by Django
inside the same markup. `field_widget` writes the widget alone, for forms laid out by hand
(the filter forms). tests/test_form_markup.py compares the two.
"""

from html import escape

from django import template
from django.forms.widgets import ChoiceWidget, Input, Textarea
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
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
# Choice widgets: the widget's template and its options' template, both Django's own.
SELECT_TEMPLATES = ("django/forms/widgets/select.html", "django/forms/widgets/select_option.html")
MULTIPLE_INPUT_TEMPLATES = frozenset(
    (f"django/forms/widgets/{widget}.html", f"django/forms/widgets/{option}.html")
    for widget, option in (("radio", "radio_option"), ("checkbox_select", "checkbox_option"))
)
# What `{{ value }}` does in a widget template (localize, then escape); the form renderer
# renders them with a plain context like this one.
PLAIN_CONTEXT = Context()


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
    markup = (
        f'\n<div class="field{" field-error" if errors else ""}">\n'
        f'  <label for="{conditional_escape(field.id_for_label)}">{label}</label>\n'
        f"  {help_text}\n  {error_paragraph(field)}\n  {widget_markup(field)}\n</div>\n"
    )
    # Every piece above is escaped or fixed markup.
    return mark_safe(markup)  # noqa: S308


def error_paragraph(field):
    """The field's errors as the form templates write them (`{{ field.errors|join:" " }}`,
    each escaped) in the paragraph `<auto_id>_error` that aria-describedby names; "" for a
    field without errors. Every tag that writes a field's error calls it."""
    if not field.errors:
        return ""
    text = " ".join(conditional_escape(error) for error in field.errors)
    return f'<p class="error" id="{conditional_escape(field.auto_id)}_error">{text}</p>'


@register.simple_tag
def field_widget(field):
    """`{{ field }}`: the widget alone, written as field_block writes it."""
    # widget_markup escapes every value it writes, or returns Django's own (safe) render.
    return mark_safe(widget_markup(field))  # noqa: S308


@register.simple_tag
def option_input(option):
    """`{{ option.tag }}` for one option of a radio or checkbox list (`{% for option in
    field %}`): its <input> alone, written when the option's template is Django's."""
    widget = option.parent_widget
    templates = (widget.template_name, widget.option_template_name)
    if templates not in MULTIPLE_INPUT_TEMPLATES or option.template_name != templates[1]:
        return option.tag()
    # input_option.html without its label is input.html, whose newline the renderer strips.
    return mark_safe(_input(option.data))  # noqa: S308 (every value is escaped)


def widget_markup(field):
    """str(field) (BoundField.as_widget), written here for an input, a textarea, a select
    or a list of radio buttons or checkboxes."""
    widget = field.field.widget
    kind = _written_kind(field, widget)
    if kind is None:
        return str(field)
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if kind == "select":
        return _select(context)
    if kind == "multiple_input":
        return _multiple_input(context)
    if kind == "textarea":
        value = context["value"]
        return (
            f'<textarea name="{conditional_escape(context["name"])}"{_attributes(context)}>\n'
            f"{conditional_escape(value) if value else ''}</textarea>"
        )
    return _input(context)


def _input(context):
    # input.html
    markup = f'<input type="{conditional_escape(context["type"])}"'
    markup += f' name="{conditional_escape(context["name"])}"'
    if context["value"] is not None:
        markup += f' value="{_formatted(context["value"])}"'
    return f"{markup}{_attributes(context)}>"


def _select(context):
    # select.html, each option as select_option.html. An included template keeps its last
    # newline; only the outer one is stripped (BaseRenderer.render).
    markup = f'<select name="{_shown(context["name"])}"{_attributes(context)}>'
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            markup += f'\n  <optgroup label="{_shown(group_name)}">'
        for option in options:
            markup += (
                f'\n  <option value="{_formatted(option["value"])}"{_attributes(option)}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            markup += "\n  </optgroup>"
    return markup + "\n</select>"


def _multiple_input(context):
    # multiple_input.html, each option as input_option.html.
    attrs = context["attrs"]
    element_id = attrs.get("id")
    markup = "<div"
    if element_id:
        markup += f' id="{_shown(element_id)}"'
    if attrs.get("class"):
        markup += f' class="{_shown(attrs["class"])}"'
    markup += ">"
    for group, options, _index in context["optgroups"]:
        if group:
            markup += f"\n  <div><label>{_shown(group)}</label>"
        for option in options:
            # radio_option.html (checkbox_option.html) includes input_option.html, which
            # includes input.html: three kept newlines.
            markup += f"<div>\n    {_input_option(option)}\n</div>"
        if group:
            markup += "\n  </div>"
    return markup + "\n</div>"


def _input_option(option):
    if not option["wrap_label"]:
        return f"{_input(option)}\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{_shown(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)}\n {_shown(option['label'])}</label>\n"


def _shown(value):
    # `{{ value }}` in a widget template.
    return render_value_in_context(value, PLAIN_CONTEXT)


def _written_kind(field, widget):
    if field.field.localize or widget.is_localized or field.field.show_hidden_initial:
        return None
    if isinstance(widget, Input) and widget.template_name in INPUT_TEMPLATES:
        return "input"
    if isinstance(widget, Textarea) and widget.template_name == TEXTAREA_TEMPLATE:
        return "textarea"
    if isinstance(widget, ChoiceWidget):
        templates = (widget.template_name, widget.option_template_name)
        if templates == SELECT_TEMPLATES:
            return "select"
        if templates in MULTIPLE_INPUT_TEMPLATES:
            return "multiple_input"
    return None


def _attributes(context):
    # As attrs.html: `name` for True, nothing for False, else name="value".
    markup = ""
    for name, value in context["attrs"].items():
        if value is True:
            markup += f" {conditional_escape(name)}"
        elif value is not False:
            markup += f' {conditional_escape(name)}="{_formatted(value)}"'
    return markup


def _formatted(value):
    # `{{ value|stringformat:'s' }}`: the filter keeps a safe mark (is_safe), so a safe
    # value is written as it is and any other escaped; a tuple is formatted whole.
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031
    return text if isinstance(value, SafeData) else escape(text)
