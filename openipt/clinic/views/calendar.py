"""A clinician's week of sessions, and the private iCalendar feed of a person's
appointments (a secret address, no sign-in: a calendar program cannot sign in)."""

from datetime import date, datetime, timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from openipt.accounts.actions import calendar_feed_owner
from openipt.audit.record import record_clients_shown
from openipt.caseload import access
from openipt.groups import queries as group_queries
from openipt.protocol import appointments


def _monday(raw):
    """The Monday of the week asked for (?week=YYYY-MM-DD, any day of it), else this week."""
    try:
        day = date.fromisoformat(raw) if raw else date.today()
    except ValueError:
        day = date.today()
    day = min(max(day, date(2000, 1, 3)), date(2999, 12, 27))
    return appointments.week_starting(day)


@require_GET
@access.clinician_required
def week(request):
    monday = _monday(request.GET.get("week"))
    # A group member's course sessions are shown once, as the group's (docs/groups.md).
    sessions = group_queries.without_group_members(
        appointments.clinician_week(request.user, monday)
    )
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    group_sessions = group_queries.facilitator_sessions(
        request.user, start, start + timedelta(days=7)
    )
    days = [monday + timedelta(days=n) for n in range(7)]
    by_day = {day: [] for day in days}
    for session in sessions:
        by_day[timezone.localtime(session.scheduled_for).date()].append(session)
    for group_session in group_sessions:
        by_day[timezone.localtime(group_session.scheduled_for).date()].append(group_session)
    for day in days:
        by_day[day].sort(key=lambda entry: entry.scheduled_for)
    # Booster and maintenance sessions after an ending have a day, not a time.
    follow_ups = appointments.clinician_follow_ups(request.user, monday)
    record_clients_shown(
        request.user,
        "calendar.viewed",
        [entry.episode.client for entry in [*sessions, *follow_ups]],
        request=request,
    )
    context = {
        "monday": monday,
        "days": [(day, by_day[day]) for day in days],
        "previous": monday - timedelta(days=7),
        "following": monday + timedelta(days=7),
        "this_week": appointments.week_starting(date.today()),
        "session_count": len(sessions) + len(group_sessions) + len(follow_ups),
        "follow_ups": follow_ups,
        "nav": "calendar",
    }
    return render(request, "clinic/calendar.html", context)


@require_GET
def feed(request, token):
    """Public by design, gated by the secret in its address (only its hash is stored)."""
    owner = calendar_feed_owner(token)
    if owner is None:
        raise Http404("No such calendar.")
    sessions, body = group_queries.calendar_feed(owner)
    record_clients_shown(
        owner,
        "calendar_feed.fetched",
        [session.episode.client for session in sessions],
        request=request,
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
