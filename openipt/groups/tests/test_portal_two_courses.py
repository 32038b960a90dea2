"""A group member who also has an individual course open sees both in the portal (issue 17,
item 12): a card for each open episode on the home page, with the group's page, and the
questionnaires and diary of each episode at their own addresses."""

from django.urls import reverse

from openipt.measures.due import due_for_client
from openipt.protocol.tests.builders import course_with_sessions

from .builders import hold, people_group


def test_a_member_with_an_individual_course_sees_both(people, client):
    course_with_sessions(people.owner, people.episode, recorded=0, scheduled=1)
    group, member, _ = people_group(people)
    hold(people.owner, group, 1, {})
    assert member.episode != people.episode
    rows = due_for_client(people.client)
    assert {row.episode.pk for row in rows} == {people.episode.pk, member.episode.pk}

    client.force_login(people.client_user)
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    shown = [course["episode"].pk for course in home.context["courses"]]
    assert sorted(shown) == sorted([people.episode.pk, member.episode.pk])
    page = home.content.decode()
    assert f'id="course-{people.episode.pk}-h"' in page
    assert f'id="course-{member.episode.pk}-h"' in page
    assert reverse("portal:group") in page
    listed = client.get(reverse("portal:questionnaires")).content.decode()
    for row in rows:
        for code in row.due.codes if row.due else ():
            assert reverse("portal:questionnaire", args=[row.episode.pk, code]) in listed
    assert client.get(reverse("portal:group")).status_code == 200
