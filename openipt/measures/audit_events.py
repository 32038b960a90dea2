"""The audit actions of measures, risk flags and the SRM-5 (audit/events.py). All clinical."""

from openipt.audit.events import CLINICAL, Code, Number, Person, YesNo, declare

from . import instruments
from .models import FlagSource

INSTRUMENT_NAMES = {code: module.NAME for code, module in instruments.INSTRUMENTS.items()}
NOTICE_RECIPIENTS = {"supervisor": "the clinician's supervisor", "safety_lead": "the safety lead"}


def _page(code, words):
    declare(code, CLINICAL, words)


_page("measure.form_viewed", "Questionnaire form viewed")
_page("measure.viewed", "Questionnaire viewed")
_page("measure.fhir_exported", "Questionnaire exported as FHIR")
_page("progress_report.downloaded", "Progress report downloaded")
_page("rhythm.viewed", "Rhythm diary weeks viewed")
_page("rhythm.form_viewed", "Rhythm diary week form viewed")
_page("risk_flag.viewed", "Safety flag viewed")
_page("risk_flag.reassign_form_viewed", "Safety flag hand-over form viewed")
_page("supervision.viewed", "Client's safety flag shown on the supervision page")

declare(
    "measure.recorded",
    CLINICAL,
    "Questionnaire recorded",
    says="{instrument} recorded{prorated}",
    instrument=Code(INSTRUMENT_NAMES),
    prorated=YesNo(yes=", prorated", no=""),
)
declare(
    "questionnaire.draft_saved",
    CLINICAL,
    "Questionnaire answers saved to finish later",
)
declare(
    "risk_flag.raised",
    CLINICAL,
    "Safety flag raised",
    says="Safety flag raised from {source}",
    source=Code({code: label.lower() for code, label in FlagSource.choices}),
)
_page("risk_flag.linked", "Safety flag linked to the questionnaire it was raised from")
_page("risk_flag.acknowledged", "Safety flag acknowledged")
_page("risk_flag.resolved", "Safety flag resolved")
declare(
    "risk_flag.supervisor_notified",
    CLINICAL,
    "Notice of an unacknowledged safety flag sent",
    says="Notice of an unacknowledged safety flag sent to {recipient_role}, {recipient}",
    recipient_role=Code(NOTICE_RECIPIENTS),
    recipient=Person(),
)
declare(
    "risk_flag.reassigned",
    CLINICAL,
    "Safety flag follow-up handed on",
    says="Safety flag follow-up handed to {to}",
    to=Person(),
)
_page("rhythm_week.recorded", "Rhythm diary week recorded")
_page("rhythm_diary.started", "Rhythm diary week started")
declare(
    "rhythm_diary.day_saved",
    CLINICAL,
    "Rhythm diary day saved",
    says="Rhythm diary day {day} saved",
    day=Number(),
)
