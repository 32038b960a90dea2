"""The audit actions of homework, techniques, statements and relapse-prevention plans
(audit/events.py). All clinical."""

from openipt.audit.events import CLINICAL, Code, YesNo, declare

from . import definitions

# A free task (homework without a worksheet) is stored with a blank worksheet code.
FREE_TASK = "free_task"
HOMEWORK_KINDS = {FREE_TASK: "a free task"} | {
    code: sheet.name for code, sheet in definitions.WORKSHEETS.items()
}
PAGES = {
    "homework.listed": "Homework listed",
    "homework.assign_form_viewed": "Homework form viewed",
    "homework.viewed": "Homework viewed",
    "homework.pdf_downloaded": "Homework downloaded as PDF",
    "relapse_plan.viewed": "Relapse-prevention plan viewed",
    "assertive_statements.viewed": "Assertive statements viewed",
    "techniques.listed": "Technique records listed",
    "technique.form_viewed": "Technique record form viewed",
    "technique.viewed": "Technique record viewed",
}
CHANGES = {
    "homework.draft_saved": "Homework answers saved as a draft",
    "homework.submitted": "Homework submitted",
    "homework.commented": "Comment on homework added",
    "assertive_statement.saved": "Assertive statement saved",
    "relapse_plan.created": "Relapse-prevention plan written",
    "relapse_plan.updated": "Relapse-prevention plan changed",
    "relapse_plan.draft_saved": "Relapse-prevention plan saved as a draft",
}
for _code, _words in {**PAGES, **CHANGES}.items():
    declare(_code, CLINICAL, _words)

declare(
    "homework.assigned",
    CLINICAL,
    "Homework set",
    says="Homework set: {worksheet}",
    worksheet=Code(HOMEWORK_KINDS),
)
declare(
    "technique.recorded",
    CLINICAL,
    "Technique recorded",
    says="Technique recorded: {technique}",
    technique=Code({code: sheet.name for code, sheet in definitions.TECHNIQUES.items()}),
)
declare(
    "homework.reviewed",
    CLINICAL,
    "Homework reviewed in a session",
    says="Homework reviewed in a session{commented}",
    commented=YesNo(yes=", with a comment for the client", no=""),
)
declare(
    "homework.done_on_paper",
    CLINICAL,
    "Homework done on paper marked done",
    says="Homework done on paper marked done and reviewed{commented}",
    commented=YesNo(yes=", with a comment for the client", no=""),
)
