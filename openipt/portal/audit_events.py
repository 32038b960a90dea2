"""The audit actions of the client portal's pages (audit/events.py). All clinical: that a
client opened their questionnaires, their homework or the crisis page is itself part of
their clinical record, and the organisation admin sees only that something happened."""

from openipt.audit.events import CLINICAL, Code, Number, declare
from openipt.measures.audit_events import INSTRUMENT_NAMES

PAGES = {
    "portal.home_viewed": "Client opened their portal home page",
    "portal.crisis_viewed": "Client opened the help page",
    "portal.questionnaires_listed": "Client opened their questionnaires",
    "portal.questionnaire_done_viewed": "Client saw a questionnaire they sent",
    "portal.progress_viewed": "Client opened their progress",
    "portal.rhythm_diary_viewed": "Client opened their rhythm diary",
    "portal.therapy_viewed": "Client opened their therapy page",
    "portal.formulation_viewed": "Client opened what their clinician shared",
    "portal.homework_listed": "Client opened their homework",
    "portal.homework_viewed": "Client opened a homework",
    "portal.homework_pdf_downloaded": "Client downloaded a homework",
    "portal.relapse_plan_viewed": "Client opened their relapse-prevention plan",
    "portal.relapse_plan_pdf_downloaded": "Client downloaded their relapse-prevention plan",
    "portal.my_data_viewed": "Client opened My data",
    "portal.my_data_pdf_downloaded": "Client downloaded their data as PDF",
    "portal.my_data_json_downloaded": "Client downloaded their data as JSON",
}
for _code, _words in PAGES.items():
    declare(_code, CLINICAL, _words)

declare(
    "portal.questionnaire_viewed",
    CLINICAL,
    "Client opened a questionnaire",
    says="Client opened the {instrument}, {question}",
    instrument=Code(INSTRUMENT_NAMES),
    question=Number(shown="question {}", none_words="all questions on one page"),
)
declare(
    "portal.rhythm_day_viewed",
    CLINICAL,
    "Client opened a day of their rhythm diary",
    says="Client opened day {day} of their rhythm diary",
    day=Number(),
)
