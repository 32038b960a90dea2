"""The audit actions of measures, risk flags and the SRM-5 (audit/events.py). All clinical."""

from django.utils.translation import gettext_lazy as _

from openipt.audit.events import CLINICAL, Code, Number, Person, YesNo, declare

from . import instruments
from .models import FlagSource

INSTRUMENT_NAMES = {code: module.NAME for code, module in instruments.INSTRUMENTS.items()}
NOTICE_RECIPIENTS = {
    "supervisor": _("the clinician's supervisor"),
    "safety_lead": _("the safety lead"),
}


def _page(code, words):
    declare(code, CLINICAL, words)


_page("measure.form_viewed", _("Questionnaire form viewed"))
_page("measure.viewed", _("Questionnaire viewed"))
_page("measure.fhir_exported", _("Questionnaire exported as FHIR"))
_page("progress_report.downloaded", _("Progress report downloaded"))
_page("rhythm.viewed", _("Rhythm diary weeks viewed"))
_page("rhythm.form_viewed", _("Rhythm diary week form viewed"))
_page("risk_flag.viewed", _("Safety flag viewed"))
_page("risk_flag.reassign_form_viewed", _("Safety flag hand-over form viewed"))
_page(
    "supervision.viewed",
    _(
        "Client shown on the supervision page (a safety flag, an alert, a note to co-sign or "
        "risk in view)"
    ),
)

declare(
    "measure.recorded",
    CLINICAL,
    _("Questionnaire recorded"),
    says=_("{instrument} recorded{prorated}"),
    instrument=Code(INSTRUMENT_NAMES),
    prorated=YesNo(yes=_(", prorated"), no=""),
)
declare(
    "questionnaire.draft_saved",
    CLINICAL,
    _("Questionnaire answers saved to finish later"),
)
declare(
    "risk_flag.raised",
    CLINICAL,
    _("Safety flag raised"),
    says=_("Safety flag raised from {source}"),
    # Read when the trail is shown, so the words follow the reader's language.
    source=Code(lambda: {code: label.lower() for code, label in FlagSource.choices}),
)
_page("risk_flag.linked", _("Safety flag linked to the questionnaire it was raised from"))
_page("risk_flag.acknowledged", _("Safety flag acknowledged"))
_page("risk_flag.resolved", _("Safety flag resolved"))
declare(
    "risk_flag.supervisor_notified",
    CLINICAL,
    _("Notice of an unacknowledged safety flag sent"),
    says=_("Notice of an unacknowledged safety flag sent to {recipient_role}, {recipient}"),
    recipient_role=Code(NOTICE_RECIPIENTS),
    recipient=Person(),
)
declare(
    "risk_flag.reassigned",
    CLINICAL,
    _("Safety flag follow-up handed on"),
    says=_("Safety flag follow-up handed to {to}"),
    to=Person(),
)
_page("rhythm_week.recorded", _("Rhythm diary week recorded"))
_page("rhythm_diary.started", _("Rhythm diary week started"))
declare(
    "rhythm_diary.day_saved",
    CLINICAL,
    _("Rhythm diary day saved"),
    says=_("Rhythm diary day {day} saved"),
    day=Number(),
)
