"""Crisis lines become tap-to-call (tel:) and tap-to-text (sms:) links (issue 19)."""

import pytest

from openipt.accounts.crisis import CrisisInformation, dial_string


@pytest.mark.parametrize(
    ("line", "dial"),
    [
        ("Northside crisis line: 0800 000 111", "0800000111"),
        ("Samaritans 116 123 (free, day or night)", "116123"),
        ("London line: +44 (0)20 7946 0000", "+4402079460000"),
        ("Text SHOUT to 85258", "85258"),
        ("NHS 111 online, or call 111", "111"),
        ("Call 999", "999"),
        ("Ask at reception", None),
        ("Room 12", None),
    ],
)
def test_the_number_to_dial_is_the_last_number_in_the_line(line, dial):
    assert dial_string(line) == dial


def test_each_line_keeps_its_words_beside_its_number():
    crisis = CrisisInformation(
        ("Crisis line: 0800 000 111", "Ask at reception"), ("Text SHOUT to 85258",), (), True
    )
    assert crisis.phone_links == (
        ("Crisis line: 0800 000 111", "0800000111"),
        ("Ask at reception", None),
    )
    assert crisis.text_links == (("Text SHOUT to 85258", "85258"),)
