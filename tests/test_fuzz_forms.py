"""No input gives a 5xx (issue 17, item 6).

For every URL of the access matrix that someone may post to (the first person of the
matrix who may open it, or who gets 405 from a POST-only address), the page is opened,
every POST form on it that sends to that URL is read (its fields, their kinds, their
choices and the values a browser would send), and Hypothesis posts generated values to
it: the form as a browser would send it with some fields replaced by odd values (text,
huge and negative numbers, dates near the year 1 and the year 9999, impossible dates,
wrong choices, NUL characters, very long text) or left out. Forms are looked for on the
page itself and on its variants linked from it (the same address with a query, such as
`?instrument=phq9`); a POST-only address is looked for on the pages above it, then on the
pages those link to below the nearest one that opens, then on the person's start page.
After each POST the page is opened again, and so is the page the POST sent the person to,
so that a stored value that breaks a page is caught too.

Besides the generated examples, each date, date-and-time and number field of a form is
posted in turn at the ends of its kind (0001-01-01, 9999-12-31, -1, 2^63), and each
checkbox with "²", the rest of the form as a browser sends it: the classes of value the
black-box probe found 5xx with.

The test is driven by the matrix and by the forms it finds, so a new page or form is
fuzzed without touching this file. Each form gets FUZZ_EXAMPLES generated examples
(default 8; `OPENIPT_FUZZ_EXAMPLES=200` for a longer hunt, `OPENIPT_FUZZ_RANDOM=1` for new
examples each run; by default they are the same every run, so the suite is repeatable).
"""

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_access_matrix import MATRIX, PEOPLE

FUZZ_EXAMPLES = int(os.environ.get("OPENIPT_FUZZ_EXAMPLES", "8"))
FUZZ_RANDOM = os.environ.get("OPENIPT_FUZZ_RANDOM") == "1"
MAY_POST = (200, 405)  # 405: a POST-only address the person may use
NOT_FUZZED = {"csrfmiddlewaretoken"}
MAX_PAGES = 40  # pages opened to find the forms of one address
MAX_VARIANTS = 3  # variants of a page (its address with a query) whose forms are added


# --- reading the forms on a page --------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # an input type, "select", "select-multiple" or "textarea"
    options: list = field(default_factory=list)
    value: str = ""  # what a browser sends as the page stands ("" when nothing)
    sent: bool = False  # whether a browser sends it at all (checked, selected, filled)


@dataclass
class Form:
    action: str
    fields: dict = field(default_factory=dict)  # name -> Field
    buttons: list = field(default_factory=list)  # (name, value) of named submit buttons


class FormReader(HTMLParser):
    """The POST forms of a page, and the fields of any form whose inputs post elsewhere
    with htmx (hx-post), as one form per address."""

    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms = []
        self.links = []
        self.current = None
        self.htmx = set()
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.page_url, attrs["href"]))
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self.current = Form(urljoin(self.page_url, attrs.get("action") or self.page_url))
                self.htmx = set()
            return
        if self.current is None:
            return
        if attrs.get("hx-post"):
            self.htmx.add(urljoin(self.page_url, attrs["hx-post"]))
        name = attrs.get("name")
        if tag == "input" and name:
            self._input(name, attrs)
        elif tag == "button" and name and (attrs.get("type") or "submit") == "submit":
            self.current.buttons.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            kind = "select-multiple" if "multiple" in attrs else "select"
            self.select = self.current.fields.setdefault(name, Field(name, kind))
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select.options.append(value)
            if "selected" in attrs or not self.select.sent and self.select.kind == "select":
                self.select.value, self.select.sent = value, True
        elif tag == "textarea" and name:
            self.textarea = self.current.fields.setdefault(name, Field(name, "textarea", sent=True))

    def _input(self, name, attrs):
        kind = (attrs.get("type") or "text").lower()
        if kind in ("submit", "image", "reset", "button", "file"):
            if kind == "submit":
                self.current.buttons.append((name, attrs.get("value") or ""))
            return
        found = self.current.fields.setdefault(name, Field(name, kind))
        if kind in ("radio", "checkbox"):
            found.options.append(attrs.get("value", "on"))
            if "checked" in attrs:
                found.value, found.sent = attrs.get("value", "on"), True
        else:
            found.value, found.sent = attrs.get("value", ""), True

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.current is not None:
            self.forms.append(self.current)
            for address in self.htmx - {self.current.action}:
                self.forms.append(Form(address, dict(self.current.fields)))
            self.current = None


def read_page(page_url, html):
    reader = FormReader(page_url)
    reader.feed(html)
    return reader


def path_of(url):
    return urlsplit(url).path


def address_of(url):
    """The path and query a form posts to, without scheme and host."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- generated values -------------------------------------------------------------------

ODD_DATES = [
    "0001-01-01",
    "0001-01-02",
    "1899-12-31",
    "1900-01-01",
    "2099-12-31",
    "9999-12-31",
    "9999-12-25",
    "10000-01-01",
    "2026-02-30",
    "0000-00-00",
    "2026-13-01",
    "0000-01",
    "9999-12",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "9999-12-31T23:59:59.999999",
    "2026-03-29T01:30",  # a time the clocks skip in Europe/London
    "2026-10-25T01:30",  # a time that happens twice there
    "24:00",
    "23:60",
]
ODD_NUMBERS = [
    "-1",
    "0",
    "-0",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "1e309",
    "NaN",
    "inf",
    "1.5",
    "0x10",
    "١٢",  # Arabic-Indic digits: int() takes them
    "²",  # a digit to str.isdigit that int() refuses
]
ODD_TEXT = ["", " ", "\x00", "a\x00b", "<script>x</script>", "x" * 10_001, "\u202e", "💥" * 50]

DATE_KINDS = ("date", "datetime-local", "time", "month", "week")
date_like = st.one_of(
    st.sampled_from(ODD_DATES),
    st.dates().map(lambda day: day.isoformat()),
    st.datetimes().map(lambda moment: moment.isoformat()[:16]),
)
number_like = st.one_of(st.sampled_from(ODD_NUMBERS), st.integers().map(str))
text_like = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=40))
odd_value = st.one_of(date_like, number_like, text_like)


def odd_for(found):
    """Odd values, most often of the field's own kind (a date box gets odd dates)."""
    if found.kind in DATE_KINDS:
        return st.one_of(date_like, date_like, number_like, text_like)
    if found.kind == "number":
        return st.one_of(number_like, number_like, text_like, date_like)
    return st.one_of(text_like, date_like, number_like)


# Each field in turn gets these, the rest of the form as a browser sends it: the ends of
# the calendar and of the integers, the classes of value the probe found 5xx with.
BOUNDARIES = {
    "date": ("0001-01-01", "9999-12-31"),
    "datetime-local": ("0001-01-01T00:00", "9999-12-31T23:59"),
    "number": ("-1", "9223372036854775808"),
    "checkbox": ("²",),
}


def plausible(found):
    """What a browser could send for this field: its value as the page stands, or another
    of its choices."""
    if found.options and found.kind in ("radio", "select", "select-multiple", "checkbox"):
        return st.sampled_from(found.options)
    return st.just(found.value)


def as_sent(found):
    """The value a browser sends as the page stands (a first choice where none is made),
    or None when it sends nothing."""
    if found.kind == "checkbox":
        return found.value if found.sent else None
    if found.sent:
        return found.value
    return found.options[0] if found.options else None


def baseline(form):
    data = {name: as_sent(found) for name, found in form.fields.items()}
    data = {name: value for name, value in data.items() if value is not None}
    if form.buttons:
        data.setdefault(*form.buttons[-1])
    return data


def boundary_examples(form):
    """The form as sent, with one field at a time at each of its kind's boundaries."""
    for name, found in form.fields.items():
        for value in BOUNDARIES.get(found.kind, ()):
            yield {**baseline(form), name: value}


@st.composite
def submission(draw, form):
    """The form as a browser would send it, with one or a few fields replaced by odd
    values, left out, or sent several times."""
    names = [name for name in form.fields if name not in NOT_FUZZED]
    if not names:
        return baseline(form)
    changed = set(draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)))
    data = {}
    for name, found in form.fields.items():
        if name in changed:
            choice = draw(st.sampled_from(["odd", "odd", "odd", "missing", "many", "choice"]))
            if choice == "odd":
                data[name] = draw(odd_for(found))
            elif choice == "many":
                data[name] = draw(
                    st.lists(odd_for(found) | plausible(found), min_size=2, max_size=3)
                )
            elif choice == "choice":
                data[name] = draw(plausible(found))
            continue
        if found.kind == "checkbox":
            picked = draw(st.lists(st.sampled_from(found.options), unique=True, max_size=3))
            if picked:
                data[name] = picked
        elif found.sent or found.options:
            data[name] = found.value if found.sent else draw(plausible(found))
    if form.buttons:
        name, value = draw(st.sampled_from(form.buttons))
        data[name] = value
    if draw(st.integers(0, 3)) == 0:
        data[draw(st.text(min_size=1, max_size=12))] = draw(odd_value)  # a field nobody asked
    return data


anything = st.dictionaries(st.text(min_size=1, max_size=12), odd_value, max_size=5)


# --- the test ---------------------------------------------------------------------------


def poster(expected):
    """The first person of the matrix who may post to the address, or None."""
    return next((person for person in PEOPLE if expected[person] in MAY_POST), None)


FUZZED = sorted(name for name, (_, expected) in MATRIX.items() if poster(expected))


def sign_in(client, people, person):
    client.logout()
    if person != "anonymous":
        client.force_login(getattr(people, person))


def pages_above(url):
    """The address itself, then each page above it, nearest first."""
    parts = [part for part in url.strip("/").split("/") if part]
    return ["/" + "/".join(parts[:end]) + "/" for end in range(len(parts), 0, -1)]


def open_page(client, page):
    """(final address, FormReader) of an HTML page that opens, else None."""
    response = client.get(page, follow=True)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return None
    final = response.redirect_chain[-1][0] if response.redirect_chain else page
    final = address_of(urljoin(page, final))
    return final, read_page(final, response.content.decode())


def forms_for(client, url, person, people):
    """(page, forms posting to url): the first page found holding one, with the forms of
    its variants; else (url, []). See the module's docstring for where it looks."""
    above = pages_above(url)
    start = [reverse(getattr(people, person).start_page)] if person != "anonymous" else []
    queue, seen, scope = [*above, *start, "/"], set(), None
    while queue and len(seen) < MAX_PAGES:
        page = queue.pop(0)
        if page in seen:
            continue
        seen.add(page)
        opened = open_page(client, page)
        if opened is None:
            continue
        final, reader = opened
        variants = [link for link in reader.links if path_of(link) == url and "?" in link]
        found = [form for form in reader.forms if path_of(form.action) == url]
        if found:
            for variant in dict.fromkeys(address_of(link) for link in variants[:MAX_VARIANTS]):
                more = open_page(client, variant)
                found += [f for f in more[1].forms if path_of(f.action) == url] if more else []
            unique = {(address_of(f.action), tuple(sorted(f.fields))): f for f in found}
            return final, list(unique.values())
        queue[:0] = [address_of(link) for link in variants]  # the address's own variants first
        if page == url:
            scope = False  # a page that opens holds its own forms: no need to look further down
        elif scope is None and page in above:
            scope = page  # a POST-only address: look below the nearest page above that opens
        if scope:
            queue += [address_of(link) for link in reader.links if path_of(link).startswith(scope)]
    return url, []


def assert_no_server_error(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"


def check_pages_after(client, page, response):
    """The page the form is on, and the page the POST led to, still open."""
    assert_no_server_error(client.get(page), f"GET {page} after the POST")
    location = response.get("Location")
    if response.status_code in (301, 302, 303) and location:
        target = urljoin(page, location)
        if urlsplit(target).netloc in ("", "testserver"):
            try:
                resolve(path_of(target))
            except Resolver404:
                return
            assert_no_server_error(client.get(target), f"GET {target} after the POST")


@pytest.mark.parametrize("url_name", FUZZED)
def test_no_input_gives_a_server_error(url_name, people, client):
    make_kwargs, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=make_kwargs(people) if make_kwargs else None)
    person = poster(expected)
    sign_in(client, people, person)
    page, forms = forms_for(client, url, person, people)
    if forms:
        strategy = st.one_of(
            [
                submission(form).map(lambda data, f=form: (address_of(f.action), data))
                for form in forms
            ]
        )
        examples = FUZZ_EXAMPLES * len(forms)
    else:  # no form found: odd fields nobody asked for, posted to the address itself
        strategy = anything.map(lambda data: (url, data))
        examples = max(2, FUZZ_EXAMPLES // 4)

    explicit = [
        (address_of(form.action), data) for form in forms for data in boundary_examples(form)
    ]

    @settings(
        max_examples=examples,
        derandomize=not FUZZ_RANDOM,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(sent=strategy)
    def post(sent):
        address, data = sent
        sign_in(client, people, person)  # a POST may have signed the person out
        response = client.post(address, data)
        assert_no_server_error(response, f"POST {address} as {person} with {data!r}")
        if forms:  # a page without a form has nothing a POST should store
            check_pages_after(client, page, response)

    for sent in explicit:
        post = example(sent=sent)(post)
    post()
