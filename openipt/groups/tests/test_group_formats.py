"""Group IPT, group IPC and group IPT-A: each modality with a group format runs through the
same pages and actions. Table-driven per modality: the format's numbers, a group created
with them, members' courses of the group's modality, the session page asking what each
member's course expects, fidelity and the progress sheet; and the IPT-A age rule at
acceptance."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from openipt.accounts.staff import ChangeRefused
from openipt.audit.models import AuditEvent
from openipt.groups import actions, queries
from openipt.groups.forms import GroupForm
from openipt.protocol import modalities
from openipt.protocol.models import CourseFidelity, CoursePlan
from openipt.protocol.phases import group_problems
from openipt.testing.people import make_client

from .builders import START, hold, join, make_group, screen

# code: (usual size, largest, session choices, default, pre-group sessions, parent at 2nd)
FORMATS = {
    "group_ipt": ((6, 10), 14, (6, 8, 12, 16), 8, 2, False),
    "ipc": ((6, 10), 12, (4, 6, 8), 6, 1, False),
    "ipt_a": ((6, 8), 10, (12, 16), 12, 2, True),
}
# What each member's course asks at the first group session, by its own schedule.
FIRST_SESSION_MEASURES = {
    "group_ipt": {"phq9"},
    "ipc": {"phq9", "gad7"},
    "ipt_a": {"phq9", "asq"},  # the PHQ-A's substitutes where it is not offered
}
BY_MODALITY = pytest.mark.parametrize("code", sorted(FORMATS))


def adolescent(clinician, given, born=date(2011, 3, 1)):
    client = make_client(clinician, given, episode=False)
    client.date_of_birth = born
    client.save(update_fields=["date_of_birth"])
    return client


def member_client(people, code, given):
    """A client of an age the modality takes."""
    if code == "ipt_a":
        return adolescent(people.owner, given)
    return make_client(people.owner, given, episode=False)


def running_group(people, code):
    definition = modalities.get(code)
    group = make_group(people.owner, modality=code, planned=definition.group_planned_default)
    member = join(people.owner, group, member_client(people, code, "Sam"))
    return group, member


@BY_MODALITY
def test_each_group_format_has_its_numbers(code):
    size, largest, choices, default, pre_group, parent = FORMATS[code]
    definition = modalities.get(code)

    assert definition.group_size == size
    assert definition.group.largest == largest
    assert definition.group.planned_choices == choices
    assert definition.group_planned_default == default
    assert definition.group.pre_group_sessions == pre_group
    assert definition.group.parent_at_second_pre_group is parent
    assert definition.group.session_minutes == 90
    assert list(group_problems(definition)) == []
    assert code in dict(modalities.group_choices())


def test_modalities_without_a_group_format_do_not_run_as_groups():
    assert set(dict(modalities.group_choices())) == set(FORMATS)


def test_the_group_form_starts_with_group_ipt(people):
    form = GroupForm(user=people.owner)
    assert form.fields["modality"].choices[0][0] == "group_ipt"
    assert form.fields["planned_sessions"].initial == 8
    assert form.fields["session_minutes"].initial == 90
    offered = form.fields["planned_sessions"].help_text
    assert "Group IPT: 6, 8, 12, 16" in offered and "(IPC): 4, 6, 8" in offered


@BY_MODALITY
def test_a_group_plans_only_its_formats_session_counts(people, code):
    definition = modalities.get(code)
    group = make_group(people.owner, modality=code, planned=definition.group_planned_default)
    assert group.sessions.count() == definition.group_planned_default

    outside = next(n for n in range(3, 20) if n not in definition.group.planned_choices)
    with pytest.raises(ChangeRefused) as refused:
        make_group(people.owner, modality=code, planned=outside, name="Other")
    assert "planned_sessions" in refused.value.message_dict


@BY_MODALITY
def test_the_new_group_page_offers_the_modality(people, client, code):
    client.force_login(people.owner)
    definition = modalities.get(code)
    first_at = (START + timedelta(days=7)).isoformat() + "T10:00"
    response = client.post(
        reverse("clinic:group_new"),
        {
            "name": f"A {code} group",
            "modality": code,
            "site": people.owner.site_id,
            "place": "Hall",
            "language": "English",
            "facilitator": people.owner.pk,
            "planned_sessions": definition.group_planned_default,
            "session_minutes": 90,
            "membership": "closed",
            "first_session_at": first_at,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    group = queries.visible_groups(people.owner).get(name=f"A {code} group")
    assert group.modality == code


@BY_MODALITY
def test_each_members_course_is_of_the_groups_modality(people, code):
    group, member = running_group(people, code)
    plan = CoursePlan.objects.get(episode=member.episode)

    assert plan.modality == code
    assert plan.planned_sessions == group.planned_sessions
    assert plan.session_minutes == 90
    assert member.episode.sessions.count() == group.planned_sessions


@BY_MODALITY
def test_the_pre_group_sessions_follow_the_format(people, client, code):
    group = make_group(
        people.owner, modality=code, planned=modalities.get(code).group_planned_default
    )
    member = screen(people.owner, group, member_client(people, code, "Sam"))
    client.force_login(people.owner)
    _, _, _, _, pre_group, parent = FORMATS[code]

    second = client.get(reverse("clinic:group_pre_session", args=[group.pk, member.pk, 2]))

    if pre_group == 1:
        assert second.status_code == 403
    else:
        assert second.status_code == 200
        assert ('name="parent_present"' in second.content.decode()) is parent


@BY_MODALITY
def test_the_session_page_asks_what_each_course_expects_and_records_it(people, client, code):
    group, member = running_group(people, code)
    sheet = queries.session_sheet(group, queries.session_of(group, 1))
    (line,) = sheet["lines"]
    assert set(line.outstanding) == FIRST_SESSION_MEASURES[code]

    client.force_login(people.owner)
    page = client.get(reverse("clinic:group_session", args=[group.pk, 1])).content.decode()
    for measure in FIRST_SESSION_MEASURES[code]:
        assert f'name="m{member.pk}_{measure}_item_' in page

    hold(people.owner, group, 1, {})

    recorded = set(member.episode.administrations.values_list("instrument", flat=True))
    assert FIRST_SESSION_MEASURES[code] <= recorded
    fidelity = CourseFidelity.objects.get(episode=member.episode)
    assert fidelity.modality == code
    assert fidelity.sessions_attended == 1
    assert fidelity.tasks_achieved > 0


@BY_MODALITY
def test_the_progress_sheet_draws_each_members_depression_line(people, client, code):
    group, member = running_group(people, code)
    hold(people.owner, group, 1, {})

    (row,) = queries.progress_sheet(group)["rows"]
    assert row.phq9 == [(0, 14), (1, 12)]  # the screen, then session 1
    client.force_login(people.owner)
    assert client.get(reverse("clinic:group_progress", args=[group.pk])).status_code == 200


# --- IPT-A: each member's age, by the rule of individual IPT-A courses ----------------------

AGE_CASES = [
    # (born, reason, accepted, reason kept)
    pytest.param(date(2014, 9, 2), "", False, "", id="eleven-refused"),
    pytest.param(
        date(2014, 9, 2),
        "Mature, school asked.",
        True,
        "Mature, school asked.",
        id="eleven-with-reason",
    ),
    pytest.param(date(2014, 8, 31), "", True, "", id="twelve"),
    pytest.param(date(2008, 9, 1), "", True, "", id="eighteen"),
    pytest.param(date(2007, 8, 31), "", False, "", id="nineteen-refused"),
    pytest.param(date(2011, 3, 1), "Not needed.", True, "", id="in-range-reason-not-kept"),
]


@pytest.mark.parametrize(("born", "reason", "accepted", "kept"), AGE_CASES)
def test_an_ipt_a_group_checks_each_members_age(people, born, reason, accepted, kept):
    group = make_group(people.owner, modality="ipt_a", planned=12)
    member = screen(people.owner, group, adolescent(people.owner, "Ash", born))
    decided_on = START - timedelta(days=6)  # 2026-09-01

    def decide():
        return actions.decide(
            people.owner,
            member,
            accept=True,
            decided_on=decided_on,
            reason="Ready.",
            age_override_reason=reason,
        )

    if not accepted:
        with pytest.raises(ChangeRefused) as refused:
            decide()
        assert "12 to 18" in refused.value.message_dict["age_override_reason"][0]
        assert not CoursePlan.objects.filter(episode=member.episode).exists()
        return
    decide()
    plan = CoursePlan.objects.get(episode=member.episode)
    assert plan.age_override_reason == kept
    event = AuditEvent.objects.filter(action="group.member_accepted").latest("id")
    assert event.facts == {"age_overridden": bool(kept)}


def test_other_group_formats_take_any_age(people):
    for code in ("group_ipt", "ipc"):
        group = make_group(
            people.owner,
            modality=code,
            planned=modalities.get(code).group_planned_default,
            name=f"{code} group",
        )
        member = join(
            people.owner, group, adolescent(people.owner, f"Kim {code}", date(2016, 1, 1))
        )
        assert member.status in ("accepted", "active")


def test_the_decision_page_asks_for_an_age_reason_only_for_ipt_a(people, client):
    client.force_login(people.owner)
    for code, asked in (("ipt_a", True), ("ipc", False)):
        definition = modalities.get(code)
        group = make_group(
            people.owner,
            modality=code,
            planned=definition.group_planned_default,
            name=f"{code} group",
        )
        member = screen(people.owner, group, adolescent(people.owner, f"Lee {code}"))
        page = client.get(reverse("clinic:group_member_decision", args=[group.pk, member.pk]))
        assert ('name="age_override_reason"' in page.content.decode()) is asked


def test_the_decision_page_shows_the_age_refusal_next_to_its_field(people, client):
    client.force_login(people.owner)
    group = make_group(people.owner, modality="ipt_a", planned=12)
    member = screen(people.owner, group, adolescent(people.owner, "Ash", date(2000, 1, 1)))
    response = client.post(
        reverse("clinic:group_member_decision", args=[group.pk, member.pk]),
        {"accept": "yes", "decided_on": (START - timedelta(days=6)).isoformat(), "reason": "Ok"},
    )
    assert response.status_code == 200
    assert "12 to 18" in response.context["form"].errors["age_override_reason"][0]
    assert not CoursePlan.objects.filter(episode=member.episode).exists()


def test_an_ipt_a_group_asks_and_draws_the_phq_a_where_it_is_offered(people, settings):
    settings.OPENIPT_SHOW_PHQA = True
    group, member = running_group(people, "ipt_a")
    (line,) = queries.session_sheet(group, queries.session_of(group, 1))["lines"]
    assert set(line.outstanding) == {"phqa"}

    hold(people.owner, group, 1, {})

    (row,) = queries.progress_sheet(group)["rows"]
    assert row.phq9 == [(0, 14), (1, 0)]  # the PHQ-9 screen, then the PHQ-A of session 1
