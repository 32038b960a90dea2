"""The group pages besides the session page: the list, a new group, members and their
pre-group sessions, the progress sheet and the outcomes (query counts for 1 and 14 members
and 1 and 16 sessions), ending the group, supervision notes, the FHIR export and the
member's own page in the portal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from fhir.resources.R4B.group import Group as FhirGroup

from openipt.caseload.models import EpisodeStatus
from openipt.groups import actions
from openipt.groups.models import Group, GroupAttendance, GroupStatus, MemberStatus
from openipt.measures.models import FlagStatus, RiskFlag
from openipt.testing.people import make_client

from .builders import START, hold, join, make_group, people_group, phq9, screen
from .test_session_page import group_of

PROGRESS_QUERIES = 12
OUTCOME_QUERIES = 11
LIST_QUERIES = 14  # as a supervisor: with the ids of their team


def test_a_counsellor_creates_a_group(people, client):
    client.force_login(people.co_facilitator)
    page = client.get(reverse("clinic:group_new"))
    assert page.status_code == 200
    response = client.post(
        reverse("clinic:group_new"),
        {
            "name": "Women's group, Hillside",
            "modality": "group_ipt",
            "site": people.co_facilitator.site_id,
            "place": "Community hall",
            "language": "Luganda",
            "facilitator": people.co_facilitator.pk,
            "co_facilitator": "",
            "planned_sessions": "8",
            "session_minutes": "90",
            "membership": "closed",
            "first_session_at": "2026-12-01T10:00",
        },
    )
    group = Group.objects.get()
    assert response.status_code == 302 and response.url == reverse("clinic:group", args=[group.pk])
    assert (group.facilitator, group.language, group.sessions.count()) == (
        people.co_facilitator,
        "Luganda",
        8,
    )


def test_a_new_group_with_a_session_count_its_modality_does_not_plan_is_refused(people, client):
    client.force_login(people.owner)
    response = client.post(
        reverse("clinic:group_new"),
        {
            "name": "G",
            "modality": "group_ipt",
            "site": people.owner.site_id,
            "language": "English",
            "facilitator": people.unrelated.pk,
            "planned_sessions": "8",
            "session_minutes": "90",
            "membership": "closed",
            "first_session_at": "2026-12-01T10:00",
        },
    )
    assert response.status_code == 200
    assert "choose yourself" in response.content.decode()
    assert not Group.objects.exists()


def test_the_group_page_warns_outside_the_usual_size(people, client):
    group, _, _ = people_group(people)
    client.force_login(people.owner)
    page = client.get(reverse("clinic:group", args=[group.pk])).content.decode()
    assert "usually have 6 to 10" in page
    assert people.client.full_name in page


def test_the_admin_sees_the_group_but_no_member(people, client):
    group, _, _ = people_group(people)
    client.force_login(people.admin)
    page = client.get(reverse("clinic:group", args=[group.pk])).content.decode()
    assert group.name in page and people.owner.display_name in page
    assert people.client.full_name not in page and people.client.reference not in page
    assert client.get(reverse("clinic:group_progress", args=[group.pk])).status_code == 403


def test_screening_through_the_pages(people, client):
    group = make_group(people.owner)
    client.force_login(people.owner)
    response = client.post(
        reverse("clinic:group_member_new", args=[group.pk]), {"client": people.client.pk}
    )
    member = group.members.get()
    assert response.url == reverse("clinic:group_pre_session", args=[group.pk, member.pk, 1])
    data = {
        "screened_on": START.isoformat(),
        "symptoms": "Low since the move.",
        "suicidal_crisis": "no",
        "psychosis": "no",
        "mania": "no",
        "severe_dissociation": "no",
        "ground_rules_agreed": "yes",
        "consent_given": "yes",
        **{f"phq9-item_q{n}": "2" for n in range(1, 10)},
    }
    data["phq9-item_q9"] = "0"
    assert client.post(response.url, data).status_code == 302
    member.refresh_from_db()
    assert member.pre_group_sessions.get().phq9.total == 16
    decision = reverse("clinic:group_member_decision", args=[group.pk, member.pk])
    response = client.post(
        decision, {"accept": "yes", "decided_on": START.isoformat(), "reason": "Keen."}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.ACCEPTED


def test_a_pre_group_screen_with_an_exclusion_needs_the_referral(people, client):
    group = make_group(people.owner)
    member = screen(people.owner, group, people.client)
    member.pre_group_sessions.all()  # the first one is done; the second finds a crisis
    client.force_login(people.owner)
    page = reverse("clinic:group_pre_session", args=[group.pk, member.pk, 2])
    data = {
        "screened_on": START.isoformat(),
        "symptoms": "Says life is not worth living.",
        "suicidal_crisis": "yes",
        "psychosis": "no",
        "mania": "no",
        "severe_dissociation": "no",
        "ground_rules_agreed": "no",
        "consent_given": "no",
    }
    response = client.post(page, data)
    assert response.status_code == 200 and "record the referral" in response.content.decode()
    data.update(
        referred_to="Crisis team", referral_reason="Acute risk.", referred_on=START.isoformat()
    )
    assert client.post(page, data).status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.DECLINED
    assert member.episode.status == EpisodeStatus.CLOSED


def test_leaving_through_the_page(people, client):
    group, first, _ = people_group(people)
    client.force_login(people.owner)
    page = reverse("clinic:group_member_leave", args=[group.pk, first.pk])
    response = client.post(
        page, {"status": "referred_on", "left_on": START.isoformat(), "reason": "Needs more."}
    )
    assert "Say who the member is referred to" in response.content.decode()
    response = client.post(
        page,
        {
            "status": "referred_on",
            "left_on": START.isoformat(),
            "reason": "Needs more.",
            "referred_to": "Psychiatry",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == MemberStatus.REFERRED_ON


# --- the progress sheet and the outcomes --------------------------------------------------


def test_the_progress_sheet_shows_attendance_scores_and_who_to_follow_up(people, client):
    group, first, second = people_group(people)
    hold(people.owner, group, 1, {})
    hold(people.owner, group, 2, {first.pk: GroupAttendance.DID_NOT_ATTEND})
    hold(people.owner, group, 3, {first.pk: GroupAttendance.CANCELLED})
    client.force_login(people.owner)
    response = client.get(reverse("clinic:group_progress", args=[group.pk]))
    page = response.content.decode()
    assert response.context["to_follow_up"] == [(first, 2)]
    assert "Members to follow up" in page and "missed 2" in page
    assert "PHQ-9 12" in page and "about the same" in page  # session 1, session 2
    assert "baseline" in page and "half-way" in page
    # The picture: one line per member, told apart by number, shape and dash, not colour.
    # Drawn twice, wide and narrow; CSS shows the one that fits the screen.
    assert 'class="trajectory group-lines chart-wide"' in page
    assert 'class="trajectory group-lines chart-narrow"' in page
    assert (
        f"1. {people.client.full_name}" in page and f"2. {people.second_member.full_name}" in page
    )
    assert "<desc" in page and "first 14, last 12" in page


def test_the_drop_out_rule_is_the_organisations(people, client):
    organisation = people.owner.organisation
    organisation.group_dropout_missed_in_a_row = 3
    organisation.save()
    group, first, _ = people_group(people)
    hold(people.owner, group, 1, {first.pk: GroupAttendance.DID_NOT_ATTEND})
    hold(people.owner, group, 2, {first.pk: GroupAttendance.DID_NOT_ATTEND})
    client.force_login(people.owner)
    response = client.get(reverse("clinic:group_progress", args=[group.pk]))
    assert response.context["to_follow_up"] == []


@pytest.mark.parametrize(("members", "planned", "held"), [(1, 6, 1), (14, 6, 1), (2, 16, 16)])
def test_the_progress_sheet_runs_the_same_queries(
    people, client, django_assert_num_queries, members, planned, held
):
    group = group_of(people, members, planned=planned, held=held)
    client.force_login(people.owner)
    with django_assert_num_queries(PROGRESS_QUERIES):
        assert client.get(reverse("clinic:group_progress", args=[group.pk])).status_code == 200


@pytest.mark.parametrize(("members", "held"), [(1, 1), (14, 1), (2, 8)])
def test_the_outcomes_page_runs_the_same_queries(
    people, client, django_assert_num_queries, members, held
):
    group = group_of(people, members, held=held)
    client.force_login(people.owner)
    with django_assert_num_queries(OUTCOME_QUERIES):
        assert client.get(reverse("clinic:group_outcomes", args=[group.pk])).status_code == 200


def test_the_outcomes_page_judges_each_member_by_the_outcome_rules(people, client):
    group, first, second = people_group(people)
    for number in range(1, 9):
        measures = None
        if number == 8:
            measures = {first.pk: {"phq9": phq9(6)}, second.pk: {"phq9": phq9(13)}}
        hold(people.owner, group, number, {}, measures=measures)
    client.force_login(people.owner)
    response = client.get(reverse("clinic:group_outcomes", args=[group.pk]))
    outcome = response.context["outcome"]
    assert outcome.enrolled == 2 and outcome.mean_attended == 8.0
    # Both: screen 14, baseline 12; first ends at 6 (reliably recovered), second at 13.
    assert (outcome.recovered, outcome.reliably_recovered) == (1, 1)
    assert outcome.mean_phq9_change == -4.5
    assert "Reliably recovered" in response.content.decode()


# --- ending the group ------------------------------------------------------------------


def test_ending_the_group_offers_each_members_relapse_prevention_plan(people, client):
    group, first, second = people_group(people)
    client.force_login(people.owner)
    response = client.post(
        reverse("clinic:group_end", args=[group.pk]),
        {
            "status": "finished",
            "ended_on": START.isoformat(),
            "reason": "All sessions held.",
            f"leaving_{first.pk}": "completed",
            f"leaving_{second.pk}": "dropped_out",
        },
        follow=True,
    )
    group.refresh_from_db()
    assert group.status == GroupStatus.FINISHED
    page = response.content.decode()
    assert reverse("clinic:relapse_plan", args=[first.episode_id]) in page
    second.refresh_from_db()
    assert second.status == MemberStatus.DROPPED_OUT
    # An ended group no longer changes.
    assert client.get(reverse("clinic:group_edit", args=[group.pk])).status_code == 403


# --- supervision ---------------------------------------------------------------------------


def test_the_facilitator_writes_a_note_and_the_supervisor_acknowledges_it(people, client):
    group, first, _ = people_group(people)
    client.force_login(people.owner)
    notes = reverse("clinic:group_notes", args=[group.pk])
    response = client.post(
        notes,
        {
            "week_of": START.isoformat(),
            "happened": "Everyone came.",
            "concerns": "Robin was quiet.",
            "members_to_discuss": [first.pk],
        },
    )
    assert response.status_code == 302
    note = group.supervision_notes.get()
    client.force_login(people.supervisor)
    listed = client.get(reverse("clinic:groups")).content.decode()
    assert "1 supervision note not yet acknowledged" in listed
    ack = reverse("clinic:group_note_acknowledge", args=[group.pk, note.pk])
    assert client.post(ack, {f"note{note.pk}-comment": "Talk on Friday."}).status_code == 302
    note.refresh_from_db()
    assert note.acknowledged_by == people.supervisor and note.supervisor_comment
    listed = client.get(reverse("clinic:groups")).content.decode()
    assert "not yet acknowledged" not in listed


def test_the_supervisors_list_shows_open_flags_and_members_to_follow_up(people, client):
    group, first, second = people_group(people)
    hold(people.owner, group, 1, {}, measures={first.pk: {"phq9": phq9(12, q9=2)}})
    hold(people.owner, group, 2, {second.pk: GroupAttendance.DID_NOT_ATTEND})
    hold(people.owner, group, 3, {second.pk: GroupAttendance.DID_NOT_ATTEND})
    client.force_login(people.supervisor)
    response = client.get(reverse("clinic:groups"))
    (row,) = response.context["rows"]
    assert [flag.episode_id for flag in row.open_flags] == [first.episode_id]
    assert row.to_follow_up == [(second, 2)]


@pytest.mark.parametrize("groups", [1, 5])
def test_the_group_list_runs_the_same_queries(people, client, django_assert_num_queries, groups):
    for n in range(groups):
        group = make_group(people.owner, name=f"Group {n}")
        join(people.owner, group, make_client(people.owner, f"M{n}", episode=False))
    client.force_login(people.supervisor)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("clinic:groups")).status_code == 200


# --- FHIR ------------------------------------------------------------------------------------


def test_the_group_exports_as_a_valid_r4b_group_without_names(people, client):
    group, first, second = people_group(people)
    hold(people.owner, group, 1, {})
    actions.leave_group(
        people.owner,
        second,
        status=MemberStatus.DROPPED_OUT,
        left_on=START + timedelta(days=8),
        reason="Moved.",
    )
    client.force_login(people.owner)
    response = client.get(reverse("clinic:group_fhir", args=[group.pk]))
    assert response["Content-Type"] == "application/fhir+json"
    resource = response.json()
    FhirGroup.model_validate(resource)
    assert (resource["type"], resource["actual"], resource["active"]) == ("person", True, True)
    entities = {m["entity"]["identifier"]["value"]: m for m in resource["member"]}
    assert set(entities) == {people.client.reference, people.second_member.reference}
    assert entities[people.second_member.reference]["inactive"] is True
    assert entities[people.second_member.reference]["period"]["end"] == "2026-09-15"
    assert entities[people.client.reference]["inactive"] is False
    text = response.content.decode()
    for name in ("Robin", "Jordan", "Example", people.owner.last_name):
        assert name not in text


# --- the portal ----------------------------------------------------------------------------


def test_a_member_sees_their_group_and_only_their_own_data(people, client):
    group, first, second = people_group(people)
    hold(
        people.owner,
        group,
        1,
        {second.pk: GroupAttendance.DID_NOT_ATTEND},
        measures={first.pk: {"phq9": phq9(17)}},
    )
    client.force_login(people.second_member_user)
    response = client.get(reverse("portal:group"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Did not attend" in page  # their own row
    for other in (people.client.full_name, people.client.given_name, people.client.reference):
        assert other not in page
    assert ">17<" not in page and "Talked about her sister" not in page
    client.force_login(people.client_user)
    page = client.get(reverse("portal:group")).content.decode()
    assert "Attended" in page and ">17<" in page and "Call her sister on Sunday" in page
    assert people.second_member.given_name not in page
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:group") in home


def test_a_flag_raised_in_the_group_is_on_the_members_own_record(people):
    group, first, _ = people_group(people)
    hold(people.owner, group, 1, {}, measures={first.pk: {"phq9": phq9(12, q9=1)}})
    flag = RiskFlag.objects.get(status=FlagStatus.OPEN)
    assert flag.client == people.client and flag.episode == first.episode
