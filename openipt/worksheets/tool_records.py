"""Whether the worksheets app holds the record an agenda task asks for
(protocol/tools.py). Registered when Django starts (WorksheetsConfig.ready)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from openipt.protocol import tools

from .models import Homework, RelapsePreventionPlan


@tools.recorded_check(tools.HOMEWORK_SET)
def homework_set_records(episode_id, session):
    return Homework.objects.filter(set_in_session=session)


@tools.recorded_check(tools.HOMEWORK_REVIEW)
def homework_review_records(episode_id, session):
    """Homework reviewed on the day the session was held (reviews carry no session): from
    that day's local midnight to the next one's."""
    day = session.held_on or timezone.localdate()
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return Homework.objects.filter(
        episode_id=episode_id, reviewed_at__gte=start, reviewed_at__lt=end
    )


@tools.recorded_check(tools.RELAPSE_PLAN)
def relapse_plan_records(episode_id, session):
    return RelapsePreventionPlan.objects.filter(episode_id=episode_id, is_draft=False)
