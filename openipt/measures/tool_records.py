"""Whether the measures app holds the record an agenda task asks for (protocol/tools.py).
Registered when Django starts (MeasuresConfig.ready)."""

from openipt.protocol import tools

from .models import MeasureAdministration, RhythmWeek


@tools.recorded_check(tools.STARTING_SCORES)
def starting_scores_records(episode_id, session):
    return MeasureAdministration.objects.filter(episode_id=episode_id)


@tools.recorded_check(tools.SESSION_MEASURE)
def session_measure_records(episode_id, session):
    return (
        MeasureAdministration.objects.filter(session=session),
        RhythmWeek.objects.filter(session=session),
    )


@tools.recorded_check(tools.RHYTHM)
def rhythm_records(episode_id, session):
    return RhythmWeek.objects.filter(episode_id=episode_id)
