"""Group sessions in the facilitators' week and calendar feeds (docs/groups.md, Calendar):
each group session once, never once per member; no names in a feed."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from openipt.accounts.actions import turn_on_calendar_feed

from .builders import START, people_group


def test_the_week_shows_each_group_session_once(people, client):
    group, first, _ = people_group(people)
    client.force_login(people.owner)
    page = client.get(reverse("clinic:calendar") + f"?week={START:%Y-%m-%d}")
    entries = [entry for _, day in page.context["days"] for entry in day]
    group_entries = [e for e in entries if getattr(e, "group_id", None) == group.pk]
    assert [e.number for e in group_entries] == [1]
    # The members' own course sessions are not listed beside it.
    assert not [e for e in entries if getattr(e, "episode_id", None) == first.episode_id]
    assert reverse("clinic:group_session", args=[group.pk, 1]) in page.content.decode()
    # The co-facilitator sees it too.
    client.force_login(people.co_facilitator)
    page = client.get(reverse("clinic:calendar") + f"?week={START:%Y-%m-%d}")
    assert page.context["session_count"] == 1


def test_the_feeds_hold_group_sessions_without_names(people, client):
    group, _, _ = people_group(people, start=timezone.localdate() + timedelta(days=3))
    token = turn_on_calendar_feed(people.owner)
    body = client.get(reverse("clinic:calendar_feed", args=[token])).content.decode()
    assert body.count(f"SUMMARY:Group {group.pk}\\, session") == group.planned_sessions
    for word in (group.name, "Tuesday", people.client.given_name, "Robin", "Jordan"):
        assert word not in body
    # A member's own feed: their sessions as appointments.
    token = turn_on_calendar_feed(people.second_member_user)
    body = client.get(reverse("clinic:calendar_feed", args=[token])).content.decode()
    assert body.count("SUMMARY:Appointment") == group.planned_sessions
    assert "Group" not in body
