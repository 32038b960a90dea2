"""What the course reads from the measures app: the one place it does.

The measures app depends on this one (a measure is given at a session), so these
functions import it at call time; keeping every such read here keeps the dependency
between the two apps one way everywhere else.
"""

from collections import defaultdict


def latest_phq9_total(episode):
    """The latest PHQ-9 total recorded for the episode, or None."""
    from openipt.measures.models import MeasureAdministration  # noqa: PLC0415 (see above)

    return (
        MeasureAdministration.objects.filter(episode=episode, instrument="phq9")
        .order_by("-administered_on", "-created_at", "-id")
        .values_list("total", flat=True)
        .first()
    )


def has_open_risk_flag(episode):
    from openipt.measures.models import FlagStatus, RiskFlag  # noqa: PLC0415 (see above)

    return RiskFlag.objects.filter(episode=episode, status=FlagStatus.OPEN).exists()


def measures_given(episode_ids) -> dict[int, set[tuple[int, str]]]:
    """(session number, instrument) of every measure given at a session, per episode."""
    from openipt.measures.models import MeasureAdministration  # noqa: PLC0415 (see above)

    given = defaultdict(set)
    rows = MeasureAdministration.objects.filter(
        episode_id__in=episode_ids, session__isnull=False
    ).values_list("episode_id", "session__number", "instrument")
    for episode_id, number, instrument in rows:
        given[episode_id].add((number, instrument))
    return given
