"""The outcome dashboard narrowed to a group (issue 11): the episodes of its members' courses
delivered in that group, never their other courses; offered to those whose figures count
them; kept on the drill-down and written in the CSV."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from openipt.caseload.actions import open_episode
from openipt.outcomes import periods
from openipt.outcomes.models import OutcomeSummary
from openipt.outcomes.queries import Choices, summaries_for

from ..queries import groups_for_outcomes
from .builders import people_group

# Members' episodes are opened on the day they are added: this quarter.
TODAY = timezone.localdate()
PERIOD = periods.parse(f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}")


@pytest.fixture
def group(people):
    group, first, second = people_group(people)
    people.members = (first, second)
    return group


def test_the_filter_counts_only_the_members_courses_in_the_group(people, group):
    first, second = people.members
    individual = open_episode(people.owner, people.client, opened_on=TODAY)
    everything = summaries_for(people.supervisor, Choices(period=PERIOD))
    narrowed = summaries_for(people.supervisor, Choices(period=PERIOD, group=group))

    assert set(narrowed.values_list("episode_id", flat=True)) == {
        first.episode_id,
        second.episode_id,
    }
    # The client's individual course (another episode of theirs) counts, but not in the group.
    assert everything.filter(episode=individual).exists()


@pytest.mark.parametrize(
    ("person", "offered"),
    [
        ("supervisor", True),  # the facilitator's supervisor: the members' courses count
        ("admin", True),
        ("programme_lead", True),
        ("other_supervisor", False),  # supervises the co-facilitator, whose courses they are not
        ("owner", False),  # clinicians have no dashboard
        ("other_org_clinician", False),
    ],
)
def test_the_groups_offered_are_those_whose_courses_the_person_counts(
    people, group, person, offered
):
    assert (group in groups_for_outcomes(getattr(people, person))) is offered


def test_a_group_outside_the_scope_narrows_nothing_it_may_not_see(people, group):
    narrowed = summaries_for(people.other_supervisor, Choices(period=PERIOD, group=group))
    assert not narrowed.exists()


def test_the_page_offers_the_group_and_the_csv_names_it(people, group, client):
    client.force_login(people.supervisor)
    asked = {"period": PERIOD.key, "group": group.pk}

    page = client.get(reverse("clinic:outcomes"), asked)
    assert page.status_code == 200
    assert page.context["form"].cleaned_data["group"] == group
    assert ("Group", f"{group.name} ({group.pk})") in page.context["filters"]

    download = client.get(reverse("clinic:outcomes_csv"), asked)
    lines = list(csv.reader(io.StringIO(download.content.decode())))
    assert ["Group", f"{group.name} ({group.pk})"] in lines


def test_the_drill_down_keeps_the_group(people, group, client):
    first, second = people.members
    client.force_login(people.supervisor)
    response = client.get(
        reverse("clinic:outcome_episodes", kwargs={"figure": "referrals"}),
        {"period": PERIOD.key, "group": group.pk},
    )
    assert response.status_code == 200
    shown = {row.episode_id for row in response.context["rows"]}
    assert shown <= {first.episode_id, second.episode_id}
    assert f"group={group.pk}" in response.context["back"]


def test_a_group_not_offered_is_refused_beside_its_field(people, group, client):
    client.force_login(people.other_supervisor)
    page = client.get(reverse("clinic:outcomes"), {"period": PERIOD.key, "group": group.pk})
    assert page.status_code == 200
    assert "group" in page.context["form"].errors
    assert OutcomeSummary.objects.exists()
