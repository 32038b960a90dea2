"""Reads that cross relations or repeat: the gates for homework and technique records, the
homework review list for a session's agenda, overdue counts for the caseload, and the
choices a form needs from other apps."""

from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from openipt.caseload import access
from openipt.formulation.models import ProblemArea
from openipt.formulation.queries import people_of
from openipt.protocol import appointments
from openipt.protocol.models import Session

from .models import (
    Homework,
    HomeworkComment,
    HomeworkStatus,
    RelapsePreventionPlan,
    TechniqueRecord,
)

DEFAULT_DUE_DAYS = 7  # when no next session is scheduled


def homework_for(user, pk, need=access.VIEW_CLINICAL):
    return access.record_for(user, Homework.objects.all(), pk, need, what="homework")


def technique_record_for(user, pk, need=access.VIEW_CLINICAL):
    return access.record_for(user, TechniqueRecord.objects.all(), pk, need, what="record")


def _today():
    return date.today()


def next_session(episode, after=None):
    """The episode's next appointment (protocol.appointments, the one rule), or None."""
    return appointments.next_appointment(episode, after)


def default_due_date(episode):
    """New homework is due at the next session, else in a week."""
    upcoming = next_session(episode)
    if upcoming is not None:
        return upcoming.scheduled_for.date()
    return _today() + timedelta(days=DEFAULT_DUE_DAYS)


def relapse_plan_of(episode):
    return RelapsePreventionPlan.objects.filter(episode=episode).first()


def technique_records_of(episode):
    return episode.technique_records.select_related("session", "problem_area", "recorded_by")


def technique_records_of_session(session):
    """The technique records tied to one session, oldest first (the session page)."""
    return list(
        TechniqueRecord.objects.filter(session=session)
        .select_related("problem_area")
        .order_by("created_at", "id")
    )


def homework_set_in(session):
    """The homework set in one session (the session page's "new homework")."""
    return list(Homework.objects.filter(set_in_session=session).order_by("due_on", "id"))


def technique_choices(episode, code):
    """What a technique record may be tied to: the episode's sessions, its active problem
    areas and, for a role play, its assertive statements."""
    return {
        "sessions": list(Session.objects.filter(episode=episode).order_by("number")),
        "areas": list(ProblemArea.objects.filter(episode=episode, set_aside_at__isnull=True)),
        "statements": list(episode.assertive_statements.all()) if code == "role_play" else [],
    }


def homework_of(episode):
    """All of an episode's homework with its comments, soonest due first."""
    comments = HomeworkComment.objects.select_related("author")
    return episode.homework.prefetch_related(Prefetch("comments", queryset=comments)).order_by(
        "due_on", "id"
    )


def homework_counts(episode):
    """How the episode's homework stands today, in one query: `set` (not yet sent back and
    not yet due), `awaiting_review` (sent back, not yet reviewed) and `overdue` (not sent
    back, done on paper or reviewed, and due before today)."""
    today = _today()
    not_back = ~Q(status=HomeworkStatus.SUBMITTED) & Q(done_on_paper=False)
    return episode.homework.aggregate(
        set=Count("pk", filter=not_back & Q(due_on__gte=today)),
        awaiting_review=Count(
            "pk", filter=Q(status=HomeworkStatus.SUBMITTED, reviewed_at__isnull=True)
        ),
        overdue=Count("pk", filter=not_back & Q(due_on__lt=today)),
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


def portal_homework_to_do(client):
    """The client's homework not yet sent, soonest due first."""
    return client.homework.exclude(status=HomeworkStatus.SUBMITTED).order_by("due_on", "id")


def latest_comments_for(client):
    """Clinicians' comments on the client's homework, newest first."""
    return (
        HomeworkComment.objects.filter(homework__client=client)
        .select_related("homework", "author")
        .order_by("-created_at", "-id")
    )


def own_homework(client, pk):
    """One of the signed-in client's homework (404 for anyone else's)."""
    return access.own_record(client, client.homework.select_related("episode"), pk, what="homework")


def own_relapse_plans(client):
    """Finished plans from every one of the client's episodes, open or closed: the client
    keeps them. A draft stays with the clinician until it is finished."""
    return (
        RelapsePreventionPlan.objects.filter(episode__client=client, is_draft=False)
        .select_related("episode")
        .order_by("-episode__opened_on", "-id")
    )


def inventory_labels(episode):
    """Labels of the episode's inventory people (their latest version), for person fields."""
    return [person.current.label for person in people_of(episode)]
