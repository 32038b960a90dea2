"""The audit actions of the client portal's pages (audit/events.py). All clinical: that a
client opened their questionnaires, their homework or the crisis page is itself part of
their clinical record, and the organisation admin sees only that something happened."""

from django.utils.translation import gettext_lazy as _

from openipt.audit.events import CLINICAL, Code, Number, declare
from openipt.measures.audit_events import INSTRUMENT_NAMES

PAGES = {
    "portal.home_viewed": _("Client opened their portal home page"),
    "portal.crisis_viewed": _("Client opened the help page"),
    "portal.questionnaires_listed": _("Client opened their questionnaires"),
    "portal.questionnaire_done_viewed": _("Client saw a questionnaire they sent"),
    "portal.progress_viewed": _("Client opened their progress"),
    "portal.rhythm_diary_viewed": _("Client opened their rhythm diary"),
    "portal.therapy_viewed": _("Client opened their therapy page"),
    "portal.formulation_viewed": _("Client opened what their clinician shared"),
    "portal.homework_listed": _("Client opened their homework"),
    "portal.homework_viewed": _("Client opened a homework"),
    "portal.homework_pdf_downloaded": _("Client downloaded a homework"),
    "portal.relapse_plan_viewed": _("Client opened their relapse-prevention plan"),
    "portal.relapse_plan_pdf_downloaded": _("Client downloaded their relapse-prevention plan"),
    "portal.my_data_viewed": _("Client opened My data"),
    "portal.my_data_pdf_downloaded": _("Client downloaded their data as PDF"),
    "portal.my_data_json_downloaded": _("Client downloaded their data as JSON"),
    "portal.group_viewed": _("Client opened their group page"),
}
for _code, _words in PAGES.items():
    declare(_code, CLINICAL, _words)

declare(
    "portal.questionnaire_viewed",
    CLINICAL,
    _("Client opened a questionnaire"),
    says=_("Client opened the {instrument}, {question}"),
    instrument=Code(INSTRUMENT_NAMES),
    question=Number(shown=_("question {}"), none_words=_("all questions on one page")),
)
declare(
    "portal.rhythm_day_viewed",
    CLINICAL,
    _("Client opened a day of their rhythm diary"),
    says=_("Client opened day {day} of their rhythm diary"),
    day=Number(),
)
