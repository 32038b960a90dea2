"""Problem areas as the articles describe them (issue 14, item 6): kinds of grief,
non-death losses by organisation setting, anticipated role transitions, rated concerns and
the inventory grouped by problem area."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from openipt import dates
from openipt.audit.models import AuditEvent
from openipt.formulation import decision, queries
from openipt.formulation.models import LifeEvent, PersonVersion, ProblemArea
from openipt.operations import repair

from .builders import add_event, add_person

TODAY = date.today()


def url(name, people, *args):
    return reverse(f"clinic:{name}", args=[people.episode.pk, *args])


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


def grief_area(owner, people):
    owner.post(url("problem_areas", people), {"area": "grief", "chosen_on": TODAY.isoformat()})
    return ProblemArea.objects.get(area="grief")


# --- grief --------------------------------------------------------------------------------


def test_the_kind_of_grief_is_recorded_with_its_guide(people, owner):
    area = grief_area(owner, people)
    page = owner.get(url("problem_area", people, area.pk)).content.decode()
    assert "How the grief runs" in page and "complicated grief" in page
    response = owner.post(url("problem_area", people, area.pk), {"grief_kind": "delayed"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.grief_kind, area.loss) == ("delayed", "death")
    event = AuditEvent.objects.filter(action="formulation.area_updated").latest("pk")
    assert event.facts == {"changed": ["grief_kind"]}
    assert "Delayed or absent" in owner.get(url("problem_area", people, area.pk)).content.decode()


# (organisation counts non-death losses, loss posted, saved)
LOSSES = [
    (False, "death", True),
    (False, "divorce", False),
    (False, "relationship_ended", False),
    (False, "health", False),
    (False, "home", False),
    (True, "divorce", True),
    (True, "relationship_ended", True),
    (True, "home", True),
    (True, "death", True),
]


@pytest.mark.parametrize(("counts", "loss", "saved"), LOSSES)
def test_a_non_death_loss_is_grief_only_where_the_organisation_says(
    people, owner, counts, loss, saved
):
    organisation = people.owner.organisation
    organisation.non_death_losses_as_grief = counts
    organisation.save()
    area = grief_area(owner, people)
    response = owner.post(url("problem_area", people, area.pk), {"loss": loss})
    area.refresh_from_db()
    if saved:
        assert response.status_code == 302
        assert area.loss == loss
    else:
        assert response.status_code == 200
        assert "choose role transition" in response.content.decode()
        assert area.loss == "death"


def test_the_choice_page_points_non_death_losses_to_role_transition(people, owner):
    page = owner.get(url("problem_areas", people)).content.decode()
    assert "For a break-up, a divorce, or the loss of health or a home, choose role" in page
    people.owner.organisation.non_death_losses_as_grief = True
    people.owner.organisation.save()
    page = owner.get(url("problem_areas", people)).content.decode()
    assert "For a break-up" not in page


def test_the_admin_sets_whether_non_death_losses_count_as_grief(people, client):
    client.force_login(people.admin)
    form = client.get(reverse("clinic:organisation")).context["form"]
    sent = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, bool)
    }
    sent["non_death_losses_as_grief"] = "on"
    assert client.post(reverse("clinic:organisation"), sent).status_code == 302
    people.admin.organisation.refresh_from_db()
    assert people.admin.organisation.non_death_losses_as_grief is True
    event = AuditEvent.objects.get(action="organisation.updated")
    assert "non_death_losses_as_grief" in event.facts["changed"]


# --- anticipated role transitions -----------------------------------------------------------

IN_A_MONTH = TODAY + timedelta(days=31)
NEXT_YEAR_MONTH = f"{TODAY.year + 1}-{TODAY.month:02d}"
YESTERDAY = TODAY - timedelta(days=1)

# (posted, saved, message)
TIMELINE_DATES = [
    ({"occurred_on": IN_A_MONTH.isoformat(), "anticipated": "on"}, True, ""),
    ({"month": NEXT_YEAR_MONTH, "anticipated": "on"}, True, ""),
    ({"occurred_on": IN_A_MONTH.isoformat()}, False, "tick anticipated"),
    ({"month": NEXT_YEAR_MONTH}, False, "tick anticipated"),
    ({"occurred_on": YESTERDAY.isoformat(), "anticipated": "on"}, False, "lies ahead"),
    ({"occurred_on": YESTERDAY.isoformat()}, True, ""),
    # bounded by openipt/dates.py: three years ahead at most
    (
        {"occurred_on": (TODAY + timedelta(days=4 * 366)).isoformat(), "anticipated": "on"},
        False,
        "Give a date from",
    ),
    ({"month": f"{TODAY.year + 4}-01", "anticipated": "on"}, False, "Give a month up to"),
]


@pytest.mark.parametrize(("posted", "saved", "message"), TIMELINE_DATES)
def test_only_an_anticipated_event_lies_ahead(people, owner, posted, saved, message):
    response = owner.post(
        url("timeline_add", people), {"kind": "life_change", "note": "Moving abroad", **posted}
    )
    assert LifeEvent.objects.exists() == saved
    if saved:
        assert response.status_code == 302
        assert LifeEvent.objects.get().anticipated == ("anticipated" in posted)
    else:
        assert response.status_code == 200
        assert message in response.content.decode()


def test_a_mood_point_cannot_be_anticipated(people, owner):
    response = owner.post(
        url("timeline_add", people),
        {"kind": "onset", "occurred_on": YESTERDAY.isoformat(), "anticipated": "on"},
    )
    assert response.status_code == 200
    assert not LifeEvent.objects.exists()


def test_an_anticipated_transition_is_proposed_and_drawn(people, owner):
    add_event_ahead = owner.post(
        url("timeline_add", people),
        {
            "kind": "life_change",
            "occurred_on": IN_A_MONTH.isoformat(),
            "anticipated": "on",
            "note": "Retiring",
        },
    )
    assert add_event_ahead.status_code == 302
    page = owner.get(url("problem_areas", people)).content.decode()
    assert f"A life change is expected in {IN_A_MONTH:%B %Y}: Retiring." in page
    timeline = owner.get(url("timeline", people)).content.decode()
    assert "Retiring (expected)" in timeline and "(anticipated)" in timeline


def test_the_proposal_rule_counts_anticipated_changes_ahead_only():
    ahead = decision.EventFact("life_change", IN_A_MONTH, anticipated=True)
    unmarked_ahead = decision.EventFact("life_change", IN_A_MONTH)
    assert decision.propose({}, [ahead], as_of=TODAY).areas == ["role_transition"]
    assert decision.propose({}, [unmarked_ahead], as_of=TODAY).areas == []


def test_date_repair_keeps_an_anticipated_event_ahead(people):
    add_event(people, "life_change", IN_A_MONTH)
    assert repair.NARROW_WINDOWS["formulation.lifeevent.occurred_on"] is dates.LIFE_PLANS
    assert not [f for f in repair.findings() if f.field.label.startswith("formulation.")]


# --- rated concerns and the inventory by problem area --------------------------------------


def person_form(label, **changes):
    return {
        "label": label,
        "relationship": "partner",
        "circle": "inner",
        "contact": "daily",
        "quality": "supportive",
        "recorded_on": TODAY.isoformat(),
        **changes,
    }


def test_ratings_are_kept_and_shown_most_troubling_first_when_choosing(people, owner):
    owner.post(url("inventory_add", people), person_form("Sam", distress="8", importance="9"))
    owner.post(url("inventory_add", people), person_form("Jo", distress="3", importance="10"))
    owner.post(url("inventory_add", people), person_form("Kim"))
    assert sorted(PersonVersion.objects.values_list("label", "distress", "importance")) == [
        ("Jo", 3, 10),
        ("Kim", None, None),
        ("Sam", 8, 9),
    ]
    response = owner.get(url("problem_areas", people))
    assert [v.label for v in response.context["ratings"]] == ["Sam", "Jo"]
    assert "How the client rates their relationships" in response.content.decode()


@pytest.mark.parametrize("rating", ["-1", "11", "a lot"])
def test_a_rating_outside_0_to_10_is_refused(people, owner, rating):
    response = owner.post(url("inventory_add", people), person_form("Sam", distress=rating))
    assert response.status_code == 200
    assert response.context["form"].errors["distress"]
    assert not PersonVersion.objects.exists()


def test_the_inventory_grouped_by_problem_area(people, owner):
    dad = add_person(people, "Dad", relationship="deceased", circle="inner")
    sam = add_person(people, "Sam", relationship="partner", circle="inner", quality="conflictual")
    boss = add_person(people, "Boss", relationship="colleague", circle="outer")
    add_person(people, "Jo")
    add_event(people, "death", date(2026, 3, 1), person=dad)
    add_event(people, "life_change", date(2026, 4, 1), person=boss)
    add_event(people, "dispute", date(2026, 4, 1), person=boss)
    response = owner.get(url("inventory", people) + "?by=area")
    groups = {g.area: [p.current.label for p in g.people] for g in response.context["groups"]}
    assert groups == {
        "grief": ["Dad"],
        "role_dispute": ["Sam", "Boss"],
        "role_transition": ["Boss"],
        "deficits": [],
        "": ["Jo"],
    }
    assert sam.pk in {p.pk for p in response.context["people"]}
    page = response.content.decode()
    assert "Grouped by problem area" in page and "Not tied to a problem area" in page
    assert AuditEvent.objects.filter(
        action="formulation.inventory_viewed", client_id=people.client.pk
    ).exists()


def test_a_chosen_area_ties_its_person_and_is_marked(people, owner):
    jo = add_person(people, "Jo")
    owner.post(url("problem_areas", people), {"area": "role_dispute", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    owner.post(url("problem_area", people, area.pk), {"other_party": jo.pk})
    groups = queries.grouped_by_area(
        queries.people_of(people.episode),
        queries.events_of(people.episode),
        queries.areas_of(people.episode),
    )
    dispute = next(g for g in groups if g.area == "role_dispute")
    assert dispute.chosen and [p.pk for p in dispute.people] == [jo.pk]
