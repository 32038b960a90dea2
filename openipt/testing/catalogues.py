"""A short reader of gettext .po files, enough to judge a catalogue's completeness
(tests/test_catalogues.py) without a dependency: entries with their translations and
flags. It reads what `makemessages` writes; it is not a general .po parser."""

import ast
from dataclasses import dataclass, field


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict = field(default_factory=dict)  # plural index (0 for singular) -> text
    flags: set = field(default_factory=set)
    obsolete: bool = False

    @property
    def is_header(self):
        return self.msgid == "" and not self.msgid_plural

    @property
    def is_fuzzy(self):
        return "fuzzy" in self.flags


def read_po(path):
    entries, current, last = [], Entry(), None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current.msgstr or current.msgid:
                entries.append(current)
            current, last = Entry(), None
        elif line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(current, last, _unquote(line))
        else:
            keyword, _, value = line.partition(" ")
            last = keyword
            _append(current, last, _unquote(value))
    return entries


def _append(entry, keyword, text):
    if keyword == "msgid":
        entry.msgid += text
    elif keyword == "msgid_plural":
        entry.msgid_plural += text
    elif keyword == "msgstr":
        entry.msgstr[0] = entry.msgstr.get(0, "") + text
    elif keyword.startswith("msgstr["):
        index = int(keyword[len("msgstr[") : -1])
        entry.msgstr[index] = entry.msgstr.get(index, "") + text


def _unquote(value):
    return ast.literal_eval(value)


def plural_count(entries):
    """nplurals from the catalogue's header."""
    header = next(entry for entry in entries if entry.is_header)
    for line in header.msgstr.get(0, "").splitlines():
        if line.startswith("Plural-Forms:"):
            return int(line.split("nplurals=")[1].split(";")[0])
    raise ValueError("the catalogue's header has no Plural-Forms")


def problems(path):
    """Why the catalogue is not complete: one line per empty, fuzzy or missing plural."""
    entries = [entry for entry in read_po(path) if not entry.obsolete]
    plurals = plural_count(entries)
    found = []
    for entry in entries:
        if entry.is_header:
            continue
        if entry.is_fuzzy:
            found.append(f"fuzzy: {entry.msgid!r}")
        wanted = range(plurals) if entry.msgid_plural else [0]
        if any(not entry.msgstr.get(index) for index in wanted):
            found.append(f"untranslated: {entry.msgid!r}")
    return found
