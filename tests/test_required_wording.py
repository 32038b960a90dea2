"""One word for a field that must be filled in (issue 19, item 4): "required", on every
page and in every form's label and help text. This scans the templates and the Python
modules that build forms for the other words a page could use for the same thing."""

import re
from pathlib import Path

from openipt.worksheets import forms
from openipt.worksheets.definitions import WORKSHEETS

ROOT = Path(__file__).resolve().parent.parent / "openipt"
# The words a form must not use for "required"; "no sign-in needed" (a page, not a field)
# is the one phrase allowed.
OTHER_WORDS = re.compile(r"\b(needed|mandatory|compulsory|obligatory)\b", re.IGNORECASE)
ALLOWED = ("no sign-in needed",)
# In Python, only the strings people read next to a field.
FIELD_TEXT = re.compile(r"""(label|help_text|legend)\s*=\s*(?:\(\s*)?((?:"[^"]*"\s*)+)""")


def offenders_in(text):
    for phrase in ALLOWED:
        text = text.replace(phrase, "")
    return OTHER_WORDS.findall(text)


def test_templates_say_required_not_another_word():
    offenders = [
        f"{template.relative_to(ROOT)}: {found}"
        for template in ROOT.rglob("templates/**/*.html")
        if (found := offenders_in(template.read_text()))
    ]
    assert offenders == []


def test_form_labels_and_help_say_required_not_another_word():
    offenders = []
    for module in ROOT.rglob("*.py"):
        if "tests" in module.parts or "migrations" in module.parts:
            continue
        for _, strings in FIELD_TEXT.findall(module.read_text()):
            if found := offenders_in(strings):
                offenders.append(f"{module.relative_to(ROOT)}: {found}")
    assert offenders == []


def test_the_worksheet_hint_says_required():
    """The one hint built outside a label or help_text keyword (worksheets/forms.py)."""
    spec = next(
        spec
        for definition in WORKSHEETS.values()
        for section in definition.sections
        for spec in section.fields
        if spec.required
    )
    assert forms._field_for(spec, people=[]).help_text.startswith("Required before you submit.")
