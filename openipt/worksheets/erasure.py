"""What erasing a client removes from their homework, technique records, statements and
relapse-prevention plans (caseload/erasure.py)."""

from openipt.caseload import erasure
from openipt.caseload.models import ERASED_TEXT

from .models import (
    AssertiveStatement,
    Homework,
    HomeworkComment,
    RelapsePreventionPlan,
    TechniqueRecord,
)


@erasure.eraser
def erase_worksheets(episodes, *, keep_scores):
    """Titles, instructions, answers and comments, the parts of assertive statements,
    technique answers and the plan's answers. Which worksheet, when it was due and its
    status stay."""
    Homework.objects.filter(episode__in=episodes).update(
        title=ERASED_TEXT, instructions="", answers={}
    )
    HomeworkComment.objects.filter(homework__episode__in=episodes).update(text=ERASED_TEXT)
    AssertiveStatement.objects.filter(episode__in=episodes).update(
        feeling=ERASED_TEXT, situation=ERASED_TEXT, reason=ERASED_TEXT, preference=ERASED_TEXT
    )
    TechniqueRecord.objects.filter(episode__in=episodes).update(answers={})
    RelapsePreventionPlan.objects.filter(episode__in=episodes).update(answers={})
