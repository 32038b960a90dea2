"""How a session is held (in person, video with a meeting link, telephone) and who attended
besides the client (a conjoint session): issue 14, item 3."""

import pytest
from django.urls import reverse

from openipt.protocol import actions, erasure
from openipt.protocol.models import Session
from openipt.protocol.tests import builders

from .test_session_page import MIDDLE, attended, session_url

LINK = "https://meet.example.org/room-42"

# (extra post data, accepted, stored (delivery, link, also present), message when refused)
ATTENDANCE_CASES = [
    ({}, True, ("", "", []), None),
    ({"delivery_mode": "in_person"}, True, ("in_person", "", []), None),
    ({"delivery_mode": "telephone"}, True, ("telephone", "", []), None),
    ({"delivery_mode": "video", "meeting_link": LINK}, True, ("video", LINK, []), None),
    ({"delivery_mode": "video"}, True, ("video", "", []), None),
    (
        {"delivery_mode": "video", "meeting_link": LINK, "also_present": ["partner"]},
        True,
        ("video", LINK, ["partner"]),
        None,
    ),
    ({"also_present": ["parent", "other"]}, True, ("", "", ["parent", "other"]), None),
    (
        {"delivery_mode": "telephone", "meeting_link": LINK},
        False,
        None,
        "A meeting link is only for a video call.",
    ),
    (
        {"delivery_mode": "video", "meeting_link": "http://meet.example.org/x"},
        False,
        None,
        "Give the secure address of the meeting",
    ),
    (
        {"delivery_mode": "video", "meeting_link": "not a link at all"},
        False,
        None,
        "Enter a valid URL.",
    ),
    ({"delivery_mode": "hologram"}, False, None, "Select a valid choice"),
    ({"also_present": ["neighbour"]}, False, None, "Select a valid choice"),
]


@pytest.fixture
def middle(people):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=3, scheduled=5)
    return plan.episode.sessions.get(number=MIDDLE)


@pytest.fixture
def owner(client, people):
    client.force_login(people.owner)
    return client


def prefixed(extra):
    return {f"attendance-{name}": value for name, value in extra.items()}


@pytest.mark.parametrize(("extra", "accepted", "stored", "message"), ATTENDANCE_CASES)
def test_delivery_and_companions_on_the_session_page(
    owner, middle, extra, accepted, stored, message
):
    response = owner.post(session_url("session_attendance", middle), attended() | prefixed(extra))
    session = Session.objects.get(pk=middle.pk)
    if accepted:
        assert response.status_code == 302
        assert (session.delivery_mode, session.meeting_link, session.also_present) == stored
    else:
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not session.is_recorded


def test_others_present_only_at_an_attended_session(owner, middle):
    data = (
        attended()
        | {"attendance-attendance": "did_not_attend"}
        | prefixed({"also_present": ["partner"]})
    )
    response = owner.post(session_url("session_attendance", middle), data)
    assert "Only an attended session has others present." in response.content.decode()
    assert not Session.objects.get(pk=middle.pk).is_recorded


def test_a_signed_session_shows_how_it_was_held(owner, people, middle):
    owner.post(
        session_url("session_attendance", middle),
        attended()
        | prefixed({"delivery_mode": "video", "meeting_link": LINK, "also_present": ["partner"]}),
    )
    session = Session.objects.get(pk=middle.pk)
    builders.signed_note(people.owner, middle.episode.course_plan, session)
    page = owner.get(session_url("course_session", session)).content.decode()
    assert "Video call" in page and LINK in page
    assert "Partner (conjoint session)" in page


def test_scheduling_says_how_the_sessions_will_be_held(owner, people):
    builders.record_intake(people.owner, people.episode)
    builders.start_course(people.owner, people.episode)
    url = reverse("clinic:course_schedule", args=[people.episode.pk])
    data = {"scheduled_for": "2026-09-14T10:00", "count": "2", "location": ""}
    refused = owner.post(url, data | {"delivery_mode": "in_person", "meeting_link": LINK})
    assert "A meeting link is only for a video call." in refused.content.decode()
    assert not Session.objects.exists()
    owner.post(url, data | {"delivery_mode": "video", "meeting_link": LINK})
    assert list(Session.objects.values_list("delivery_mode", "meeting_link")) == [
        ("video", LINK),
        ("video", LINK),
    ]
    calendar = owner.get(reverse("clinic:calendar") + "?week=2026-09-14").content.decode()
    assert "Video call" in calendar


def test_erasure_blanks_the_meeting_link(people):
    plan = builders.start_course(people.owner, people.episode)
    actions.schedule_sessions(
        people.owner,
        plan,
        first_at=builders.at(builders.START),
        delivery_mode="video",
        meeting_link=LINK,
    )
    erasure.erase_course_records([people.episode], keep_scores=True)
    assert Session.objects.get().meeting_link == ""
