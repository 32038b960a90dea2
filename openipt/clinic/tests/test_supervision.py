from django.urls import reverse

from openipt.caseload.actions import close_episode
from openipt.measures.tests.test_risk_flags import flagged_phq9
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


def test_a_supervisor_of_another_team_sees_only_their_own_team(people, client):
    """Two teams in one organisation: each supervisor's pages hold their team alone."""
    robins = flagged_phq9(people)
    alexs = flagged_phq9(people, episode=people.another_client.episodes.get())
    client.force_login(people.other_supervisor)
    page = client.get(reverse("clinic:supervision"))
    assert [m.username for m in page.context["team"]] == ["unrelated"]
    assert [f.pk for f in page.context["risk_flags"]] == [alexs.pk]
    listed = client.get(reverse("clinic:clients")).context["clients"]
    assert [c.pk for c in listed] == [people.another_client.pk]
    assert people.client.reference not in client.get(reverse("clinic:fidelity")).content.decode()
    assert client.get(reverse("clinic:episode", args=[people.episode.pk])).status_code == 403
    assert client.get(reverse("clinic:risk_flag", args=[robins.pk])).status_code == 403
