"""What a client sees when they need help now: their organisation's crisis lines,
or, when no organisation is known or it has set none, general advice."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# A run of digits, spaces and separators that starts with + or a digit and ends with a digit:
# "0800 000 111", "+44 (0)20 7946 0000", "116 123".
NUMBER = re.compile(r"\+?\d[\d\s().-]*\d")

GENERAL_STEPS = (
    _(
        "If you might act on thoughts of harming yourself, or you are in danger now, "
        "call your local emergency number (999 in the UK, 112 in the EU, 911 in North America)."
    ),
    _("If you can, tell someone you trust how you are feeling and ask them to stay with you."),
    _("Contact your GP or your local urgent mental health service today."),
)


@dataclass(frozen=True)
class CrisisInformation:
    phone_numbers: tuple[str, ...]
    text_lines: tuple[str, ...]
    steps: tuple[str, ...]
    from_organisation: bool

    @property
    def phone_links(self):
        """(line, dial string or None) for each phone line, so a phone can call it in one tap."""
        return tuple((line, dial_string(line)) for line in self.phone_numbers)

    @property
    def text_links(self):
        """(line, number to text or None) for each text line."""
        return tuple((line, dial_string(line)) for line in self.text_lines)


def dial_string(line):
    """The last number written in a line, as a tel:/sms: address wants it ("08000001111",
    "+442079460000"); None when the line holds no number of at least three digits. The last
    one, because lines read "Name: number" and names may hold digits ("111 online")."""
    found = NUMBER.findall(line)
    if not found:
        return None
    number = found[-1]
    digits = re.sub(r"\D", "", number)
    if len(digits) < 3:
        return None
    return ("+" if number.startswith("+") else "") + digits


def _parts(organisation, language):
    by_language = organisation.crisis_by_language or {}
    own = by_language.get(language) or by_language.get(language.split("-")[0])
    if own and language != settings.LANGUAGE_CODE:
        return own.get("phone_numbers", ""), own.get("text_lines", ""), own.get("what_to_do", "")
    return (
        organisation.crisis_phone_numbers,
        organisation.crisis_text_lines,
        organisation.crisis_what_to_do,
    )


def _lines(text):
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def crisis_information_for(user):
    """A signed-in client's organisation's information; general advice for anyone else
    (in the language of the page, as is everything below)."""
    if user.is_authenticated and user.is_client:
        return crisis_information(user.organisation)
    return crisis_information(None)


def crisis_information(organisation=None, language=None):
    """The organisation's lines in `language` (the page's by default) where it gave them,
    else in its default language; general advice where it gave none."""
    if organisation is None:
        return CrisisInformation((), (), GENERAL_STEPS, from_organisation=False)
    phones, texts, steps = _parts(organisation, language or translation.get_language())
    phones, texts, steps = _lines(phones), _lines(texts), _lines(steps)
    if not (phones or texts or steps):
        return CrisisInformation((), (), GENERAL_STEPS, from_organisation=False)
    return CrisisInformation(phones, texts, steps or GENERAL_STEPS, from_organisation=True)
