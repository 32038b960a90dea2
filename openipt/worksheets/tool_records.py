"""Whether the worksheets app holds the record an agenda task asks for
(protocol/tools.py). Registered when Django starts (WorksheetsConfig.ready)."""

from django.utils import timezone

from openipt.protocol import tools

from .models import Homework, RelapsePreventionPlan


@tools.recorded_check(tools.HOMEWORK_SET)
def homework_set_recorded(episode_id, session):
    return Homework.objects.filter(set_in_session=session).exists()


@tools.recorded_check(tools.HOMEWORK_REVIEW)
def homework_review_recorded(episode_id, session):
    """Homework reviewed on the day the session was held (reviews carry no session)."""
    day = session.held_on or timezone.localdate()
    reviewed = Homework.objects.filter(episode_id=episode_id, reviewed_at__isnull=False)
    return any(
        timezone.localdate(at) == day for at in reviewed.values_list("reviewed_at", flat=True)
    )


@tools.recorded_check(tools.RELAPSE_PLAN)
def relapse_plan_recorded(episode_id, session):
    return RelapsePreventionPlan.objects.filter(episode_id=episode_id, is_draft=False).exists()
