"""Whether the measures app holds the record an agenda task asks for (protocol/tools.py).
Registered when Django starts (MeasuresConfig.ready)."""

from openipt.protocol import tools

from .models import MeasureAdministration, RhythmWeek


@tools.recorded_check(tools.STARTING_SCORES)
def starting_scores_recorded(episode_id, session):
    return MeasureAdministration.objects.filter(episode_id=episode_id).exists()


@tools.recorded_check(tools.SESSION_MEASURE)
def session_measure_recorded(episode_id, session):
    return (
        MeasureAdministration.objects.filter(session=session).exists()
        or RhythmWeek.objects.filter(session=session).exists()
    )


@tools.recorded_check(tools.RHYTHM)
def rhythm_recorded(episode_id, session):
    return RhythmWeek.objects.filter(episode_id=episode_id).exists()
