"""The admin sets each staff member's role, site and supervisor within the rules of
accounts/staff.py, and deactivates accounts. A refused change shows its reason next to
the field and writes nothing."""

import contextlib

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from openipt.accounts.actions import deactivate_site, update_staff
from openipt.accounts.models import Role, Site, User
from openipt.accounts.staff import ChangeRefused
from openipt.audit.models import AuditEvent
from openipt.testing.people import PASSWORD, make_people, make_user


def post_member(client, member, **changes):
    form = {
        "role": member.role,
        "site": member.site_id or "",
        "supervisor": member.supervisor_id or "",
    }
    return client.post(reverse("clinic:staff_member", args=[member.pk]), form | changes)


def errors_of(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


def test_the_admin_changes_role_site_and_supervisor_and_it_is_audited(people, client):
    east = Site.objects.create(organisation=people.admin.organisation, name="East")
    client.force_login(people.admin)
    response = post_member(
        client,
        people.unrelated,
        role="therapist",
        site=east.pk,
        supervisor=people.supervisor.pk,
    )
    assert response.status_code == 302
    people.unrelated.refresh_from_db()
    assert people.unrelated.role == Role.THERAPIST
    assert (people.unrelated.site, people.unrelated.supervisor) == (east, people.supervisor)
    event = AuditEvent.objects.get(action="staff.updated")
    assert event.facts == {"changed": ["role", "site", "supervisor"]}
    assert event.object_id == str(people.unrelated.pk)


def refused(people, client, member, field, message, **changes):
    client.force_login(people.admin)
    before = User.objects.values_list("pk", "role", "site_id", "supervisor_id").get(pk=member.pk)
    response = post_member(client, member, **changes)
    assert response.status_code == 200
    assert message in errors_of(response, field), response.context["form"].errors
    after = User.objects.values_list("pk", "role", "site_id", "supervisor_id").get(pk=member.pk)
    assert after == before
    assert not AuditEvent.objects.filter(action="staff.updated").exists()
    assert f'id="id_{field}_error"' in response.content.decode()


def test_a_supervisor_cannot_supervise_themselves(people, client):
    refused(
        people,
        client,
        people.supervisor,
        "supervisor",
        "cannot supervise themselves",
        supervisor=people.supervisor.pk,
    )


def test_supervision_cannot_go_round_in_a_loop(people, client):
    # supervisor oversees other_supervisor; other_supervisor may not then oversee supervisor.
    User.objects.filter(pk=people.other_supervisor.pk).update(supervisor=people.supervisor)
    refused(
        people,
        client,
        people.supervisor,
        "supervisor",
        "would make a loop",
        supervisor=people.other_supervisor.pk,
    )


def test_a_longer_loop_is_refused_too(people, client):
    head = make_user(people.admin.organisation, "head", Role.SUPERVISOR)
    User.objects.filter(pk=people.other_supervisor.pk).update(supervisor=people.supervisor)
    User.objects.filter(pk=people.supervisor.pk).update(supervisor=head)
    refused(
        people,
        client,
        head,
        "supervisor",
        "would make a loop",
        supervisor=people.other_supervisor.pk,
    )


def test_only_active_supervisors_of_the_organisation_are_offered(people, client):
    south_supervisor = make_user(people.other_org_clinician.organisation, "sv2", Role.SUPERVISOR)
    for not_offered in (people.unrelated, south_supervisor):
        refused(
            people,
            client,
            people.owner,
            "supervisor",
            "Select a valid choice",
            supervisor=not_offered.pk,
        )


def test_a_deactivated_supervisor_is_refused_by_the_action_too(people):
    User.objects.filter(pk=people.other_supervisor.pk).update(is_active=False)
    people.other_supervisor.refresh_from_db()
    with pytest.raises(ChangeRefused) as refusal:
        update_staff(
            people.admin,
            people.owner,
            role=Role.THERAPIST,
            site=people.owner.site,
            supervisor=people.other_supervisor,
        )
    assert "deactivated" in refusal.value.message_dict["supervisor"][0]


def test_a_clinician_needs_an_active_site_of_the_organisation(people, client):
    refused(people, client, people.owner, "site", "Choose a site.", site="")
    south_site = people.other_org_clinician.site
    refused(people, client, people.owner, "site", "Select a valid choice", site=south_site.pk)


def test_a_deactivated_site_takes_nobody_new_but_keeps_who_is_there(people, client):
    organisation = people.admin.organisation
    old = Site.objects.create(organisation=organisation, name="Old house", is_active=False)
    with pytest.raises(ChangeRefused) as refusal:
        update_staff(
            people.admin, people.owner, role=Role.THERAPIST, site=old, supervisor=people.supervisor
        )
    assert "deactivated" in refusal.value.message_dict["site"][0]
    User.objects.filter(pk=people.owner.pk).update(site=old)
    people.owner.refresh_from_db()
    client.force_login(people.admin)
    response = post_member(client, people.owner, supervisor="")  # only the supervisor changes
    assert response.status_code == 302
    people.owner.refresh_from_db()
    assert people.owner.site == old and people.owner.supervisor is None


def test_a_supervisor_with_a_team_keeps_the_role_until_the_team_has_another(people, client):
    refused(
        people, client, people.supervisor, "role", "still supervises 1 person", role="therapist"
    )


def test_a_clinician_with_open_episodes_keeps_the_role_until_they_are_reassigned(people, client):
    refused(
        people,
        client,
        people.owner,
        "role",
        "has 1 open episode; reassign",
        role="supervisor",
        supervisor="",
    )


def test_the_admin_cannot_change_their_own_role(people, client):
    refused(people, client, people.admin, "role", "your own role", role="therapist", site="")


# --- deactivation ---------------------------------------------------------------------


def test_a_deactivated_account_cannot_sign_in_with_the_right_password(people, client):
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:staff_member", args=[people.unrelated.pk]), {"deactivate": "1"}
    )
    assert response.status_code == 302
    people.unrelated.refresh_from_db()
    assert not people.unrelated.is_active
    assert AuditEvent.objects.filter(action="staff.deactivated").exists()
    client.logout()
    login = client.post(reverse("accounts:login"), {"username": "unrelated", "password": PASSWORD})
    assert login.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("clinic:caseload")).status_code == 302  # to the sign-in page


def test_deactivation_ends_a_session_that_is_already_open(people, client):
    clinician = client  # the clinician's browser, signed in before the change
    clinician.post(reverse("accounts:login"), {"username": "owner", "password": PASSWORD})
    assert clinician.get(reverse("clinic:caseload")).status_code == 200
    admin = type(client)()
    admin.force_login(people.admin)
    response = admin.post(reverse("clinic:staff_member", args=[people.owner.pk]), {"deactivate": 1})
    # The owner has an open episode: the admin goes on to reassign it.
    assert response.url == reverse("clinic:staff_reassign", args=[people.owner.pk])
    next_request = clinician.get(reverse("clinic:caseload"))
    assert next_request.status_code == 302
    assert next_request.url.startswith(reverse("accounts:login"))


def test_the_admin_cannot_deactivate_themselves(people, client):
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:staff_member", args=[people.admin.pk]), {"deactivate": "1"}, follow=True
    )
    assert "cannot deactivate your own account" in response.content.decode()
    people.admin.refresh_from_db()
    assert people.admin.is_active


def test_a_reactivated_account_signs_in_again(people, client):
    User.objects.filter(pk=people.unrelated.pk).update(is_active=False)
    client.force_login(people.admin)
    client.post(reverse("clinic:staff_member", args=[people.unrelated.pk]), {"reactivate": "1"})
    client.logout()
    client.post(reverse("accounts:login"), {"username": "unrelated", "password": PASSWORD})
    assert client.get(reverse("clinic:caseload")).status_code == 200
    assert AuditEvent.objects.filter(action="staff.reactivated").exists()


# --- sites ---------------------------------------------------------------------------


def test_the_admin_adds_renames_and_deactivates_a_site(people, client):
    client.force_login(people.admin)
    client.post(reverse("clinic:sites"), {"name": "  Harbour Clinic "})
    harbour = Site.objects.get(name="Harbour Clinic")
    duplicate = client.post(reverse("clinic:sites"), {"name": "harbour clinic"})
    assert "already a site with this name" in duplicate.content.decode()
    client.post(reverse("clinic:site", args=[harbour.pk]), {"name": "Harbour Centre"})
    client.post(reverse("clinic:site", args=[harbour.pk]), {"deactivate": "1"})
    harbour.refresh_from_db()
    assert (harbour.name, harbour.is_active) == ("Harbour Centre", False)
    actions = list(
        AuditEvent.objects.filter(action__startswith="site.", object_id=str(harbour.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["site.added", "site.renamed", "site.deactivated"]


def test_a_site_with_active_staff_or_the_last_active_site_stays_active(people):
    main = people.owner.site
    with pytest.raises(ChangeRefused, match="active staff members work"):
        deactivate_site(people.admin, main)
    User.objects.filter(site=main).update(is_active=False)
    with pytest.raises(ChangeRefused, match="only active site"):
        deactivate_site(people.admin, main)
    main.refresh_from_db()
    assert main.is_active


# --- supervision never loops, whatever the order of changes ----------------------------


class TestSupervisionHasNoLoops(HypothesisTestCase):
    @settings(max_examples=50)  # each example builds the named people afresh
    @given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=12))
    def test_no_sequence_of_changes_makes_a_loop(self, changes):
        people = make_people()
        organisation = people.admin.organisation
        supervisors = [people.supervisor, people.other_supervisor] + [
            make_user(organisation, f"lead{n}", Role.SUPERVISOR) for n in range(2)
        ]
        for member_index, supervisor_index in changes:
            member = User.objects.get(pk=supervisors[member_index].pk)
            supervisor = User.objects.get(pk=supervisors[supervisor_index].pk)
            with contextlib.suppress(ChangeRefused):  # a refused change leaves things as they were
                update_staff(
                    people.admin, member, role=member.role, site=member.site, supervisor=supervisor
                )
        chains = dict(User.objects.filter(role=Role.SUPERVISOR).values_list("pk", "supervisor_id"))
        for start in chains:
            seen, current = set(), start
            while current is not None:
                assert current not in seen, "supervision loops"
                seen.add(current)
                current = chains.get(current)
