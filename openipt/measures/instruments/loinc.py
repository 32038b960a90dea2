"""LOINC code shape and check digit, so a mistyped code fails a test instead of an export.

LOINC term codes (``44249-1``) end in a Mod 10 check digit (LOINC Users' Guide): reading the
digits from the right, join those in odd positions into a number and double it, put the digits
in even positions in front, add up all the digits, and take the distance to the next multiple
of ten (12345: 531 doubled is 1062, with 42 in front 421062, digit sum 15, check digit 5).

LOINC answer codes (``LA6568-5``) carry a check digit too. Replacing each letter by its base-36
value (A=10 ... Z=35, so "LA" becomes "2110") and applying the same rule gives the published
check digit of every PHQ-9 answer code in LOINC's Questionnaire 44249-1; we rely on that
observation, not on a published statement, and the tests pin it to those codes.
"""

from __future__ import annotations

import re

TERM_CODE = re.compile(r"(\d{1,7})-(\d)", re.ASCII)
ANSWER_CODE = re.compile(r"(LA\d{1,7})-(\d)", re.ASCII)


def check_digit(body: str) -> int:
    """Mod 10 check digit of the part before the hyphen (letters count by base-36 value)."""
    digits = "".join(str(int(char, 36)) for char in body)
    from_right = digits[::-1]
    odd_positions, even_positions = from_right[0::2], from_right[1::2]
    joined = even_positions + str(int(odd_positions) * 2)
    return -sum(int(digit) for digit in joined) % 10


def is_valid_code(code: str, *, answer: bool = False) -> bool:
    """True when ``code`` has the LOINC shape and its check digit is right."""
    match = (ANSWER_CODE if answer else TERM_CODE).fullmatch(code)
    return bool(match) and check_digit(match.group(1)) == int(match.group(2))
