"""The clinician's week, cancelling a session, the next appointment on the caseload and
the private iCalendar feed (times and references only, revocable, token stored hashed)."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openipt.accounts.actions import turn_off_calendar_feed, turn_on_calendar_feed
from openipt.accounts.models import CalendarFeed
from openipt.audit.models import AuditEvent
from openipt.clinic.views import sessions as views
from openipt.demo.build import CLIENTS, STAFF
from openipt.protocol.appointments import week_starting
from openipt.protocol.models import Attendance, Session
from openipt.protocol.tests.builders import course_with_sessions


def booked(people, count):
    """The owner's client with `count` sessions booked on the days of this week."""
    course_with_sessions(people.owner, people.episode, recorded=0, scheduled=count, planned=16)
    monday = week_starting(timezone.localdate())
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    for session in Session.objects.filter(episode=people.episode):
        moment = start + timedelta(days=session.number % 7, hours=8 + session.number % 9)
        Session.objects.filter(pk=session.pk).update(scheduled_for=moment)
    return list(Session.objects.filter(episode=people.episode).order_by("number"))


def feed_url(token):
    return reverse("clinic:calendar_feed", args=[token])


@pytest.mark.parametrize("count", [1, 16])
def test_the_week_costs_the_same_queries_for_1_and_16_sessions(
    count, people, client, django_assert_num_queries
):
    booked(people, count)
    client.force_login(people.owner)
    # session, user, the sessions (with clients and plans), which of them are group members'
    # courses, the group sessions the user runs, the follow-up sessions after endings, audit
    # chain tip, insert in a savepoint, and the session's save.
    with django_assert_num_queries(11):
        page = client.get(reverse("clinic:calendar"))
    assert page.status_code == 200
    assert page.context["session_count"] == count


def test_the_week_lists_each_session_under_its_day_and_pages_by_week(people, client):
    sessions = booked(people, 3)
    client.force_login(people.owner)
    page = client.get(reverse("clinic:calendar"))
    listed = [s.pk for _, day_sessions in page.context["days"] for s in day_sessions]
    assert sorted(listed) == sorted(s.pk for s in sessions)
    assert people.client.reference in page.content.decode()
    following = page.context["following"]
    later = client.get(reverse("clinic:calendar") + f"?week={following:%Y-%m-%d}")
    assert later.context["session_count"] == 0
    # A nonsense week is this week, not an error.
    assert client.get(reverse("clinic:calendar") + "?week=9999-99-99").status_code == 200


def test_cancelling_from_the_calendar_keeps_the_number_and_is_audited(people, client):
    session = booked(people, 2)[1]
    client.force_login(people.owner)
    url = reverse("clinic:course_cancel_session", args=[people.episode.pk, session.number])
    refused = client.post(url + "?from=calendar", {"cancelled_by": ""})
    assert "Say who cancelled" in refused.content.decode()
    done = client.post(url + "?from=calendar", {"cancelled_by": Attendance.CANCELLED_BY_CLIENT})
    assert done.url == reverse("clinic:calendar")
    session.refresh_from_db()
    assert session.attendance == Attendance.CANCELLED_BY_CLIENT and session.number == 2
    assert AuditEvent.objects.filter(action="session.cancelled", object_id=str(session.pk)).exists()
    again = client.get(url)
    assert again.status_code == 302  # a recorded session cannot be cancelled


def test_the_caseload_shows_the_next_appointment(people, client):
    future = timezone.now() + timedelta(days=3)
    course_with_sessions(people.owner, people.episode, recorded=0, scheduled=2)
    Session.objects.filter(episode=people.episode, number=2).update(scheduled_for=future)
    Session.objects.filter(episode=people.episode, number=1).update(
        scheduled_for=timezone.now() - timedelta(days=1)
    )
    client.force_login(people.owner)
    rows = client.get(reverse("clinic:caseload")).context["clients"]
    robin = next(c for c in rows if c.pk == people.client.pk)
    assert robin.next_appointment == future


def every_name(people):
    names = set()
    for person in (people.owner, people.supervisor, people.client_user, people.another_client_user):
        names |= {person.first_name, person.last_name, person.username}
    names |= {people.client.given_name, people.client.family_name}
    names |= {row[1] for row in STAFF} | {row[2] for row in STAFF}
    names |= {row[0] for row in CLIENTS} | {row[1] for row in CLIENTS}
    return names - {""}


@pytest.mark.parametrize("whose", ["owner", "client_user"])
def test_the_feed_holds_times_and_references_but_no_names(whose, people, client):
    sessions = booked(people, 2)
    token = turn_on_calendar_feed(getattr(people, whose))
    body = client.get(feed_url(token)).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.count("BEGIN:VEVENT") == 2
    assert f"DTSTART:{sessions[0].scheduled_for.astimezone(UTC):%Y%m%dT%H%M%SZ}" in body
    for name in every_name(people):
        assert name not in body, name
    if whose == "owner":
        assert people.client.reference in body
    else:
        assert "SUMMARY:Appointment" in body and people.client.reference not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_a_turned_off_or_replaced_feed_is_refused_and_only_its_hash_is_kept(people, client):
    booked(people, 1)
    first = turn_on_calendar_feed(people.owner)
    second = turn_on_calendar_feed(people.owner)
    assert client.get(feed_url(first)).status_code == 404
    assert client.get(feed_url(second)).status_code == 200
    stored = CalendarFeed.objects.get(revoked_at__isnull=True)
    assert stored.token_hash == hashlib.sha256(second.encode()).hexdigest()
    assert not CalendarFeed.objects.filter(token_hash__in=[first, second]).exists()
    turn_off_calendar_feed(people.owner)
    assert client.get(feed_url(second)).status_code == 404


def test_a_deactivated_person_s_feed_stops(people, client):
    token = turn_on_calendar_feed(people.owner)
    people.owner.is_active = False
    people.owner.save(update_fields=["is_active"])
    assert client.get(feed_url(token)).status_code == 404


def test_the_account_page_turns_the_feed_on_and_off(people, client):
    client.force_login(people.client_user)
    page = client.post(reverse("accounts:calendar_feed"), {"feed": "on"}).content.decode()
    assert "/calendar/feed/" in page and "Turn it off" in page
    client.post(reverse("accounts:calendar_feed"), {"feed": "off"})
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()


def test_a_cancelled_session_is_marked_cancelled_in_the_feed(people, client):
    session = booked(people, 1)[0]
    Session.objects.filter(pk=session.pk).update(attendance=Attendance.CANCELLED_BY_CLINICIAN)
    token = turn_on_calendar_feed(people.owner)
    assert "STATUS:CANCELLED" in client.get(feed_url(token)).content.decode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("clinic:course_cancel_session", {"cancelled_by": Attendance.CANCELLED_BY_CLIENT}),
        ("clinic:course_reschedule", {"scheduled_for": "2026-12-01T14:30", "reason": "Away"}),
    ],
)
def test_a_session_recorded_in_another_window_meanwhile_is_left_as_it_is(
    name, data, people, client, monkeypatch
):
    """The page was read before the session was recorded elsewhere; the form's POST finds
    it recorded when it locks it, and says so instead of failing (it used to answer 500)."""
    session = booked(people, 2)[1]
    read_for_change = views.queries.session_to_change

    def recorded_meanwhile(stale):
        Session.objects.filter(pk=stale.pk).update(
            attendance=Attendance.CANCELLED_BY_CLINICIAN, held_on=timezone.localdate()
        )
        return read_for_change(stale)

    monkeypatch.setattr(views.queries, "session_to_change", recorded_meanwhile)
    client.force_login(people.owner)
    response = client.post(reverse(name, args=[people.episode.pk, session.number]), data)
    assert response.status_code == 302
    assert response.url == reverse("clinic:course", args=[people.episode.pk])
    session.refresh_from_db()
    assert session.attendance == Attendance.CANCELLED_BY_CLINICIAN
    assert not AuditEvent.objects.filter(
        action__in=["session.cancelled", "session.rescheduled"]
    ).exists()
