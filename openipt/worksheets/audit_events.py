"""The audit actions of homework, techniques, statements and relapse-prevention plans
(audit/events.py). All clinical."""

from django.utils.translation import gettext_lazy as _

from openipt.audit.events import CLINICAL, Code, YesNo, declare

from . import definitions

# A free task (homework without a worksheet) is stored with a blank worksheet code.
FREE_TASK = "free_task"
HOMEWORK_KINDS = {FREE_TASK: _("a free task")} | {
    code: sheet.name for code, sheet in definitions.WORKSHEETS.items()
}
PAGES = {
    "homework.listed": _("Homework listed"),
    "homework.assign_form_viewed": _("Homework form viewed"),
    "homework.viewed": _("Homework viewed"),
    "homework.pdf_downloaded": _("Homework downloaded as PDF"),
    "relapse_plan.viewed": _("Relapse-prevention plan viewed"),
    "assertive_statements.viewed": _("Assertive statements viewed"),
    "techniques.listed": _("Technique records listed"),
    "technique.form_viewed": _("Technique record form viewed"),
    "technique.viewed": _("Technique record viewed"),
}
CHANGES = {
    "homework.draft_saved": _("Homework answers saved as a draft"),
    "homework.submitted": _("Homework submitted"),
    "homework.commented": _("Comment on homework added"),
    "assertive_statement.saved": _("Assertive statement saved"),
    "relapse_plan.created": _("Relapse-prevention plan written"),
    "relapse_plan.updated": _("Relapse-prevention plan changed"),
    "relapse_plan.draft_saved": _("Relapse-prevention plan saved as a draft"),
}
for _code, _words in {**PAGES, **CHANGES}.items():
    declare(_code, CLINICAL, _words)

declare(
    "homework.assigned",
    CLINICAL,
    _("Homework set"),
    says=_("Homework set: {worksheet}"),
    worksheet=Code(HOMEWORK_KINDS),
)
declare(
    "technique.recorded",
    CLINICAL,
    _("Technique recorded"),
    says=_("Technique recorded: {technique}"),
    technique=Code({code: sheet.name for code, sheet in definitions.TECHNIQUES.items()}),
)
declare(
    "homework.reviewed",
    CLINICAL,
    _("Homework reviewed in a session"),
    says=_("Homework reviewed in a session{commented}"),
    commented=YesNo(yes=_(", with a comment for the client"), no=""),
)
declare(
    "homework.done_on_paper",
    CLINICAL,
    _("Homework done on paper marked done"),
    says=_("Homework done on paper marked done and reviewed{commented}"),
    commented=YesNo(yes=_(", with a comment for the client"), no=""),
)
