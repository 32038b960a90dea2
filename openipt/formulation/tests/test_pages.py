"""The formulation pages end to end with the Django test client and the named people."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.formulation import queries
from openipt.formulation.models import (
    DisputeStageRecord,
    FormulationVersion,
    Goal,
    GoalReview,
    InventoryPerson,
    LifeEvent,
    PersonVersion,
    ProblemArea,
    ShareDecision,
)
from openipt.measures.models import MeasureAdministration

from .builders import add_event, add_person, make_session

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def url(name, people, *args):
    return reverse(f"clinic:{name}", args=[people.episode.pk, *args])


def formulation_rows():
    return [
        model.objects.count()
        for model in (
            InventoryPerson,
            PersonVersion,
            LifeEvent,
            ProblemArea,
            DisputeStageRecord,
            Goal,
            GoalReview,
            FormulationVersion,
            ShareDecision,
        )
    ]


def changes_audited():
    return AuditEvent.objects.exclude(action__endswith="_viewed").count()


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


@pytest.fixture
def bereaved(people):
    """An inventory and a timeline in which grief is the proposed area."""
    dad = add_person(people, "Dad", relationship="deceased", circle="inner")
    for name in ("Mum", "Jo", "Kim"):
        add_person(people, name)
    add_event(people, "death", date(2026, 3, 1), person=dad)
    add_event(people, "onset", date(2026, 5, 1))
    return dad


# --- inventory --------------------------------------------------------------------------


def test_adding_a_person_is_audited(people, owner):
    response = owner.post(
        url("inventory_add", people),
        {
            "label": "  Aunt   May ",
            "relationship": "other",
            "circle": "middle",
            "contact": "monthly",
            "quality": "supportive",
            "recorded_on": "2026-09-03",
        },
    )
    assert response.status_code == 302
    version = PersonVersion.objects.get()
    assert version.label == "Aunt May"
    assert version.recorded_by == people.owner
    event = AuditEvent.objects.get(action="formulation.person_added")
    assert (event.client, event.actor) == (people.client, people.owner)


def test_bad_person_input_shows_messages_by_the_fields_and_saves_nothing(people, owner):
    before, audited = formulation_rows(), changes_audited()
    response = owner.post(
        url("inventory_add", people),
        {"label": "", "relationship": "partner", "contact": "daily", "recorded_on": TOMORROW},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert "This date is in the future" in page
    assert page.count('class="field fm-fieldset field-error"') == 2  # circle and quality
    assert "nothing has been saved" in page
    assert formulation_rows() == before
    assert changes_audited() == audited


def test_a_person_of_another_episode_is_not_found(people, owner):
    stranger = InventoryPerson.objects.create(
        episode=people.another_client.episodes.get(), created_by=people.unrelated
    )
    response = owner.get(url("inventory_edit", people, stranger.pk))
    assert response.status_code == 404


# --- timeline ---------------------------------------------------------------------------


def test_an_event_with_only_a_month_is_approximate(people, owner):
    sam = add_person(people, "Sam", relationship="partner", circle="inner")
    response = owner.post(
        url("timeline_add", people),
        {"kind": "dispute", "month": "2026-03", "person": sam.pk, "note": "about money"},
    )
    assert response.status_code == 302
    event = LifeEvent.objects.get()
    assert (event.occurred_on, event.approximate, event.person) == (date(2026, 3, 1), True, sam)
    page = owner.get(url("timeline", people)).content.decode()
    assert "about March 2026" in page
    assert "Dispute with Sam" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "death"}, "Give the date, or the month if the date is not known."),
        (
            {"kind": "death", "occurred_on": "2026-03-02", "month": "2026-03"},
            "Give either the date or the month, not both.",
        ),
        ({"kind": "death", "month": "March"}, "Write the month as year and month"),
        ({"kind": "death", "month": "2026-13"}, "Write the month as year and month"),
        ({"kind": "death", "occurred_on": TOMORROW}, "This date is in the future"),
        ({"kind": "party", "occurred_on": "2026-03-02"}, "Select a valid choice."),
    ],
)
def test_bad_timeline_input_saves_nothing(people, owner, data, message):
    before, audited = formulation_rows(), changes_audited()
    response = owner.post(url("timeline_add", people), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert formulation_rows() == before
    assert changes_audited() == audited


def test_removing_an_event_keeps_the_row_but_takes_it_off_the_timeline(people, owner):
    event = add_event(people, "other", date(2026, 2, 1), note="Lost my keys")
    response = owner.post(url("timeline_remove", people, event.pk))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.removed_by == people.owner
    assert "Lost my keys" not in owner.get(url("timeline", people)).content.decode()
    assert AuditEvent.objects.filter(action="formulation.event_removed").count() == 1
    assert owner.post(url("timeline_remove", people, event.pk)).status_code == 404


def test_the_timeline_overlays_symptom_scores_when_they_exist(people, owner):

    add_event(people, "onset", date(2026, 6, 1))
    for day, total, band in (
        (date(2026, 9, 2), 16, "moderately severe"),
        (date(2026, 9, 30), 9, "mild"),
    ):
        MeasureAdministration.objects.create(
            organisation=people.owner.organisation,
            episode=people.episode,
            instrument="phq9",
            instrument_version="1",
            administered_on=day,
            answers={},
            total=total,
            band=band,
            recorded_by=people.owner,
        )
    page = owner.get(url("timeline", people)).content.decode()
    assert "<polyline" in page
    assert "PHQ-9 scores from 16 on 02 September 2026 to 9 on 30 September 2026" in page


# --- problem areas ----------------------------------------------------------------------


def test_accepting_the_proposed_area_records_the_reasons_shown(people, owner, bereaved):
    page = owner.get(url("problem_areas", people)).content.decode()
    assert "Dad, in the inner circle, died in March 2026, 2 months before" in page
    assert 'value="grief" required id="id_area_0" checked' in page

    response = owner.post(
        url("problem_areas", people), {"area": "grief", "chosen_on": "2026-09-10"}
    )
    area = ProblemArea.objects.get()
    assert response.url == url("problem_area", people, area.pk)
    assert area.followed_proposal is True
    assert area.proposed_areas == ["grief"]
    assert area.reasons_shown[0].startswith("Grief: Dad, in the inner circle, died in March 2026")
    assert (area.deceased_person, area.date_of_death) == (bereaved, date(2026, 3, 1))
    event = AuditEvent.objects.get(action="formulation.area_chosen")
    assert event.facts == {"area": "grief", "proposed": ["grief"], "followed": True}


def test_choosing_otherwise_is_recorded_as_an_override(people, owner, bereaved):
    owner.post(url("problem_areas", people), {"area": "role_transition", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    assert area.followed_proposal is False
    assert area.proposed_areas == ["grief"]
    assert any("Dad" in line for line in area.reasons_shown)
    page = owner.get(url("problem_area", people, area.pk)).content.decode()
    assert "chosen over the suggestion" in page
    assert "What the suggestion said at the time" in page


def test_nothing_recorded_proposes_no_area_and_says_why(people, owner):
    page = owner.get(url("problem_areas", people)).content.decode()
    assert "No area is suggested." in page
    assert "Nothing is recorded yet." in page


def test_a_third_area_is_refused_with_a_message_and_nothing_saved(people, owner):
    for area in ("grief", "role_dispute"):
        owner.post(url("problem_areas", people), {"area": area, "chosen_on": "2026-09-10"})
    before, audited = formulation_rows(), changes_audited()
    response = owner.post(
        url("problem_areas", people), {"area": "deficits", "chosen_on": "2026-09-10"}
    )
    assert response.status_code == 200
    assert "2 problem areas are already chosen" in response.content.decode()
    repeat = owner.post(url("problem_areas", people), {"area": "grief", "chosen_on": "2026-09-10"})
    assert "This area is already chosen" in repeat.content.decode()
    assert formulation_rows() == before
    assert changes_audited() == audited


def test_setting_an_area_aside_makes_room_for_another(people, owner):
    for area in ("grief", "role_dispute"):
        owner.post(url("problem_areas", people), {"area": area, "chosen_on": "2026-09-10"})
    grief = ProblemArea.objects.get(area="grief")
    owner.post(url("problem_area_set_aside", people, grief.pk))
    response = owner.post(
        url("problem_areas", people), {"area": "role_transition", "chosen_on": "2026-09-12"}
    )
    assert response.status_code == 302
    assert sorted(a.area for a in queries.areas_of(people.episode)) == [
        "role_dispute",
        "role_transition",
    ]
    page = owner.get(url("problem_area", people, grief.pk)).content.decode()
    assert "Set aside on" in page
    assert "Save details" not in page


def test_area_details_are_specific_to_the_area(people, owner):
    owner.post(url("problem_areas", people), {"area": "role_transition", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    page = owner.get(url("problem_area", people, area.pk)).content.decode()
    assert "The old role" in page and "The person who died" not in page
    response = owner.post(
        url("problem_area", people, area.pk),
        {"old_role": "Nurse", "new_role": "Retired", "losses": "Colleagues", "gains": "Time"},
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.old_role, area.new_role, area.gains) == ("Nurse", "Retired", "Time")


def test_a_future_date_of_death_is_refused(people, owner, bereaved):
    owner.post(url("problem_areas", people), {"area": "grief", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    response = owner.post(url("problem_area", people, area.pk), {"date_of_death": TOMORROW})
    assert response.status_code == 200
    assert "This date is in the future" in response.content.decode()
    area.refresh_from_db()
    assert area.date_of_death == date(2026, 3, 1)


def test_the_dispute_stage_keeps_its_history_over_sessions(people, owner):
    sam = add_person(people, "Sam", relationship="partner", circle="inner")
    owner.post(url("problem_areas", people), {"area": "role_dispute", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    owner.post(url("problem_area", people, area.pk), {"other_party": sam.pk})
    fourth = make_session(people.episode, 4, date(2026, 9, 24))
    eighth = make_session(people.episode, 8, date(2026, 10, 22))
    for stage, day, session in (
        ("impasse", "2026-09-24", fourth),
        ("renegotiation", "2026-10-22", eighth),
    ):
        response = owner.post(
            url("dispute_stage_add", people, area.pk),
            {"stage-stage": stage, "stage-recorded_on": day, "stage-session": session.pk},
        )
        assert response.status_code == 302
    stages = [(s.stage, s.session.number) for s in area.stage_records.order_by("recorded_on")]
    assert stages == [("impasse", 4), ("renegotiation", 8)]
    page = owner.get(url("problem_area", people, area.pk)).content.decode()
    assert "24 Sep 2026 (session 4)" in page and "22 Oct 2026 (session 8)" in page
    assert "Right now you are both still trying to talk it through." in queries.draft_for(
        people.episode
    )
    assert "The disagreement with Sam." in queries.draft_for(people.episode)


def test_stages_are_only_for_a_dispute(people, owner):
    owner.post(url("problem_areas", people), {"area": "grief", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    response = owner.post(
        url("dispute_stage_add", people, area.pk),
        {"stage-stage": "impasse", "stage-recorded_on": "2026-09-24"},
        follow=True,
    )
    assert "Stages are recorded only for a role dispute" in response.content.decode()
    assert DisputeStageRecord.objects.count() == 0


def test_goals_are_added_and_reviewed(people, owner):
    owner.post(url("problem_areas", people), {"area": "role_transition", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    owner.post(url("goal_add", people, area.pk), {"goal-text": "Join a walking group"})
    goal = Goal.objects.get()
    assert queries.areas_of(people.episode)[0].goal_list[0].status == "not_started"
    session = make_session(people.episode, 6, date(2026, 10, 8))
    prefix = f"review-{goal.pk}"
    response = owner.post(
        reverse("clinic:goal_review", args=[people.episode.pk, goal.pk]),
        {
            f"{prefix}-status": "in_progress",
            f"{prefix}-reviewed_on": "2026-10-08",
            f"{prefix}-session": session.pk,
            f"{prefix}-note": "Went twice",
        },
    )
    assert response.status_code == 302
    page = owner.get(url("problem_area", people, area.pk)).content.decode()
    assert "Join a walking group" in page
    assert "8 Oct 2026 (session 6): in progress. Went twice" in page


def test_bad_goal_input_saves_nothing(people, owner):
    owner.post(url("problem_areas", people), {"area": "deficits", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    before = formulation_rows()
    response = owner.post(url("goal_add", people, area.pk), {"goal-text": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    goal = area.goals.create(text="Call one friend", created_by=people.owner)
    before = formulation_rows()
    response = owner.post(
        reverse("clinic:goal_review", args=[people.episode.pk, goal.pk]),
        {f"review-{goal.pk}-status": "done", f"review-{goal.pk}-reviewed_on": TOMORROW},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice." in page and "This date is in the future" in page
    assert formulation_rows() == before


def test_the_strategy_checklist_feeds_session_agendas(people, owner):
    owner.post(url("problem_areas", people), {"area": "role_dispute", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    page = owner.get(url("problem_area", people, area.pk)).content.decode()
    assert "Go through one recent disagreement in detail" in page
    owner.post(
        url("area_strategies", people, area.pk), {"keys": ["dispute_stage", "dispute_role_play"]}
    )
    [(planned_area, planned)] = queries.planned_strategies(people.episode)
    assert planned_area == area
    assert [s.key for s in planned] == ["dispute_stage", "dispute_role_play"]
    bad = owner.post(url("area_strategies", people, area.pk), {"keys": ["grief_feelings"]})
    assert bad.status_code == 200
    area.refresh_from_db()
    assert area.planned_strategies == ["dispute_stage", "dispute_role_play"]


def test_one_form_saves_details_goal_and_checklist_together(people, owner):
    owner.post(url("problem_areas", people), {"area": "role_dispute", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    page = owner.get(url("problem_area", people, area.pk)).content.decode()
    assert page.count(f'action="{url("problem_area", people, area.pk)}"') == 1
    assert url("goal_add", people, area.pk) not in page
    assert url("area_strategies", people, area.pk) not in page
    sam = add_person(people, "Sam", relationship="partner", circle="inner")
    response = owner.post(
        url("problem_area", people, area.pk),
        {"other_party": sam.pk, "goal-text": "Talk to Sam calmly", "keys": ["dispute_stage"]},
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.other_party == sam and area.planned_strategies == ["dispute_stage"]
    assert [goal.text for goal in area.goals.all()] == ["Talk to Sam calmly"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"formulation.area_updated", "formulation.goal_added"} <= actions
    assert "formulation.strategies_planned" in actions


def test_one_form_with_a_blank_goal_adds_none(people, owner):
    owner.post(url("problem_areas", people), {"area": "deficits", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    response = owner.post(
        url("problem_area", people, area.pk), {"isolation_pattern": "Few friends", "goal-text": " "}
    )
    assert response.status_code == 302
    assert not area.goals.exists()


ONE_FORM_ERRORS = [
    # (what is wrong, the POST, the message shown next to the field)
    (
        "a future date of death",
        {"date_of_death": "FUTURE", "goal-text": "Visit the grave"},
        "This date is in the future",
    ),
    (
        "a strategy of another area",
        {"goal-text": "Visit the grave", "keys": ["dispute_stage"]},
        "Select a valid choice.",
    ),
    (
        "a goal too long",
        {"goal-text": "x" * 301, "keys": ["grief_feelings"]},
        "Ensure this value has at most 300 characters",
    ),
]


@pytest.mark.parametrize(
    "post,message", [row[1:] for row in ONE_FORM_ERRORS], ids=[row[0] for row in ONE_FORM_ERRORS]
)
def test_one_form_with_any_error_saves_nothing(people, owner, bereaved, post, message):
    owner.post(url("problem_areas", people), {"area": "grief", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    before, events = formulation_rows(), changes_audited()
    post = {k: (TOMORROW if v == "FUTURE" else v) for k, v in post.items()}
    response = owner.post(url("problem_area", people, area.pk), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert formulation_rows() == before and changes_audited() == events
    area.refresh_from_db()
    assert area.planned_strategies in ([], None)


# --- formulation and sharing ------------------------------------------------------------


def test_the_draft_is_assembled_from_the_recorded_facts(people, owner, bereaved):
    owner.post(url("problem_areas", people), {"area": "grief", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    owner.post(url("goal_add", people, area.pk), {"goal-text": "Sort through his letters"})
    page = owner.get(url("formulation_edit", people)).content.decode()
    assert "Low mood after moving city." in page
    assert "Depression is a common illness" in page
    assert "your low mood began around 1 May 2026" in page
    assert "Grief after the death of Dad in March 2026" in page
    assert "- Sort through his letters" in page


def test_every_version_is_kept_and_only_what_is_shared_reaches_the_portal(people, client):
    client.force_login(people.owner)
    client.post(url("formulation_edit", people), {"text": "First version."})
    client.post(url("formulation_sharing", people), {"item": "formulation", "shared": "yes"})
    client.post(url("formulation_edit", people), {"text": "Second version, not shared yet."})
    assert list(FormulationVersion.objects.values_list("text", flat=True)) == [
        "First version.",
        "Second version, not shared yet.",
    ]
    versions_page = client.get(url("formulation_versions", people)).content.decode()
    assert "First version." in versions_page and "Shared now" in versions_page

    client.force_login(people.client_user)
    portal_url = reverse("portal:therapy_episode", args=[people.episode.pk])
    page = client.get(portal_url).content.decode()
    assert "First version." in page
    assert "Second version" not in page
    assert "has not shared your support map yet" in page
    assert AuditEvent.objects.filter(
        action="portal.formulation_viewed", actor=people.client_user, client=people.client
    ).exists()

    client.force_login(people.owner)
    client.post(url("formulation_sharing", people), {"item": "formulation", "shared": "no"})
    client.force_login(people.client_user)
    page = client.get(portal_url).content.decode()
    assert "First version." not in page
    assert "has not shared this yet" in page


def test_the_shared_map_shows_in_the_portal_with_its_table(people, client, bereaved):
    client.force_login(people.owner)
    client.post(url("formulation_sharing", people), {"item": "support_map", "shared": "yes"})
    client.force_login(people.client_user)
    page = client.get(reverse("portal:therapy_episode", args=[people.episode.pk])).content.decode()
    assert 'class="support-map"' in page
    assert "Your support map: 4 people in three circles" in page
    assert "<td>Dad</td><td>Inner</td><td>Supportive</td><td>Has died</td>" in page
    listing = client.get(reverse("portal:therapy")).content.decode()
    assert "Shared with you: your support map." in listing


def test_sharing_before_writing_says_so_and_saves_nothing(people, owner):
    response = owner.post(
        url("formulation_sharing", people), {"item": "formulation", "shared": "yes"}, follow=True
    )
    assert "Save a formulation first" in response.content.decode()
    assert ShareDecision.objects.count() == 0


def test_an_empty_formulation_is_refused(people, owner):
    response = owner.post(url("formulation_edit", people), {"text": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert FormulationVersion.objects.count() == 0


# --- access and audit -------------------------------------------------------------------


def test_a_supervisor_reads_but_cannot_change(people, client, bereaved):
    client.force_login(people.supervisor)
    assert client.get(url("formulation", people)).status_code == 200
    before = formulation_rows()
    posts = [
        (url("inventory_add", people), {"label": "X"}),
        (url("problem_areas", people), {"area": "grief", "chosen_on": "2026-09-10"}),
        (url("formulation_edit", people), {"text": "Mine"}),
        (url("formulation_sharing", people), {"item": "support_map", "shared": "yes"}),
    ]
    for target, data in posts:
        assert client.post(target, data).status_code == 403
    assert formulation_rows() == before


def test_other_people_cannot_change_anything(people, client):
    before = formulation_rows()
    for person, status in (
        (people.unrelated, 403),
        (people.admin, 403),
        (people.other_org_clinician, 404),
        (people.client_user, 403),
    ):
        client.force_login(person)
        response = client.post(url("formulation_edit", people), {"text": "Not mine"})
        assert response.status_code == status
    assert formulation_rows() == before


def test_another_client_cannot_see_a_shared_formulation(people, client):
    client.force_login(people.owner)
    client.post(url("formulation_edit", people), {"text": "Private words."})
    client.post(url("formulation_sharing", people), {"item": "formulation", "shared": "yes"})
    client.force_login(people.another_client_user)
    response = client.get(reverse("portal:therapy_episode", args=[people.episode.pk]))
    assert response.status_code == 404
    assert "Private words." not in client.get(reverse("portal:therapy")).content.decode()


PAGES = [
    "formulation",
    "formulation_edit",
    "formulation_versions",
    "inventory",
    "inventory_add",
    "inventory_compare",
    "support_map",
    "timeline",
    "timeline_add",
    "problem_areas",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_that_shows_the_record_is_audited(people, owner, name):
    assert owner.get(url(name, people)).status_code == 200
    event = AuditEvent.objects.filter(action__startswith="formulation.").get()
    assert event.action.endswith("_viewed")
    assert (event.actor, event.client) == (people.owner, people.client)


def test_the_episode_page_shows_the_support_map_and_links(people, owner, bereaved):
    page = owner.get(reverse("clinic:episode", args=[people.episode.pk])).content.decode()
    assert 'id="episode-map-title"' in page
    assert "<td>Dad</td><td>Inner</td><td>Supportive</td><td>Has died</td>" in page
    assert url("formulation", people) in page
