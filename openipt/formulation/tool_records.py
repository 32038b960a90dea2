"""Whether the formulation holds the record an agenda task asks for (protocol/tools.py).
Registered when Django starts (FormulationConfig.ready)."""

from openipt.protocol import tools

from .models import Goal, InventoryPerson, LifeEvent, ProblemArea


@tools.recorded_check(tools.INVENTORY)
def inventory_records(episode_id, session):
    return InventoryPerson.objects.filter(episode_id=episode_id)


@tools.recorded_check(tools.TIMELINE)
def timeline_records(episode_id, session):
    return LifeEvent.objects.filter(episode_id=episode_id, removed_at__isnull=True)


@tools.recorded_check(tools.PROBLEM_AREA)
def problem_area_records(episode_id, session):
    return ProblemArea.objects.filter(episode_id=episode_id)


@tools.recorded_check(tools.GOALS)
def goals_records(episode_id, session):
    return Goal.objects.filter(problem_area__episode_id=episode_id)
