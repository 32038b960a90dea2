"""The daily digest for staff, at the organisation's `digest_hour`: for a therapist or
counsellor, today's sessions (time and client reference), overdue homework and open
safety flags they follow up; for a supervisor, their team's open flags nobody has
acknowledged, the courses a counsellor asked to discuss that they have not marked as read
(escalations, protocol.SupervisorAlert) and the weekly notes of the groups they oversee
that they have not acknowledged (groups.SupervisionNote). Sent only when there is something
to say, by e-mail, and never with names, scores or answers.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy

from openipt.accounts.models import CLINICIAN_ROLES, Role, User
from openipt.caseload import access
from openipt.caseload.models import EpisodeStatus
from openipt.groups.models import Group, SupervisionNote
from openipt.measures.queries import open_risk_flags
from openipt.protocol.models import Attendance, Session, SupervisorAlert
from openipt.worksheets.models import Homework, HomeworkStatus

from ..models import Message
from .base import STAFF, Due, Kind, NotDue, Reason, end_of, local_moment

CODE = "staff_digest"
DIGEST_ROLES = (*CLINICIAN_ROLES, Role.SUPERVISOR)


def find_due(now, config):
    today = timezone.localdate(now)
    expires_at = end_of(today)
    # People whose digest is already logged today are left out (kinds.session explains).
    logged = Message.objects.filter(
        kind=CODE, subject_id=OuterRef("pk"), occurrence=today.isoformat()
    )
    rows = (
        User.objects.filter(is_active=True, role__in=DIGEST_ROLES)
        .exclude(email="")
        .exclude(Exists(logged))
        .values_list("pk", "organisation_id")
    )
    for pk, organisation_id in rows:
        send_after = local_moment(today, config.of(organisation_id).digest_hour)
        if send_after <= now < expires_at:
            yield Due(
                CODE,
                organisation_id,
                pk,
                today.isoformat(),
                send_after,
                expires_at,
                user_id=pk,
                channel="email",
            )


def still_due(message, now):
    user = User.objects.filter(pk=message.user_id, is_active=True).first()
    if user is None or message.occurrence != timezone.localdate(now).isoformat():
        return NotDue()
    context = digest_of(user, now)
    if not any(
        context[key]
        for key in (
            "sessions",
            "overdue_homework",
            "open_flags",
            "team_flags",
            "escalations",
            "group_notes",
        )
    ):
        return NotDue(Reason.NOTHING_TO_SAY)
    return context


def digest_of(user, now):
    today = timezone.localdate(now)
    start = local_moment(today, 0)
    context = {
        "day": today,
        "sessions": [],
        "overdue_homework": 0,
        "open_flags": 0,
        "team_flags": 0,
        "escalations": 0,
        "group_notes": 0,
    }
    if user.role in CLINICIAN_ROLES:
        sessions = Session.objects.filter(
            episode__clinician=user,
            attendance=Attendance.SCHEDULED,
            scheduled_for__gte=start,
            scheduled_for__lt=start + timedelta(days=1),
        ).order_by("scheduled_for")
        context["sessions"] = [
            (timezone.localtime(at), reference)
            for at, reference in sessions.values_list("scheduled_for", "episode__client__reference")
        ]
        context["overdue_homework"] = (
            Homework.objects.filter(
                episode__clinician=user, episode__status=EpisodeStatus.OPEN, due_on__lt=today
            )
            .exclude(status=HomeworkStatus.SUBMITTED)
            .count()
        )
        context["open_flags"] = open_risk_flags(user).count()
    elif user.role == Role.SUPERVISOR:
        context["team_flags"] = open_risk_flags(user).filter(acknowledged_at__isnull=True).count()
        context["escalations"] = SupervisorAlert.objects.filter(
            supervisor=user, acknowledged_at__isnull=True
        ).count()
        context["group_notes"] = SupervisionNote.objects.filter(
            acknowledged_at__isnull=True,
            group__in=Group.objects.filter(access.group_scope(user)),
        ).count()
    return context


KIND = Kind(CODE, gettext_lazy("Daily digest"), STAFF, find_due, still_due, channels=("email",))
