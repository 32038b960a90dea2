"""Official translations of instruments, as data: one JSON file per instrument and
language, named <code>.<language>.json (e.g. phq9.nl.json), beside this module.

A file holds the publisher's own wording WORD FOR WORD and says where it comes from:

    {"source": "publisher, title, address", "terms": "why it may be shipped",
     "instructions": "...", "items": {"q1": "...", ...},
     "options": {"*": {"0": "...", ...}, "q10": {"0": "...", ...}}}

"options" gives answer labels by item key, "*" for every item without its own. Every
item and every option of the instrument must be given (tests/test_instrument_translations
checks each file), and the scores stay the instrument's own: a translation changes words,
never values. No file, no translation: the questionnaire is asked in English and the page
says so in the person's language (docs/instruments.md, "Translations"). Never add a
translation made by us or by a machine: only an official one found exactly.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..base import Instrument, Item

DIRECTORY = Path(__file__).resolve().parent
# The language the instruments' own modules are written in (stored on administrations).
ENGLISH = "en"
# Why a questionnaire is asked in English for someone who reads another language.
NOT_FOUND = "not_found"  # free to translate, but no official text is held here yet
NOT_FREE = "not_free"  # its translations may not be shipped (licence)


@dataclass(frozen=True)
class Translation:
    code: str
    language: str
    source: str
    terms: str
    instructions: str
    items: dict
    options: dict


def base_language(language):
    """'nl' for 'nl', 'fr' for 'fr-be', 'en' for 'en-gb'."""
    return (language or ENGLISH).split("-")[0].lower()


@cache
def translation_for(code, language):
    """The official translation of instrument `code` into `language`, or None."""
    path = DIRECTORY / f"{code}.{base_language(language)}.json"
    if base_language(language) == ENGLISH or not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Translation(
        code=code,
        language=base_language(language),
        source=data["source"],
        terms=data["terms"],
        instructions=data["instructions"],
        items=data["items"],
        options=data["options"],
    )


def shown_language(code, language):
    """The language instrument `code` is asked in for someone reading `language`."""
    translation = translation_for(code, language)
    return translation.language if translation else ENGLISH


def english_only_reason(module, language):
    """None when the person reads the questionnaire in their language (or English);
    otherwise why it is asked in English: NOT_FREE or NOT_FOUND."""
    if base_language(language) == ENGLISH or translation_for(module.CODE, language):
        return None
    return NOT_FOUND if getattr(module, "TRANSLATION_FREE", False) else NOT_FREE


def translated(definition: Instrument, language) -> Instrument:
    """The definition with the official wording of `language` where there is one; the
    same items, options, values and scores in the same order."""
    translation = translation_for(definition.code, language)
    return definition if translation is None else applied(definition, translation)


def applied(definition: Instrument, translation: Translation) -> Instrument:
    items = tuple(_translated_item(item, translation) for item in definition.items)
    return dataclasses.replace(definition, instructions=translation.instructions, items=items)


def _translated_item(item: Item, translation: Translation) -> Item:
    labels = translation.options.get(item.key, translation.options.get("*", {}))
    options = tuple(
        dataclasses.replace(option, label=labels[str(option.value)]) for option in item.options
    )
    return dataclasses.replace(item, text=translation.items[item.key], options=options)


def problems(definition: Instrument, translation: Translation):
    """What a translation file lacks for its instrument: one line per missing text."""
    found = [f"item {key}" for key in definition.item_keys if not translation.items.get(key)]
    for item in definition.items:
        labels = translation.options.get(item.key, translation.options.get("*", {}))
        found += [
            f"option {option.value} of {item.key}"
            for option in item.options
            if not labels.get(str(option.value))
        ]
    if not (translation.source and translation.terms and translation.instructions):
        found.append("source, terms or instructions")
    return found


def available():
    """(code, language) of every translation file held."""
    return sorted(tuple(path.stem.split(".")) for path in DIRECTORY.glob("*.*.json"))
