"""What erasing a client removes from their measures and safety flags
(caseload/erasure.py)."""

from openipt.caseload import erasure
from openipt.caseload.models import ERASED_TEXT

from .models import (
    MeasureAdministration,
    QuestionnaireDraft,
    RhythmDiaryDraft,
    RhythmWeek,
    RiskFlag,
)


@erasure.eraser
def erase_measures(episodes, *, keep_scores):
    """Drafts always go. With keep_scores, questionnaires and SRM-5 weeks stay (answers are
    item codes, totals numbers) and each safety flag keeps its dates and outcome code but
    not what the clinician wrote; without, the flags, questionnaires and weeks go."""
    QuestionnaireDraft.objects.filter(episode__in=episodes).delete()
    RhythmDiaryDraft.objects.filter(episode__in=episodes).delete()
    flags = RiskFlag.objects.filter(episode__in=episodes)
    if keep_scores:
        # A resolved flag must say what was done (a database check): it says it was erased.
        flags.exclude(action_taken="").update(action_taken=ERASED_TEXT)
        return
    flags.delete()
    MeasureAdministration.objects.filter(episode__in=episodes).delete()
    RhythmWeek.objects.filter(episode__in=episodes).delete()
