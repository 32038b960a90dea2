"""Reads that cross relations or repeat: the homework review list for a session's agenda,
overdue counts for the caseload, and the choices a form needs from other apps."""

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from openipt.protocol.models import Attendance, Session

from .models import Homework, HomeworkComment, HomeworkStatus


def _today():
    return date.today()


def next_session(episode, after=None):
    """The episode's next scheduled session (or None)."""
    from django.utils import timezone

    after = after or timezone.now()
    return (
        Session.objects.filter(
            episode=episode, attendance=Attendance.SCHEDULED, scheduled_for__gt=after
        )
        .order_by("scheduled_for")
        .first()
    )


def homework_of(episode):
    """All of an episode's homework with its comments, soonest due first."""
    comments = HomeworkComment.objects.select_related("author")
    return episode.homework.prefetch_related(Prefetch("comments", queryset=comments)).order_by(
        "due_on", "id"
    )


def homework_for_review(episode, session=None):
    """What a session's agenda shows under "homework review": submitted homework not yet
    reviewed (commented on), and homework not submitted that is due by the session's date
    (or by today, without a session). Two groups, in a dict: "submitted", "due"."""
    by = session.scheduled_for.date() if session is not None else _today()
    rows = list(
        episode.homework.filter(
            Q(status=HomeworkStatus.SUBMITTED, reviewed_at__isnull=True)
            | (~Q(status=HomeworkStatus.SUBMITTED) & Q(due_on__lte=by))
        ).order_by("due_on", "id")
    )
    return {
        "submitted": [h for h in rows if h.is_submitted],
        "due": [h for h in rows if not h.is_submitted],
        "by": by,
    }


def overdue_homework_count():
    """A subquery expression: the number of a client's overdue homework (not submitted,
    due before today). Annotate with it to add no query per row."""
    overdue = (
        Homework.objects.filter(client=OuterRef("pk"), due_on__lt=_today())
        .exclude(status=HomeworkStatus.SUBMITTED)
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0))


def with_overdue_homework(clients):
    """The clients queryset with `.overdue_homework` on each row, in the same query."""
    return clients.annotate(overdue_homework=overdue_homework_count())


def overdue_counts(client_ids):
    """{client id: overdue count} for the given clients, in one query (zeros left out)."""
    rows = (
        Homework.objects.filter(client_id__in=list(client_ids), due_on__lt=_today())
        .exclude(status=HomeworkStatus.SUBMITTED)
        .values("client_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["client_id"]: row["n"] for row in rows}


def portal_homework(client):
    """The signed-in client's homework across their episodes: open first, then submitted."""
    return (
        client.homework.select_related("episode")
        .annotate(comment_count=Count("comments"))
        .order_by("status", "due_on", "id")
    )


def inventory_labels(episode):
    """Labels of the episode's inventory people (their latest version), for person fields."""
    from openipt.formulation.queries import people_of

    return [person.current.label for person in people_of(episode)]
