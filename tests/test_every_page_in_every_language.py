"""Every page of the access matrix, read in Dutch and in French, shows none of the most
common words of the English interface (issue 16, "how it is checked").

Each page is opened by the first person of PREFERRED who may open it, with that person's
language set to the one under test (anonymous pages by the browser's language). The text a
person reads is searched: the words between tags and the labels a screen reader speaks
(aria-label, title, alt, placeholder, a button's value). A part of a page marked with
another language (`lang="en"`, as an instrument with no official translation is) is left
out, as are the records the test builders wrote in English (free text a clinician typed is
not interface). Run one page with `-k 'clinic:course and nl'` to see what it still shows.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from test_access_matrix import MATRIX

TRANSLATED = ("nl", "fr")
PREFERRED = (
    "owner",
    "co_facilitator",
    "supervisor",
    "admin",
    "programme_lead",
    "client_user",
    "anonymous",
)
# Whole words of the English interface, chosen so that none is also a Dutch or French
# word ("Date", "Score", "Questionnaire", "Start" and "Client" are, and are left out).
COMMON_ENGLISH = (
    "Save",
    "Cancel",
    "Edit",
    "Delete",
    "Back to",
    "Sign out",
    "Print",
    "Download",
    "Homework",
    "Attended",
    "Recorded",
    "Weekly",
    "Started",
    "Ended",
    "Next session",
    "Progress note",
    "Sessions",
    "Episode",
    "Supervisor",
    "Therapist",
    "Counsellor",
    "Questionnaires",
    "Worksheets",
    "Relapse",
    "Problem area",
    "Outcomes",
    "Not yet",
    "None yet",
    "Yes",
    "Nothing",
    "Record",
    "Show",
    "Choose",
    "Add",
    "Open",
    "the",
    "and",
    "your",
    "you",
    "with",
    "this",
    "has",
    "are",
    "was",
    "from",
    "been",
    "which",
    "when",
    "what",
    "will",
    "should",
)
WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in COMMON_ENGLISH) + r")\b")
SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class ReadableText(HTMLParser):
    """Collects what a person reads or hears, leaving out scripts, styles and any part of
    the page marked with a language other than the page's."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.parts = []
        self.skipping = []  # stack of open elements; True where a skipped part begins

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other_language = "lang" in attrs and not (attrs["lang"] or "").startswith(self.language)
        skip = tag in ("script", "style", "template") or (other_language and tag != "html")
        if not any(self.skipping) and not skip:
            self.parts.extend(attrs[name] or "" for name in SPOKEN_ATTRIBUTES if name in attrs)
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self.parts.append(attrs.get("value") or "")
        if tag not in VOID:
            self.skipping.append(skip)

    def handle_endtag(self, tag):
        if tag not in VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not any(self.skipping):
            self.parts.append(data)


def readable_text(html, language):
    reader = ReadableText(language)
    reader.feed(html)
    return re.sub(r"\s+", " ", " ".join(reader.parts))


def written_by_the_test_builders(people):
    """Free text the builders stored (notes, names of groups, worksheet answers): a
    clinician's English, not the interface's. Read from the database so that a new
    builder's text is left out without a list to keep."""
    from openipt.testing.free_text import stored_free_text  # noqa: PLC0415

    return stored_free_text()


def english_left(html, language, builders_text):
    text = readable_text(html, language)
    for written in builders_text:
        text = text.replace(written, " ")
    return sorted(set(WORDS.findall(text)))


def reader_of(expected):
    for person in PREFERRED:
        if expected[person] == 200:
            return person
    return None


PAGES = sorted(name for name, (_, expected) in MATRIX.items() if reader_of(expected))


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("url_name", PAGES)
def test_the_page_shows_no_common_english_word(url_name, language, people, client):
    make_kwargs, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=make_kwargs(people) if make_kwargs else None)
    person = reader_of(expected)
    if person != "anonymous":
        user = getattr(people, person)
        user.language = language
        user.save(update_fields=["language"])
        client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    if not response.get("Content-Type", "").startswith("text/html"):
        pytest.skip("not a page (a PDF, an image or an export)")
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    left = english_left(html, language, written_by_the_test_builders(people))
    assert left == [], f"{url_name} as {person} in {language} still shows {left}"
