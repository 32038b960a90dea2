"""What erasing a client does to their outcome summaries (caseload/erasure.py).

A summary holds no words, only dates, codes and scores, but when the retention rule keeps no
scores the summary must not keep them either: it is worked out afresh from what erasure
left. This app comes after measures in INSTALLED_APPS, so its eraser runs after the scores
are gone."""

from openipt.caseload import erasure

from .summaries import recompute


@erasure.eraser
def recompute_outcome_summaries(episodes, *, keep_scores):
    if not keep_scores:
        recompute([episode.pk for episode in episodes])
