"""Answer scales shared by more than one instrument."""

from __future__ import annotations

from .base import Option

# The PHQ family's two-week frequency scale. The wording is the published PHQ/GAD wording,
# free to reproduce; the LOINC answer codes are those of LOINC answer list LL358-3 as used in
# LOINC's own Questionnaires 44249-1 (PHQ-9) and 69737-5 (GAD-7).
FREQUENCY_OPTIONS = (
    Option(0, "Not at all", 0, loinc="LA6568-5"),
    Option(1, "Several days", 1, loinc="LA6569-3"),
    Option(2, "More than half the days", 2, loinc="LA6570-1"),
    Option(3, "Nearly every day", 3, loinc="LA6571-9"),
)

YES_NO_OPTIONS = (
    Option("yes", "Yes", None),
    Option("no", "No", None),
)
