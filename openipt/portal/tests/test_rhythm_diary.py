"""The SRM-5 diary in the portal: a page per day, a draft until the week is complete or sent,
then an SRM-5 week tied to the next session."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openipt.audit.models import AuditEvent
from openipt.measures import due
from openipt.measures.actions import record_rhythm_week
from openipt.measures.models import RhythmDiaryDraft, RhythmWeek
from openipt.protocol.tests.builders import course_with_sessions


def diary_url(client):
    return reverse("portal:rhythm_diary", args=[client.episode_id])


def day_url(client, day):
    return reverse("portal:rhythm_day", args=[client.episode_id, day])


TIMES = {
    "out_of_bed": "07:30",
    "first_contact": "08:00",
    "start_of_activity": "09:00",
    "dinner": "18:30",
    "to_bed": "23:00",
}


@pytest.fixture
def ipsrt(people, client):
    plan = course_with_sessions(
        people.owner, people.episode, recorded=0, scheduled=1, modality="ipsrt", planned=16
    )
    client.force_login(people.client_user)
    client.episode_id = plan.episode.pk
    return plan


def start(client, days_ago=6):
    first = timezone.localdate() - timedelta(days=days_ago)
    return client.post(diary_url(client), {"week_starting": first.isoformat()})


def test_a_course_without_the_diary_has_no_diary_page(people, client):
    course_with_sessions(people.owner, people.episode, recorded=0, scheduled=1)
    client.force_login(people.client_user)
    client.episode_id = people.episode.pk
    assert client.get(diary_url(client)).status_code == 404
    assert "rhythm diary" not in client.get(reverse("portal:home")).content.decode()


def test_home_and_the_questionnaire_list_lead_to_the_diary(ipsrt, client):
    assert "Open my rhythm diary" in client.get(reverse("portal:home")).content.decode()
    listed = client.get(reverse("portal:questionnaires")).content.decode()
    assert diary_url(client) in listed  # SRM-5 is due at session 1


def test_starting_a_week_then_saving_a_day_keeps_a_draft(ipsrt, client, people):
    response = start(client)
    assert response.status_code == 302 and response["Location"] == day_url(client, 1)
    page = client.get(day_url(client, 1)).content.decode()
    assert "Day 1 of 7" in page and 'type="time"' in page
    response = client.post(day_url(client, 1), TIMES)
    assert response["Location"] == day_url(client, 2)
    draft = RhythmDiaryDraft.objects.get()
    assert draft.days_saved == [1] and draft.times["dinner"][0] == "18:30"
    assert not RhythmWeek.objects.exists()
    assert AuditEvent.objects.filter(action="rhythm_diary.day_saved").count() == 1


def test_an_empty_box_means_it_did_not_happen(ipsrt, client):
    start(client)
    client.post(day_url(client, 1), {**TIMES, "dinner": ""})
    assert RhythmDiaryDraft.objects.get().times["dinner"][0] is None


def test_a_bad_time_is_refused_with_nothing_saved(ipsrt, client):
    start(client)
    response = client.post(day_url(client, 1), {**TIMES, "dinner": "25:99"})
    assert response.status_code == 400
    assert "Enter a time such as 07:30." in response.content.decode()
    assert RhythmDiaryDraft.objects.get().days_saved == []


def test_the_seventh_day_sends_the_week_to_the_next_session(ipsrt, client, people):
    start(client)
    for day in range(1, 8):
        client.post(day_url(client, day), TIMES)
    week = RhythmWeek.objects.get()
    assert week.session == people.episode.sessions.get(number=1)
    assert week.score == 7.0 and week.recorded_by == people.client_user
    assert not RhythmDiaryDraft.objects.exists()
    assert "srm5" not in due.measures_due(people.episode).codes
    page = client.get(diary_url(client)).content.decode()
    assert "Your week is sent" in page and "at session 1" in page


def test_sending_early_counts_unfilled_days_as_not_done(ipsrt, client):
    start(client, days_ago=2)
    client.post(day_url(client, 1), TIMES)
    client.post(diary_url(client), {"action": "send"})
    week = RhythmWeek.objects.get()
    assert week.times["dinner"] == ["18:30"] + [None] * 6
    assert week.score is None  # no activity on three or more days


def test_a_day_still_to_come_cannot_be_filled_in(ipsrt, client):
    start(client, days_ago=0)
    response = client.get(day_url(client, 2))
    assert response.status_code == 302 and response["Location"] == diary_url(client)
    assert client.get(day_url(client, 8)).status_code == 404


def test_a_week_already_recorded_cannot_start_again(ipsrt, client):
    start(client)
    client.post(diary_url(client), {"action": "send"})  # nothing saved yet: not sent
    assert RhythmDiaryDraft.objects.exists() and not RhythmWeek.objects.exists()
    client.post(day_url(client, 1), TIMES)
    client.post(diary_url(client), {"action": "send"})
    response = start(client)
    assert response.status_code == 400
    assert "already in your diary" in response.content.decode()


def test_a_week_outside_the_last_seven_days_is_refused(ipsrt, client):
    response = start(client, days_ago=9)
    assert response.status_code == 400 and not RhythmDiaryDraft.objects.exists()


def test_a_week_the_clinician_recorded_meanwhile_is_refused_and_a_new_one_offered(
    ipsrt, client, people
):
    """Sending used to fail with a 500 when the clinician had recorded a week with the same
    first day after the client began theirs (issue 17, item 6)."""
    start(client)
    client.post(day_url(client, 1), TIMES)
    draft = RhythmDiaryDraft.objects.get()
    record_rhythm_week(
        people.owner,
        people.episode,
        week_starting=draft.week_starting,
        times={key: [None] * 7 for key in TIMES},
    )
    assert client.post(diary_url(client), {"action": "send"}).status_code == 302
    for day in range(2, 8):  # the seventh day would send the week
        assert client.post(day_url(client, day), TIMES).status_code == 302
    assert RhythmWeek.objects.count() == 1  # the clinician's; nothing half-written
    page = client.get(diary_url(client)).content.decode()
    assert "already recorded" in page and 'name="week_starting"' in page
    response = start(client, days_ago=3)
    assert response.status_code == 302
    assert RhythmDiaryDraft.objects.get().week_starting != draft.week_starting
