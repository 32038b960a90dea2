"""Whether the worksheets app holds the record an agenda task asks for
(protocol/tools.py). Registered when Django starts (WorksheetsConfig.ready)."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from openipt.protocol import tools

from .models import Homework, RelapsePreventionPlan


@tools.recorded_check(tools.HOMEWORK_SET)
def homework_set_records(episode_id, session):
    return Homework.objects.filter(set_in_session=session)


@tools.recorded_check(tools.HOMEWORK_REVIEW)
def homework_review_records(episode_id, session):
    """Homework reviewed in this session (on its agenda), or reviewed outside any session
    (on the homework's own page, or before reviews kept their session) on the day the
    session was held: from that day's local midnight to the next one's. A review made in
    another session never counts here, even on the same day."""
    day = session.held_on or timezone.localdate()
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    on_the_day = Q(reviewed_in_session__isnull=True, reviewed_at__gte=start, reviewed_at__lt=end)
    return Homework.objects.filter(
        Q(reviewed_in_session=session.pk) | on_the_day, episode_id=episode_id
    )


@tools.recorded_check(tools.RELAPSE_PLAN)
def relapse_plan_records(episode_id, session):
    return RelapsePreventionPlan.objects.filter(episode_id=episode_id, is_draft=False)
