"""The repeated parts of the group pages written in one pass (docs/groups.md, docs/bench.md).

The group session page asks a questionnaire on every member's row (14 members x 9 questions
at the size issue 10 names) and the progress sheet has a cell per member and session (14 x
16). Written as template loops, looking up a dozen variables per question or cell was most of
each page's time; these tags write the same markup directly, escaping every value. The
session page's note fields (text_field) are written the same way, for the same reason.
"""

import functools
from html import escape

from django import forms, template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext

from openipt.accounts.templatetags.form_markup import error_paragraph
from openipt.groups.forms import ROW, BlankQuestionnaire
from openipt.groups.models import GroupAttendance
from openipt.measures.templatetags.answer_radios import escaped, radio_options

register = template.Library()


@register.simple_tag
def question_fieldsets(questions, english_only=False, prefix=None):
    """One fieldset per (number, bound field, item) of a member's questionnaire: legend with
    the number and whether it is required, the error next to it, the radio buttons. A
    questionnaire asked in English to someone reading another language is marked
    lang="en", words about it included, so that the part in English is read as English.

    With the row's field `prefix` (the group session page's "m<id>_"), a questionnaire no
    one has answered yet (no value, no error: every row of a page first opened) is written
    once per page and instrument and copied for the other rows with their own names and
    ids, as the brief asked: fourteen rows of nine questions were 126 questions' worth of
    radio buttons to write, for one questionnaire's worth of different markup. A form not
    yet posted gives a BlankQuestionnaire instead: the questions named after ROW, already
    the same for every row, written once and copied in the same way."""
    if isinstance(questions, BlankQuestionnaire):
        if questions.markup is None:
            questions.markup = str(_question_fieldsets(questions.questions, english_only))
        return mark_safe(questions.markup.replace(ROW, escape(prefix)))  # noqa: S308
    if prefix and _unanswered(questions):
        form = questions[0][1].form
        written = form.__dict__.setdefault("_unanswered_questionnaires", {})
        key = (english_only, tuple(field.name[len(prefix) :] for _, field, _ in questions))
        if key not in written:
            markup = str(_question_fieldsets(questions, english_only))
            written[key] = markup.replace(f'="id_{prefix}', f'="id_{ROW}').replace(
                f'="{prefix}', f'="{ROW}'
            )
        # The copy differs from what was written only by the row's prefix in names and ids.
        return mark_safe(written[key].replace(ROW, escape(prefix)))  # noqa: S308
    return _question_fieldsets(questions, english_only)


def _unanswered(questions):
    return bool(questions) and all(
        field.auto_id == f"id_{field.html_name}" and field.value() is None and not field.errors
        for _, field, _ in questions
    )


def _question_fieldsets(questions, english_only):
    if english_only:
        lang, words = ' lang="en"', {True: "required", False: "optional"}
    else:
        lang = ""
        words = {
            True: escape(pgettext("a question", "required")),
            False: escape(pgettext("a question", "optional")),
        }
    parts = []
    for number, field, item in questions:
        errors = field.errors
        error_id = f"{escape(field.auto_id)}_error"
        required = words[bool(item.required)]
        opening = f'<fieldset class="question"{lang}>'
        if errors:
            opening = f'<fieldset class="question field-error"{lang} aria-describedby="{error_id}">'
        parts.append(
            f'{opening}<legend><span class="question-number">{number}.</span> '
            f'{escaped(field.label)} <span class="required">({required})</span></legend>'
            f"{error_paragraph(field)}"
            f'<div class="answer-options">{radio_options(field)}</div></fieldset>'
        )
    # Every piece above is escaped or fixed markup.
    return mark_safe("".join(parts))  # noqa: S308


@register.simple_tag
def text_field(field, prefix=None):
    """text_field_markup below; with the member row's field `prefix`, an empty field
    without error (each member's "brought" and homework on a session not yet recorded) is
    written once per page and copied for the other rows with their own names and ids."""
    if prefix and _blank(field):
        return _copied(field, prefix, "_blank_text_fields", text_field_markup)
    return text_field_markup(field)


@register.simple_tag
def row_radios(field, prefix):
    """A member row's radio buttons (its attendance) as `radio_options(field,
    "choice-label", False)` writes them; not chosen yet and without error (every row of a
    session not yet recorded), written once per page and copied for the other rows with
    their own names and ids, as text_field does."""
    if _blank(field):
        return _copied(field, prefix, "_blank_row_radios", _row_radio_markup)
    return _row_radio_markup(field)


def _row_radio_markup(field):
    return radio_options(field, "choice-label", False)


def _copied(field, prefix, cache, write):
    """`write(field)` for a blank field of the row `prefix`, written for the first row of
    the page and copied for the others: the markup differs between rows only by the
    prefix in names and ids."""
    written = field.form.__dict__.setdefault(cache, {})
    key = field.name[len(prefix) :]
    if key not in written:
        markup = str(write(field))
        written[key] = markup.replace(f'="id_{prefix}', f'="id_{ROW}').replace(
            f'="{prefix}', f'="{ROW}'
        )
    return mark_safe(written[key].replace(ROW, escape(prefix)))  # noqa: S308


def _blank(field):
    return (
        field.auto_id == f"id_{field.html_name}"
        and field.value() in (None, "")
        and not field.errors
    )


def text_field_markup(field):
    """What form_field.html writes for a one-line text field (label, help, error, input),
    for the group session page's 30-odd note fields: Django renders each input through two
    templates of its own (the input, then its attributes), about 8 ms at 14 members. The
    input's attributes are the ones Django builds (`build_widget_attrs`, `get_context`), in
    its order; any other widget is left to the template."""
    widget = field.field.widget
    if type(widget) is not forms.TextInput or field.field.localize:
        return render_to_string("form_field.html", {"field": field})
    errors, label = field.errors, escaped(field.label)
    if field.field.required:
        label += f' <span class="required">{escaped(gettext("(required)"))}</span>'
    parts = [
        f'\n<div class="field{" field-error" if errors else ""}">\n',
        f'  <label for="{escaped(field.id_for_label)}">{label}</label>\n  ',
    ]
    if field.help_text:
        parts.append(
            f'<p class="help" id="{escaped(field.auto_id)}_helptext">{escaped(field.help_text)}</p>'
        )
    parts.append(f"\n  {error_paragraph(field)}")
    parts.append(f"\n  {_text_input(field, widget)}\n</div>\n")
    # Every piece above is escaped or fixed markup.
    return mark_safe("".join(parts))  # noqa: S308


def _text_input(field, widget):
    # As BoundField.as_widget builds it, written as django/forms/widgets/input.html does
    # (its `stringformat` filter drops any safe mark, so values are always escaped).
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    markup = f'<input type="{escaped(context["type"])}" name="{escaped(context["name"])}"'
    if context["value"] is not None:
        markup += f' value="{escape(str(context["value"]))}"'
    for name, value in context["attrs"].items():
        if value is True:
            markup += f" {escaped(name)}"
        elif value is not False:
            markup += f' {escaped(name)}="{escape(str(value))}"'
    return markup + ">"


@functools.cache
def attendance_words(language):
    """Attendance as stored -> its name in `language`, escaped. The model's
    get_attendance_display() translates every choice again on each call (it hashes the lazy
    labels): over 14 x 16 cells that was a fifth of the progress sheet's time."""
    with translation.override(language):
        return {value: escape(str(label)) for value, label in GroupAttendance.choices}


@register.simple_tag
def session_labels(sessions, milestones):
    """Session number -> the name of its column ("Session 4", "Session 1 (baseline)"),
    escaped once per page: on a phone each cell of the progress sheet is led by it
    (data-label), the row being stacked rather than scrolled sideways."""
    labels = {}
    for session in sessions:
        label = gettext("Session %(number)s") % {"number": session.number}
        if session.number in milestones:
            label = f"{label} ({milestones[session.number]})"
        labels[session.number] = escape(label)
    return labels


@register.simple_tag
def progress_cells(row, labels):
    """The cells of one member's row of the progress sheet, one per group session, each
    named by its column (`labels`, from session_labels): the attendance (or "not held", or
    a dash), then the PHQ-9 (or PHQ-A) total and the check-in band given at that session."""
    words = attendance_words(get_language())
    not_held = escape(gettext("not held"))
    not_held = f'<span class="muted">{not_held}</span>'
    parts = []
    for session, record, given in row.cells:
        if record is not None:
            shown = (
                f'<span class="attendance attendance-{escape(str(record.attendance))}">'
                f"{words.get(record.attendance) or escaped(record.get_attendance_display())}</span>"
            )
        elif session.took_place is False:
            shown = not_held
        else:
            shown = '<span class="muted">–</span>'
        phq9, phqa, checkin = given.get("phq9"), given.get("phqa"), given.get("checkin")
        if phq9:
            shown += f"<br><strong>PHQ-9 {escaped(phq9.total)}</strong>"
        if phqa:
            shown += f"<br><strong>PHQ-A {escaped(phqa.total)}</strong>"
        if checkin:
            shown += f"<br>{escaped(checkin.band)}"
        parts.append(f'<td data-label="{labels[session.number]}">{shown}</td>')
    # Every piece above is escaped or fixed markup.
    return mark_safe("".join(parts))  # noqa: S308


@functools.cache
def member_row_words(language):
    """The fixed wording of a member row in `language`, translated once rather than on
    every row (the template asked gettext about ten times a row)."""
    with translation.override(language):
        return {
            "needs_attention": gettext(
                "Something in %(name)s's row needs attention (marked below)."
            ),
            "open_flag": gettext("Open safety flag:"),
            "follow_up": gettext("follow up one to one with %(name)s"),
            "homework": gettext("Homework from last session: %(homework)s"),
            "done_at_home": gettext(
                "%(name)s done for this session: %(total)s (%(band)s), sent from home."
            ),
            "done": gettext("%(name)s done for this session: %(total)s (%(band)s)."),
        }


@register.simple_tag
def member_row(row, attendance_legend):
    """One member's row of the group session page (the fieldset with their attendance,
    what they did from home, their questionnaires and notes), as the template's loop wrote
    it: 14 rows of a dozen look-ups and gettext calls each were about 3 ms of the page. The
    wording is the template's own (its msgids, translated once per language); every value
    from the database is escaped, as {{ }} and {% blocktranslate %} escape them."""
    words = member_row_words(get_language())
    line, prefix = row["line"], row["prefix"]
    client = line.member.client
    name = escaped(client.full_name)
    parts = [
        f'\n  <fieldset class="member-row card{" field-error" if row["has_errors"] else ""}"'
        f' id="member-{_shown(line.member.pk)}">\n'
        f'    <legend>{name} <span class="ref">{escaped(client.reference)}</span></legend>\n    '
    ]
    if row["has_errors"]:
        parts.append(f'<p class="error">{words["needs_attention"] % {"name": name}}</p>')
    parts.append("\n    ")
    if line.open_flags:
        link = reverse("clinic:risk_flag", args=[line.open_flags[0].pk])
        parts.append(
            f'<p class="message message-warning">{words["open_flag"]} <a href="{escaped(link)}">'
            f"{words['follow_up'] % {'name': name}}</a>.</p>"
        )
    parts.append("\n    ")
    if line.last_homework:
        parts.append(f"<p>{words['homework'] % {'homework': escaped(line.last_homework)}}</p>")
    parts.append(f"\n    {_attendance(row['attendance'], prefix, attendance_legend)}\n    ")
    for given in line.given:
        done = words["done_at_home" if given.respondent == "client_at_home" else "done"]
        values = {
            "name": _shown(given.instrument_name),
            "total": _shown(given.total),
            "band": _shown(given.band),
        }
        parts.append(f'<p class="done-measure">{done % values}</p>')
    parts.append("\n    ")
    for definition, questions, english_only, legend in row["measures"]:
        lang = ' lang="en"' if english_only else ""
        parts.append(
            f'\n    <fieldset class="group measure">\n      <legend>{escaped(legend)}</legend>\n'
            f'      <p class="stem"{lang}>{escaped(definition.instructions)}</p>\n'
            f"      {question_fieldsets(questions, english_only, prefix)}\n    </fieldset>\n    "
        )
    parts.append(
        f"\n    {text_field(row['brought'], prefix)}\n"
        f"    {text_field(row['homework'], prefix)}\n  </fieldset>\n  "
    )
    # Every piece above is escaped, translated fixed wording, or markup written here.
    return mark_safe("".join(parts))  # noqa: S308


def _attendance(field, prefix, legend):
    errors = field.errors
    opening = (
        '<fieldset class="field choice field-error">'
        if errors
        else ('<fieldset class="field choice">')
    )
    return (
        f"{opening}\n      <legend>{escaped(legend)}</legend>\n      {error_paragraph(field)}\n"
        f'      <div class="choices">{row_radios(field, prefix)}</div>\n    </fieldset>'
    )


def _shown(value):
    # As {{ value }} writes it: localized (numbers), then escaped unless marked safe.
    return conditional_escape(localize(value))


@functools.cache
def agenda_words(language):
    """The fixed wording of an agenda task's fieldset in `language`, translated once."""
    with translation.override(language):
        return {
            "carried": gettext("still to do from the %(phase)s phase"),
            "review": gettext("review: go back over it"),
            "borrowed": gettext("from the %(phase)s phase: nothing is left in this one"),
            "optional": gettext("optional"),
            "guide": gettext("Guide"),
        }


@register.simple_tag
def agenda_task(item, status, note, guide_for):
    """One task of the group's agenda (its fieldset: title and badges, guide, status radios
    and note), as the template's loop wrote it, in one pass like member_row."""
    words = agenda_words(get_language())
    task = item.task
    badges = ""
    if item.carried_over:
        phase = {"phase": _shown(item.phase)}
        badges += f' <span class="badge badge-carried">{words["carried"] % phase}</span>'
    if item.review:
        badges += f' <span class="badge">{words["review"]}</span>'
    if item.borrowed:
        phase = {"phase": _shown(item.phase)}
        badges += f' <span class="badge">{words["borrowed"] % phase}</span>'
    if not task.required:
        badges += f' <span class="badge">{words["optional"]}</span>'
    errors = status.errors
    markup = (
        f'\n  <fieldset class="agenda-task{" field-error" if errors else ""}">\n'
        f"    <legend>{_shown(task.title)}{badges}</legend>\n"
        f'    <details class="task-guide-details"><summary>{words["guide"]}'
        f'<span class="visually-hidden"> {_shown(guide_for)}</span></summary>'
        f'<p class="task-guide">{_shown(task.guide)}</p></details>\n'
        f"    {error_paragraph(status)}\n"
        f'    <div class="choices">{radio_options(status, "choice-label", False)}</div>\n'
        f"    {text_field(note)}\n  </fieldset>"
    )
    # Every piece above is escaped, translated fixed wording, or markup written here.
    return mark_safe(markup)  # noqa: S308
