"""What reminders may say: the organisation's wording, its defaults, and the words no
message may hold.

A reminder can be read on a shared phone, a work inbox or a lock screen. So no message
says that its reader is in therapy or what for: no instrument or problem-area name, no
score, no clinical word, no other person's name. The message templates are checked
against FORBIDDEN_WORDS by a test, and so is every wording an organisation sets
(forms.MessageSettingsForm), so the rule holds for the text an admin types too.
"""

import re

from django.utils.translation import gettext, gettext_noop

# Whole words (case-insensitive). Instruments by name and code, the IPT problem areas,
# and words that name therapy, a diagnosis, a risk or a score.
FORBIDDEN_WORDS = (
    # instruments
    "PHQ",
    "PHQ-9",
    "PHQ-A",
    "GAD",
    "GAD-7",
    "WSAS",
    "ASQ",
    "ASRM",
    "WAI",
    "WAI-SR",
    "SRM",
    "SRM-5",
    "questionnaire",
    "questionnaires",
    "diary",
    "rhythm",
    # problem areas
    "grief",
    "bereavement",
    "dispute",
    "disputes",
    "transition",
    "deficits",
    "sensitivity",
    "interpersonal",
    # therapy and diagnoses
    "IPT",
    "IPSRT",
    "IPC",
    "therapy",
    "therapies",
    "therapist",
    "therapeutic",
    "psychotherapy",
    "psychological",
    "psychiatric",
    "counselling",
    "counseling",
    "counsellor",
    "counselor",
    "mental",
    "depression",
    "depressed",
    "anxiety",
    "bipolar",
    "mania",
    "manic",
    "mood",
    "treatment",
    "clinical",
    "clinician",
    "diagnosis",
    "symptom",
    "symptoms",
    # risk and scores
    "suicide",
    "suicidal",
    "self-harm",
    "harm",
    "risk",
    "crisis",
    "score",
    "scores",
    "severity",
    "flag",
    # the same in the other languages messages are written in (nl, fr; docs/languages.md)
    "vragenlijst",
    "vragenlijsten",
    "dagboek",
    "therapie",
    "therapeut",
    "psychotherapie",
    "thérapie",
    "thérapeute",
    "psychothérapie",
    "depressie",
    "dépression",
    "angst",
    "anxiété",
    "stemming",
    "humeur",
    "behandeling",
    "traitement",
    "klinisch",
    "klinische",
    "clinique",
    "diagnose",
    "diagnostic",
    "zelfbeschadiging",
    "automutilation",
    "zelfmoord",
    "suïcide",
    "risico",
    "risque",
    "crise",
    "rouw",
    "deuil",
)

_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(word) for word in FORBIDDEN_WORDS) + r")(?![\w-])",
    re.IGNORECASE,
)


def forbidden_in(text):
    """The forbidden words found in `text`, in order, each once."""
    return list(dict.fromkeys(match.group(1).lower() for match in _PATTERN.finditer(text)))


# The organisation may change the subject and the opening sentence of each client
# reminder; times, places and the stop link are always added by the template.
DEFAULTS = {
    "session": {
        "subject": gettext_noop("Appointment reminder"),
        "opening": gettext_noop("This is a reminder of your appointment."),
    },
    "group_session": {
        "subject": gettext_noop("Meeting reminder"),
        "opening": gettext_noop("This is a reminder of your next group meeting."),
    },
    "things_due": {
        "subject": gettext_noop("Before your appointment"),
        "opening": gettext_noop("There is something to fill in before your next appointment."),
    },
    "homework_due": {
        "subject": gettext_noop("A reminder for tomorrow"),
        "opening": gettext_noop("Something you agreed to do is due tomorrow."),
    },
    "diary": {
        "subject": gettext_noop("Today's page"),
        "opening": gettext_noop("A reminder to fill in today's page."),
    },
    "follow_up": {
        "subject": gettext_noop("Appointment reminder"),
        "opening": gettext_noop("This is a reminder of your follow-up appointment."),
    },
}
WORDING_FIELDS = ("subject", "opening")


def wording_for(settings_row, kind):
    """{"subject", "opening"} for a kind: the organisation's, as it wrote it, else the
    default in the active language."""
    chosen = (settings_row.wording or {}).get(kind, {}) if settings_row else {}
    default = DEFAULTS.get(kind, {})
    return {
        field: chosen.get(field) or (gettext(default[field]) if default.get(field) else "")
        for field in WORDING_FIELDS
    }
