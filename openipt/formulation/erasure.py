"""What erasing a client removes from their formulation records (caseload/erasure.py)."""

from openipt.caseload import erasure
from openipt.caseload.models import ERASED_TEXT

from .models import (
    DisputeStageRecord,
    FormulationVersion,
    Goal,
    GoalReview,
    LifeEvent,
    PersonVersion,
    ProblemArea,
)


@erasure.eraser
def erase_formulation(episodes, *, keep_scores):
    """Every word about the client and the people in their life: inventory names and
    answers, timeline notes, problem-area details and the reasons shown, goals, notes and
    the written formulation. Codes (relationship, circle, event kinds, areas, stages,
    statuses) and dates of the client's own course stay; a date of a death goes."""
    PersonVersion.objects.filter(person__episode__in=episodes).erase_text(
        label=ERASED_TEXT,
        satisfying="",
        unsatisfying="",
        client_expects="",
        they_expect="",
        would_change="",
    )
    LifeEvent.objects.filter(episode__in=episodes).update(note="")
    ProblemArea.objects.filter(episode__in=episodes).update(
        old_role="",
        new_role="",
        losses="",
        gains="",
        isolation_pattern="",
        reasons_shown=[],
        date_of_death=None,
    )
    DisputeStageRecord.objects.filter(problem_area__episode__in=episodes).erase_text(note="")
    Goal.objects.filter(problem_area__episode__in=episodes).update(text=ERASED_TEXT)
    GoalReview.objects.filter(goal__problem_area__episode__in=episodes).erase_text(note="")
    FormulationVersion.objects.filter(episode__in=episodes).erase_text(text=ERASED_TEXT)
