from django.urls import reverse

from openipt.caseload.actions import close_episode
from openipt.testing.people import make_client


def test_team_table_counts_clients_and_open_episodes(people, client):
    make_client(people.owner, "Second")
    third = make_client(people.owner, "Third")
    close_episode(people.owner, third.episodes.get(), closed_on=third.episodes.get().opened_on)
    client.force_login(people.supervisor)
    team = {
        member.username: member
        for member in client.get(reverse("clinic:supervision")).context["team"]
    }
    assert (team["owner"].client_count, team["owner"].open_episodes) == (3, 2)
