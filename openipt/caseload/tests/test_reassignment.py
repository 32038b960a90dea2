"""Reassigning a leaving clinician's open episodes: the episode (and the client's
responsible clinician, when it was the same person) moves, the move is audited, and
everything of the episode follows because access is decided from the episode."""

from datetime import date

import pytest
from django.urls import reverse

from openipt.accounts.models import Role, User
from openipt.audit.models import AuditEvent
from openipt.caseload.actions import ReassignmentRefused, reassign_episode
from openipt.caseload.models import EpisodeStatus
from openipt.measures.actions import record_administration
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import answers_totalling
from openipt.testing.people import make_client, make_user


@pytest.fixture
def colleague(people):
    """Another therapist in the owner's team, who takes the episodes over."""
    return make_user(people.admin.organisation, "colleague", Role.THERAPIST, people.supervisor)


def reassign_page(client, member):
    return reverse("clinic:staff_reassign", args=[member.pk])


def test_reassigning_moves_the_episode_and_the_client_and_writes_the_event(
    people, client, colleague
):
    User.objects.filter(pk=people.owner.pk).update(is_active=False)
    client.force_login(people.admin)
    page = client.get(reassign_page(client, people.owner))
    assert people.client.reference in page.content.decode()
    response = client.post(
        reassign_page(client, people.owner),
        {"episodes": [people.episode.pk], "to_clinician": colleague.pk},
    )
    assert response.status_code == 302
    episode = people.client.episodes.get()
    people.client.refresh_from_db()
    assert episode.clinician == colleague
    assert people.client.clinician == colleague  # the owner was responsible too
    event = AuditEvent.objects.get(action="episode.reassigned")
    assert (event.actor, event.client, event.object_id) == (
        people.admin,
        people.client,
        str(episode.pk),
    )
    assert event.facts["client_moved"] is True
    assert event.facts["to_clinician"] == colleague.pk


def test_the_responsible_clinician_stays_when_it_was_someone_else(people, colleague):
    episode = people.client.episodes.create(
        organisation=people.client.organisation,
        clinician=people.unrelated,
        opened_on=date(2026, 10, 1),
    )
    reassign_episode(people.admin, episode, colleague)
    people.client.refresh_from_db()
    assert people.client.clinician == people.owner
    episode.refresh_from_db()
    assert episode.clinician == colleague


def test_the_risk_flags_follow_the_episode(people, client, colleague):
    administration = record_administration(
        people.owner,
        people.episode,
        "phq9",
        answers_totalling(QUESTIONNAIRES["phq9"], 12) | {"q9": 2},
        administered_on=date(2026, 9, 8),
        respondent="client_in_session",
    )
    flag = administration.risk_flags.get()
    # Before: the other team's supervisor has no access to the flag.
    other_team = make_user(
        people.admin.organisation, "otherteam", Role.THERAPIST, people.other_supervisor
    )
    reassign_episode(people.admin, people.episode, other_team)
    for person, status in (
        (other_team, 200),
        (people.other_supervisor, 200),
        (people.supervisor, 403),  # no longer their team's episode
        (colleague, 403),
    ):
        client.force_login(person)
        got = client.get(reverse("clinic:risk_flag", args=[flag.pk])).status_code
        assert got == status, person


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("inactive", "not an active therapist or counsellor"),
        ("supervisor", "not an active therapist or counsellor"),
        ("other_org", "Choose a clinician of this organisation."),
        ("same", "already with"),
    ],
)
def test_the_action_refuses_a_clinician_who_cannot_take_the_episode(
    people, colleague, target, message
):
    if target == "inactive":
        User.objects.filter(pk=colleague.pk).update(is_active=False)
        colleague.refresh_from_db()
    to = {
        "inactive": colleague,
        "supervisor": people.supervisor,
        "other_org": people.other_org_clinician,
        "same": people.owner,
    }[target]
    with pytest.raises(ReassignmentRefused, match=message):
        reassign_episode(people.admin, people.episode, to)
    assert people.client.episodes.get().clinician == people.owner
    assert not AuditEvent.objects.filter(action="episode.reassigned").exists()


def test_a_closed_episode_keeps_its_clinician(people, colleague):
    people.client.episodes.update(status=EpisodeStatus.CLOSED, closed_on=date(2026, 10, 1))
    with pytest.raises(ReassignmentRefused, match="Only open episodes"):
        reassign_episode(people.admin, people.episode, colleague)


def test_the_page_refuses_no_choice_and_a_clinician_not_offered(people, client, colleague):
    client.force_login(people.admin)
    url = reassign_page(client, people.owner)
    nothing = client.post(url, {"episodes": [people.episode.pk]})
    assert "Choose the clinician the episodes go to." in nothing.content.decode()
    deactivated = make_user(people.admin.organisation, "gone", Role.THERAPIST)
    User.objects.filter(pk=deactivated.pk).update(is_active=False)
    for not_offered in (deactivated, people.supervisor, people.other_org_clinician):
        response = client.post(
            url, {"episodes": [people.episode.pk], "to_clinician": not_offered.pk}
        )
        assert "Select a valid choice" in response.content.decode()
    someone_elses = client.post(
        url, {"episodes": [people.another_client.episodes.get().pk], "to_clinician": colleague.pk}
    )
    assert "Select a valid choice" in someone_elses.content.decode()
    assert people.client.episodes.get().clinician == people.owner
    assert people.another_client.episodes.get().clinician == people.unrelated
    assert not AuditEvent.objects.filter(action="episode.reassigned").exists()


def test_all_chosen_episodes_move_together_with_one_event_each(people, client, colleague):
    for name in ("Sky", "Lee"):
        make_client(people.owner, name)
    episodes = list(people.owner.episodes.values_list("pk", flat=True))
    client.force_login(people.admin)
    client.post(
        reassign_page(client, people.owner), {"episodes": episodes, "to_clinician": colleague.pk}
    )
    assert set(colleague.episodes.values_list("pk", flat=True)) == set(episodes)
    assert AuditEvent.objects.filter(action="episode.reassigned").count() == 3


def test_the_page_shows_no_clinical_content(people, client):
    client.force_login(people.admin)
    page = client.get(reassign_page(client, people.owner)).content.decode()
    assert people.client.full_name in page
    assert "Low mood after moving city." not in page
    shown = AuditEvent.objects.get(action="staff.open_episodes_viewed")
    assert shown.client == people.client
