"""Every date the product accepts is bounded (openipt/dates.py, issue 17 item 6): the
windows, their messages, and a check on the code that no form builds a date field that
escapes them."""

import ast
import importlib
import inspect
import pkgutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

import openipt
from openipt import dates

ROOT = Path(openipt.__file__).resolve().parent
TODAY = date(2026, 11, 25)


# --- the windows, table-driven ----------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "earliest", "latest"),
    [
        (dates.BIRTH, date(1900, 1, 1), TODAY),
        (dates.LIFE_HISTORY, date(1900, 1, 1), TODAY),
        (dates.CARE, date(2021, 11, 25), date(2027, 11, 25)),
        (dates.PAST_CARE, date(2021, 11, 25), TODAY),
        (dates.APPOINTMENT, date(2021, 11, 25), date(2029, 11, 25)),
        (dates.WORKSHEET, date(1900, 1, 1), date(2029, 11, 25)),
    ],
)
def test_each_window_runs_from_its_first_to_its_last_day(window, earliest, latest):
    assert window.bounds(TODAY) == (earliest, latest)
    window.check(earliest, TODAY)
    window.check(latest, TODAY)
    for outside in (earliest - timedelta(days=1), latest + timedelta(days=1)):
        with pytest.raises(forms.ValidationError):
            window.check(outside, TODAY)


@pytest.mark.parametrize(
    ("window", "day", "message"),
    [
        (dates.BIRTH, date(1, 1, 1), "Give a date from 1 January 1900 to today."),
        (dates.BIRTH, date(9999, 12, 31), "The date of birth cannot be in the future."),
        (dates.PAST_CARE, date(2026, 11, 26), "This date cannot be in the future."),
        (dates.PAST_CARE, date(1, 1, 1), "Give a date from 25 November 2021 to today."),
        (
            dates.APPOINTMENT,
            date(9999, 12, 31),
            "Give a date from 25 November 2021 to 25 November 2029.",
        ),
    ],
)
def test_a_date_outside_gets_a_message_that_says_what_is_allowed(window, day, message):
    with pytest.raises(forms.ValidationError) as refused:
        window.check(day, TODAY)
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("language", "window", "day", "message"),
    [
        ("nl", dates.BIRTH, date(1, 1, 1), "Geef een datum van 1 januari 1900 tot vandaag."),
        ("nl", dates.BIRTH, date(9999, 12, 31), "De geboortedatum kan niet in de toekomst liggen."),
        (
            "nl",
            dates.APPOINTMENT,
            date(9999, 12, 31),
            "Geef een datum van 25 november 2021 tot 25 november 2029.",
        ),
        (
            "fr",
            dates.PAST_CARE,
            date(1, 1, 1),
            "Indiquez une date entre le 25 novembre 2021 et aujourd'hui.",
        ),
        ("fr", dates.PAST_CARE, date(2026, 11, 26), "Cette date ne peut pas être dans le futur."),
        (
            "fr",
            dates.LIFE_HISTORY,
            date(9999, 12, 31),
            "Cette date est dans le futur ; indiquez une date jusqu'à aujourd'hui.",
        ),
    ],
)
def test_the_message_is_in_the_readers_language(language, window, day, message):
    with translation.override(language):
        with pytest.raises(forms.ValidationError) as refused:
            window.check(day, TODAY)
        assert refused.value.messages == [message]


@given(day=st.dates())
def test_any_date_is_either_accepted_or_refused_with_a_message(day):
    for window in dates.WINDOWS:
        earliest, latest = window.bounds(TODAY)
        try:
            window.check(day, TODAY)
        except forms.ValidationError as refused:
            assert not earliest <= day <= latest
            assert refused.messages and refused.messages[0]
        else:
            assert earliest <= day <= latest


@given(day=st.dates())
def test_a_date_accepted_today_stays_sound_for_ever(day):
    """What a form accepts today lies in the range `openipt repair-dates` checks, today
    and on any later day: a repair never touches a date a form accepted."""
    for window in dates.WINDOWS:
        earliest, latest = window.bounds(TODAY)
        if not earliest <= day <= latest:
            continue
        for later in (TODAY, TODAY + timedelta(days=400), TODAY + timedelta(days=4000)):
            low, high = dates.repairable(window, later)
            assert low <= day <= high


@pytest.mark.django_db
def test_the_fields_refuse_the_year_1_and_the_year_9999_by_the_field():
    class Example(forms.Form):
        born = dates.date_field(dates.BIRTH)
        at = dates.datetime_field(dates.APPOINTMENT)

    form = Example({"born": "0001-01-01", "at": "9999-12-31T23:59"})
    assert not form.is_valid()
    assert form.errors["born"] == [dates.BIRTH.message()]
    assert form.errors["at"] == [dates.APPOINTMENT.message()]
    form = Example({"born": "1985-05-17", "at": "2027-01-05T10:00"})
    assert form.is_valid(), form.errors


def test_the_date_picker_offers_only_the_window():
    widget = dates.DateInput(window=dates.BIRTH)
    rendered = widget.render("born", None)
    earliest, latest = dates.BIRTH.bounds()
    assert f'min="{earliest.isoformat()}"' in rendered
    assert f'max="{latest.isoformat()}"' in rendered
    assert 'type="date"' in rendered


def test_clamp_keeps_pictures_within_a_sound_range():
    assert dates.clamp(date(1, 1, 1)) == date(1900, 1, 1)
    assert dates.clamp(date(9999, 12, 31)).year < 2100
    assert dates.clamp(date(2026, 3, 1)) == date(2026, 3, 1)


def test_a_date_and_time_is_checked_by_its_local_day():
    with pytest.raises(forms.ValidationError):
        dates.APPOINTMENT(datetime(9999, 12, 31, 23, 59))


# --- the code: no form builds a date field another way ----------------------------------

RAW_FIELDS = {"DateField", "DateTimeField", "SplitDateTimeField"}


def _raw_date_fields(path):
    """`forms.DateField(...)` and the like, built outside openipt/dates.py."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in RAW_FIELDS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "forms"
        ):
            yield f"{path.relative_to(ROOT.parent)}:{node.lineno}"


def test_no_form_builds_an_unbounded_date_field():
    """Forms use dates.date_field / dates.datetime_field, so every date has a window."""
    found = [
        where
        for path in ROOT.rglob("*.py")
        if path.name != "dates.py" and "tests" not in path.parts and "migrations" not in path.parts
        for where in _raw_date_fields(path)
    ]
    assert not found, "Use openipt.dates.date_field (a window for every date):\n" + "\n".join(found)


def _project_form_classes():
    for module_info in pkgutil.walk_packages([str(ROOT)], prefix="openipt."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or name.endswith(("settings", "wsgi")):
            continue
        if not name.endswith(("forms", "rhythm_forms")) and ".forms." not in name:
            continue
        module = importlib.import_module(name)
        for _, thing in inspect.getmembers(module, inspect.isclass):
            if issubclass(thing, forms.BaseForm) and thing.__module__ == name:
                yield thing


@pytest.mark.django_db
def test_every_date_field_a_form_declares_has_a_window():
    """Model forms make date fields from the model's: each must be declared with a window."""
    checked, unbounded = 0, []
    for form_class in _project_form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                checked += 1
                if not isinstance(field, dates.BoundedDateField | dates.BoundedDateTimeField):
                    unbounded.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert checked > 10, "the test found too few forms to be reading them"
    assert not unbounded, "\n".join(unbounded)
