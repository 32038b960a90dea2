"""Radio buttons written directly, for the questionnaires and the group session page
(docs/groups.md, docs/bench.md).

Django renders each radio of a RadioSelect through two templates of its own (the option,
then its attributes); a questionnaire is nine to thirty such questions on the session page,
and about 600 radios for 14 members on the group session page, and that was most of either
page's time. `radio_options` writes the same markup (a label around each input, ids as
Django numbers them, `required` and `checked` as Django sets them, `aria-invalid` on a field
in error) in one pass. It escapes with the standard library rather than `format_html`, whose
per-argument checks were, at this many options, most of what was left. A field this does not
cover (widget attributes of its own, disabled, grouped or empty choices) has each input
written by `option_input` (accounts/templatetags/form_markup.py), as Django's radio.tag().
"""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from openipt.accounts.templatetags.form_markup import error_paragraph, option_input

register = template.Library()


def escaped(text):
    """Like Django's conditional_escape: markup already marked safe is kept as it is."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return escape(str(text))


@register.simple_tag
def radio_options(field, label_class="answer-option", span=True):
    """The radio buttons of a bound choice field, each inside its label."""
    choices = list(field.field.choices)
    if not _written_here(field, choices):
        return _by_django(field, label_class, span)
    current = field.value()
    current = "" if current is None else str(current)
    name = escape(field.html_name)
    auto_id = escape(field.auto_id)
    label_class = escape(label_class)
    required = " required" if field.field.required and field.form.use_required_attribute else ""
    invalid = ' aria-invalid="true"' if field.errors else ""
    parts = []
    for index, (value, label) in enumerate(choices):
        option_id = f"{auto_id}_{index}"
        checked = " checked" if str(value) == current else ""
        text = escaped(label)
        if span:
            text = f"<span>{text}</span>"
        parts.append(
            f'<label class="{label_class}" for="{option_id}"><input type="radio" name="{name}"'
            f' value="{escape(str(value))}" id="{option_id}"{required}{invalid}{checked}>'
            f" {text}</label>"
        )
    # Every piece above is escaped or fixed markup.
    return mark_safe("".join(parts))  # noqa: S308


@register.simple_tag
def question_fieldset(
    field, number=None, required=False, english_only=False, scores="", stacked=False
):
    """What an include of clinic/measures/_radio_group.html writes, character for
    character, in one pass: the session page asks up to three questionnaires of nine to
    thirty questions, and each include looked up a dozen variables (tests compare the two)."""
    errors = field.errors
    error_id = f"{escape(field.auto_id)}_error"
    attributes = ""
    if english_only:
        attributes += ' lang="en"'
    if scores:
        attributes += f' data-scores="{escaped(scores)}"'
    if errors:
        attributes += f' aria-describedby="{error_id}"'
    legend = f'<span class="question-number">{escaped(number)}.</span> ' if number else ""
    word = gettext("(required)") if required else gettext("(optional)")
    legend += f'{escaped(field.label)} <span class="required">{escaped(word)}</span>'
    help_text = f'<p class="help">{escaped(field.help_text)}</p>' if field.help_text else ""
    markup = (
        f'\n<fieldset class="question{" field-error" if errors else ""}"{attributes}>\n'
        f"  <legend>{legend}</legend>\n  {help_text}\n  {error_paragraph(field)}\n"
        f'  <div class="answer-options{" stacked" if stacked else ""}">\n'
        f"    {radio_options(field)}\n  </div>\n</fieldset>\n"
    )
    # Every piece above is escaped or fixed markup.
    return mark_safe(markup)  # noqa: S308


def _written_here(field, choices):
    """Whether the markup above is what Django would write for this field."""
    if field.field.widget.attrs or field.field.disabled or not field.auto_id:
        return False
    return all(
        value is not None and value != "" and not isinstance(label, list | tuple)
        for value, label in choices
    )


def _by_django(field, label_class, span):
    parts = []
    for radio in field:
        text = conditional_escape(radio.choice_label)
        if span:
            text = f"<span>{text}</span>"
        parts.append(
            f'<label class="{escape(label_class)}" for="{escape(radio.id_for_label)}">'
            f"{option_input(radio)} {text}</label>"
        )
    # option_input writes radio.tag()'s escaped markup; the rest is escaped above.
    return mark_safe("".join(parts))  # noqa: S308
