"""Who may start what (issue 14, item 4): the role and training rules as a table, the held
start, the supervisor's decision, the organisation's rules and the training records."""

from datetime import date

import pytest
from django.urls import reverse

from openipt.accounts.actions import add_training_record
from openipt.accounts.models import Role
from openipt.accounts.staff import ChangeRefused
from openipt.audit.models import AuditEvent
from openipt.groups.tests import builders as group_builders
from openipt.protocol import actions, start_rules
from openipt.protocol.models import CoursePlan, CourseStartRequest, StartRequestStatus
from openipt.protocol.tests import builders
from openipt.testing.people import make_client, make_user

THERAPIST, COUNSELLOR = Role.THERAPIST, Role.COUNSELLOR
EVERY_MODALITY = (
    "individual_ipt",
    "ipc",
    "ipt_a",
    "perinatal_ipt",
    "ipt_ed",
    "maintenance_ipt",
    "ipsrt",
    "group_ipt",
)

# (role, modality, organisation's rules, training required, trained for, reasons held)
RULES = [
    # The defaults: therapists start everything; counsellors IPC and groups only.
    *[(THERAPIST, code, {}, False, set(), []) for code in EVERY_MODALITY],
    (COUNSELLOR, "ipc", {}, False, set(), []),
    (COUNSELLOR, "group_ipt", {}, False, set(), []),
    (COUNSELLOR, "individual_ipt", {}, False, set(), ["role"]),
    (COUNSELLOR, "ipt_a", {}, False, set(), ["role"]),
    (COUNSELLOR, "maintenance_ipt", {}, False, set(), ["role"]),
    # The organisation's choice replaces the default for that role only.
    (COUNSELLOR, "individual_ipt", {"counsellor": ["ipc", "individual_ipt"]}, False, set(), []),
    (COUNSELLOR, "group_ipt", {"counsellor": ["ipc"]}, False, set(), ["role"]),
    (THERAPIST, "ipsrt", {"counsellor": ["ipc"]}, False, set(), []),
    (THERAPIST, "ipsrt", {"therapist": ["individual_ipt"]}, False, set(), ["role"]),
    (THERAPIST, "ipc", {"therapist": []}, False, set(), ["role"]),
    # An unknown code in stored rules is ignored, not an error.
    (THERAPIST, "ipc", {"therapist": ["ipc", "retired_modality"]}, False, set(), []),
    # Training, when the organisation asks for it.
    (THERAPIST, "individual_ipt", {}, True, set(), ["training"]),
    (THERAPIST, "individual_ipt", {}, True, {"individual_ipt"}, []),
    (THERAPIST, "ipt_a", {}, True, {"individual_ipt"}, ["training"]),
    (COUNSELLOR, "ipc", {}, True, {"ipc"}, []),
    (COUNSELLOR, "individual_ipt", {}, True, set(), ["role", "training"]),
    (COUNSELLOR, "individual_ipt", {}, True, {"individual_ipt"}, ["role"]),
    # Trained but not asked for: training does not matter.
    (COUNSELLOR, "ipc", {}, False, {"individual_ipt"}, []),
]


@pytest.mark.parametrize(("role", "modality", "rules", "required", "trained", "held"), RULES)
def test_role_and_training_rules(role, modality, rules, required, trained, held):
    reasons = start_rules.held_reasons(
        role=role,
        modality=modality,
        organisation_rules=rules,
        require_training=required,
        trained_for=trained,
    )
    assert reasons == held


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN, Role.PROGRAMME_LEAD])
def test_roles_that_hold_no_caseload_may_start_nothing(role):
    assert start_rules.allowed_modalities({}, role) == ()


# (certified, signed off, counts towards starting)
TRAINING_COUNTS = [(False, False, False), (True, False, True), (False, True, True), (1, 1, True)]


@pytest.mark.parametrize(("certified", "signed_off", "counts"), TRAINING_COUNTS)
def test_a_training_record_counts_when_certified_or_signed_off(
    people, certified, signed_off, counts
):
    organisation = people.owner.organisation
    organisation.require_training_to_start = True
    organisation.save()
    add_training_record(
        people.admin,
        people.owner,
        training_name="IPT foundation course",
        modality="individual_ipt",
        completed_on=date(2025, 3, 1),
        certified=bool(certified),
        signed_off_by=people.supervisor if signed_off else None,
        signed_off_on=date(2025, 4, 1) if signed_off else None,
    )
    held = start_rules.held_for(people.owner, "individual_ipt")
    assert held == ([] if counts else ["training"])


# --- the held start and the supervisor's decision -----------------------------------------


@pytest.fixture
def counsellor_episode(people):
    counsellor = make_user(
        people.owner.organisation, "cora", Role.COUNSELLOR, supervisor=people.supervisor
    )
    return counsellor, make_client(counsellor, "Lee").episodes.get()


def test_a_held_start_records_one_request_and_starts_nothing(counsellor_episode):
    counsellor, episode = counsellor_episode
    for _ in range(2):
        with pytest.raises(actions.CourseStartHeld, match="held for your supervisor's approval"):
            builders.start_course(
                counsellor, episode, modality="individual_ipt", apply_start_rules=True
            )
    assert not CoursePlan.objects.filter(episode=episode).exists()
    held = CourseStartRequest.objects.get(episode=episode)
    assert (held.modality, held.reasons, held.status) == ("individual_ipt", ["role"], "pending")
    event = AuditEvent.objects.get(action="course.start_held")
    assert event.client_id == episode.client_id
    assert event.facts == {"modality": "individual_ipt", "reasons": ["role"]}


def test_an_approved_request_lets_the_course_start(counsellor_episode, people):
    counsellor, episode = counsellor_episode
    with pytest.raises(actions.CourseStartHeld):
        builders.start_course(
            counsellor, episode, modality="individual_ipt", apply_start_rules=True
        )
    held = CourseStartRequest.objects.get(episode=episode)
    actions.decide_start_request(people.supervisor, held, approve=True)
    plan = builders.start_course(
        counsellor, episode, modality="individual_ipt", apply_start_rules=True
    )
    assert plan.modality == "individual_ipt"
    event = AuditEvent.objects.get(action="course.start_request_decided")
    assert event.facts == {"modality": "individual_ipt", "outcome": "approved"}


def test_approval_is_for_the_modality_asked(counsellor_episode, people):
    counsellor, episode = counsellor_episode
    with pytest.raises(actions.CourseStartHeld):
        builders.start_course(
            counsellor, episode, modality="individual_ipt", apply_start_rules=True
        )
    actions.decide_start_request(people.supervisor, episode.course_start_requests.get(), approve=1)
    with pytest.raises(actions.CourseStartHeld):
        builders.start_course(counsellor, episode, modality="ipt_a", apply_start_rules=True)


def test_a_declined_request_keeps_the_course_held_and_a_decision_is_made_once(
    counsellor_episode, people
):
    counsellor, episode = counsellor_episode
    with pytest.raises(actions.CourseStartHeld):
        builders.start_course(
            counsellor, episode, modality="individual_ipt", apply_start_rules=True
        )
    held = CourseStartRequest.objects.get(episode=episode)
    actions.decide_start_request(people.supervisor, held, approve=False)
    with pytest.raises(actions.StartRequestAlreadyDecided):
        actions.decide_start_request(people.supervisor, held, approve=True)
    held.refresh_from_db()
    assert held.status == StartRequestStatus.DECLINED
    with pytest.raises(actions.CourseStartHeld):
        builders.start_course(
            counsellor, episode, modality="individual_ipt", apply_start_rules=True
        )
    assert episode.course_start_requests.filter(status="pending").count() == 1


def test_a_start_within_the_rules_is_not_held(counsellor_episode):
    counsellor, episode = counsellor_episode
    assert builders.start_course(
        counsellor, episode, modality="ipc", planned=4, apply_start_rules=True
    ).pk
    assert not CourseStartRequest.objects.exists()


# --- the pages ----------------------------------------------------------------------------


def start_form(modality="individual_ipt"):
    return {
        "modality": modality,
        "planned_sessions": 12,
        "session_minutes": 50,
        "frequency": "weekly",
        "started_on": builders.START.isoformat(),
    }


def test_the_start_form_says_why_a_course_is_held_and_the_supervisor_approves_it(
    counsellor_episode, people, client
):
    counsellor, episode = counsellor_episode
    builders.record_intake(counsellor, episode)
    start_url = reverse("clinic:course_start", args=[episode.pk])
    client.force_login(counsellor)
    page = client.post(start_url, start_form())
    assert page.status_code == 200
    assert "held for your supervisor" in page.content.decode()
    assert not CoursePlan.objects.filter(episode=episode).exists()

    client.force_login(people.supervisor)
    supervision = client.get(reverse("clinic:supervision"))
    assert [held.episode for held in supervision.context["start_requests"]] == [episode]
    assert AuditEvent.objects.filter(
        action="supervision.viewed", client_id=episode.client_id
    ).exists()
    held = supervision.context["start_requests"][0]
    decide = reverse("clinic:start_request_decide", args=[held.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 302

    client.force_login(counsellor)
    assert "approved" in client.get(start_url).content.decode()
    assert client.post(start_url, start_form()).status_code == 302
    assert CoursePlan.objects.get(episode=episode).modality == "individual_ipt"


def test_another_supervisor_and_the_clinician_may_not_decide(counsellor_episode, people, client):
    counsellor, episode = counsellor_episode
    held = actions.request_start(counsellor, episode, "individual_ipt", ["role"])
    decide = reverse("clinic:start_request_decide", args=[held.pk])
    for person in (people.other_supervisor, counsellor):
        client.force_login(person)
        assert client.post(decide, {"decision": "approve"}).status_code == 403
    held.refresh_from_db()
    assert held.status == StartRequestStatus.PENDING


def test_the_admin_sets_who_may_start_what(people, client):
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:organisation"),
        {
            "start_rules": "1",
            "role_therapist": ["individual_ipt", "ipc"],
            "role_counsellor": ["ipc", "group_ipt", "individual_ipt"],
            "require_training": "on",
        },
    )
    assert response.status_code == 302
    organisation = people.admin.organisation
    organisation.refresh_from_db()
    assert organisation.start_rules == {
        "therapist": ["individual_ipt", "ipc"],
        "counsellor": ["ipc", "group_ipt", "individual_ipt"],
    }
    assert organisation.require_training_to_start is True
    assert AuditEvent.objects.filter(action="organisation.start_rules_set").exists()


def test_an_unknown_modality_is_refused_next_to_its_field(people, client):
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:organisation"), {"start_rules": "1", "role_counsellor": ["made_up"]}
    )
    assert response.status_code == 400
    assert response.context["starts"].errors["role_counsellor"]
    people.admin.organisation.refresh_from_db()
    assert people.admin.organisation.start_rules == {}


# --- training records ---------------------------------------------------------------------


def training_form(**changes):
    return {
        "training_name": "IPT level A, two-day course",
        "modality": "individual_ipt",
        "completed_on": "2025-03-01",
        "certified": "",
        "signed_off_by": "",
        "signed_off_on": "",
        **changes,
    }


def test_the_supervisor_adds_a_training_record_and_the_admin_sees_it_listed(people, client):
    url = reverse("clinic:staff_training", args=[people.owner.pk])
    client.force_login(people.supervisor)
    sent = training_form(signed_off_by=people.supervisor.pk, signed_off_on="2025-04-02")
    assert client.post(url, sent).status_code == 302
    training = people.owner.training_records.get()
    assert (training.signed_off_by, training.recorded_by) == (people.supervisor, people.supervisor)
    event = AuditEvent.objects.get(action="staff.training_recorded")
    assert event.facts == {"certified": False, "signed_off": True}

    client.force_login(people.admin)
    staff = client.get(reverse("clinic:staff"))
    assert {m.username: m.training_count for m in staff.context["staff"]}["owner"] == 1
    member_page = client.get(reverse("clinic:staff_member", args=[people.owner.pk]))
    assert "IPT level A, two-day course" in member_page.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"signed_off_on": "2025-04-02"}, "signed_off_on"),  # a date without a supervisor
        ({"completed_on": "2999-01-01"}, "completed_on"),
        ({"training_name": ""}, "training_name"),
        ({"modality": "made_up"}, "modality"),
    ],
)
def test_a_wrong_training_record_is_refused_next_to_its_field(people, client, changes, field):
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:staff_training", args=[people.owner.pk]), training_form(**changes)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not people.owner.training_records.exists()


def test_a_sign_off_needs_its_date_and_a_supervisor(people):
    with pytest.raises(ChangeRefused) as refused:
        add_training_record(
            people.admin,
            people.owner,
            training_name="IPT",
            modality="ipc",
            completed_on=date(2025, 1, 1),
            certified=False,
            signed_off_by=people.unrelated,
        )
    assert set(refused.value.message_dict) == {"signed_off_by", "signed_off_on"}
    assert not people.owner.training_records.exists()


def test_a_group_members_course_is_not_held_by_the_rules(people):
    """Accepting a member into a group starts their course under the facilitator; the
    rules of who may start what govern one-to-one courses only."""
    organisation = people.owner.organisation
    organisation.start_rules = {"therapist": ["individual_ipt"]}
    organisation.require_training_to_start = True
    organisation.save()
    group = group_builders.make_group(people.owner)
    member = group_builders.join(people.owner, group, people.client)
    assert member.episode.course_plan.modality == "group_ipt"
    assert not CourseStartRequest.objects.exists()
