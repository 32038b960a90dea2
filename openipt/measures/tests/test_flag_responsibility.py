"""No safety answer without a responsible person (issue 13, item 8).

A supervisor resolves, acknowledges and hands on their team's flags; the clinician a flag is
handed to may see and resolve it (and only it); a flag without a follow-up clinician
follows its episode; the organisation's safety lead answers for flags of a clinician
without a supervisor, sees them on their start page and gets the late-flag mail.
"""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from openipt.accounts.actions import update_organisation
from openipt.accounts.models import Role
from openipt.audit.models import AuditEvent
from openipt.calendar_rules import add_working_days
from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import FlagStatus, Respondent, RiskFlag
from openipt.measures.tests.builders import answers_totalling
from openipt.testing.people import make_user

RESOLUTION = {
    "assessment_outcome": "thoughts_no_plan",
    "action_taken": "Phoned the client; agreed a safety plan.",
    "safety_plan": "yes",
}


def flag_on(episode, actor=None):
    administration = actions.record_administration(
        actor or episode.clinician,
        episode,
        "phq9",
        answers_totalling(QUESTIONNAIRES["phq9"], 2, q9=1),
        administered_on=date.today(),
        respondent=Respondent.CLIENT_IN_SESSION,
    )
    return administration.risk_flags.get()


def flag_url(flag, name="clinic:risk_flag"):
    return reverse(name, args=[flag.pk])


@pytest.fixture
def cover(people):
    """Another therapist of the owner's supervisor's team."""
    return make_user(people.owner.organisation, "cover", Role.THERAPIST, people.supervisor)


@pytest.fixture
def flag(people):
    return flag_on(people.episode)


def set_safety_lead(people, lead):
    organisation = people.owner.organisation
    organisation.safety_lead = lead
    organisation.save()


def without_supervisor(user):
    user.supervisor = None
    user.save()


def page_of(client, user, url):
    client.force_login(user)
    return client.get(url).content.decode()


# --- handing a flag on -------------------------------------------------------------------


def test_the_supervisor_hands_a_flag_to_another_clinician_of_the_team(
    people, flag, cover, client, django_capture_on_commit_callbacks
):
    client.force_login(people.supervisor)
    form = client.get(flag_url(flag, "clinic:risk_flag_reassign")).content.decode()
    assert "Cover Tester" in form and "Owner Tester" in form
    assert "Unrelated Tester" not in form  # not of this team
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(flag_url(flag, "clinic:risk_flag_reassign"), {"clinician": cover.pk})
    assert response.status_code == 302 and response.url == flag_url(flag)
    flag.refresh_from_db()
    assert flag.responsible == cover and flag.is_open
    event = AuditEvent.objects.get(action="risk_flag.reassigned")
    assert (event.actor, event.client, event.facts) == (
        people.supervisor,
        people.client,
        {"to": cover.pk},
    )
    assert [m.to for m in mail.outbox] == [[cover.email]]
    assert people.client.given_name not in mail.outbox[0].body
    assert "PHQ" not in mail.outbox[0].body


def test_the_clinician_handed_a_flag_sees_and_resolves_it_and_nothing_else(
    people, flag, cover, client
):
    actions.reassign_risk_flag(people.supervisor, flag, to=cover)
    caseload = page_of(client, cover, reverse("clinic:caseload"))
    assert flag_url(flag) in caseload and people.client.reference in caseload
    assert "follow-up by Cover Tester" in caseload
    page = client.get(flag_url(flag)).content.decode()
    assert "Record what was done" in page and "robin@example.invalid" in page
    # The flag, not the client's whole record.
    assert client.get(reverse("clinic:episode", args=[people.episode.pk])).status_code == 403
    assert client.get(reverse("clinic:client", args=[people.client.pk])).status_code == 403
    assert client.post(flag_url(flag), RESOLUTION).status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.RESOLVED and flag.resolved_by == cover


def test_the_treating_clinician_keeps_a_flag_handed_on(people, flag, cover, client):
    actions.reassign_risk_flag(people.supervisor, flag, to=cover)
    assert flag_url(flag) in page_of(client, people.owner, reverse("clinic:caseload"))
    assert client.post(flag_url(flag), {"action": "acknowledge"}).status_code == 302


def test_handing_it_to_the_treating_clinician_hands_it_back(people, flag, cover):
    actions.reassign_risk_flag(people.supervisor, flag, to=cover)
    actions.reassign_risk_flag(people.supervisor, flag, to=people.owner)
    flag.refresh_from_db()
    assert flag.responsible is None


def test_only_a_clinician_of_the_team_can_be_chosen(people, flag, client):
    client.force_login(people.supervisor)
    url = flag_url(flag, "clinic:risk_flag_reassign")
    response = client.post(url, {"clinician": people.unrelated.pk})
    assert response.status_code == 400
    assert "Choose one of the clinicians of your team" in response.content.decode()
    with pytest.raises(actions.NotInTheTeam):
        actions.reassign_risk_flag(people.supervisor, flag, to=people.unrelated)
    flag.refresh_from_db()
    assert flag.responsible is None
    assert not AuditEvent.objects.filter(action="risk_flag.reassigned").exists()


def test_only_the_teams_supervisor_hands_a_flag_on(people, flag, cover, client):
    url = flag_url(flag, "clinic:risk_flag_reassign")
    for person in (people.owner, people.other_supervisor, people.unrelated, people.admin):
        client.force_login(person)
        assert client.post(url, {"clinician": cover.pk}).status_code == 403, person
    flag.refresh_from_db()
    assert flag.responsible is None


def test_a_resolved_flag_is_not_handed_on(people, flag, cover, client):
    actions.resolve_risk_flag(
        people.owner,
        flag,
        assessment_outcome="no_current_thoughts",
        action_taken="Seen in session.",
        safety_plan=False,
    )
    client.force_login(people.supervisor)
    response = client.post(flag_url(flag, "clinic:risk_flag_reassign"), {"clinician": cover.pk})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.responsible is None
    with pytest.raises(actions.FlagAlreadyResolved):
        actions.reassign_risk_flag(people.supervisor, flag, to=cover)


def test_a_flag_moves_with_its_episode(people, flag, cover, client):
    # No one was named for the follow-up, so it is whoever treats the episode now.
    episode = people.episode
    episode.clinician = cover
    episode.save()
    people.client.clinician = cover
    people.client.save()
    assert flag_url(flag) in page_of(client, cover, reverse("clinic:caseload"))
    assert flag_url(flag) not in page_of(client, people.owner, reverse("clinic:caseload"))
    client.force_login(cover)
    assert client.post(flag_url(flag), RESOLUTION).status_code == 302


# --- the safety lead ---------------------------------------------------------------------


def test_the_admin_names_the_safety_lead_from_the_organisation(people, client):
    client.force_login(people.admin)
    page = client.get(reverse("clinic:organisation")).content.decode()
    assert "Safety lead" in page and "Othersupervisor Tester (supervisor)" in page
    assert "Robin" not in page and "Souththerapist" not in page
    url = reverse("clinic:organisation")
    data = {"safety_lead": people.other_supervisor.pk, "step_up_phq9_threshold": "20"}
    data["risk_acknowledgement_working_days"] = "1"
    assert client.post(url, data).status_code == 302
    organisation = people.owner.organisation
    organisation.refresh_from_db()
    assert organisation.safety_lead == people.other_supervisor
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.facts == {"changed": ["safety_lead"]}


@pytest.mark.parametrize("who", ["other_org_clinician", "client_user", "admin"])
def test_the_safety_lead_is_a_supervisor_or_clinician_of_the_organisation(people, client, who):
    client.force_login(people.admin)
    data = {
        "safety_lead": getattr(people, who).pk,
        "step_up_phq9_threshold": "20",
        "risk_acknowledgement_working_days": "1",
    }
    response = client.post(reverse("clinic:organisation"), data)
    assert "Select a valid choice" in response.content.decode()
    people.owner.organisation.refresh_from_db()
    assert people.owner.organisation.safety_lead is None
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


def test_the_action_refuses_a_safety_lead_of_another_organisation(people):
    with pytest.raises(ValueError, match="safety lead"):
        update_organisation(
            people.admin, people.owner.organisation, safety_lead=people.other_org_clinician
        )


def test_the_safety_lead_sees_and_resolves_flags_of_a_clinician_without_supervisor(
    people, flag, client
):
    without_supervisor(people.owner)
    lead = people.other_supervisor
    assert flag_url(flag) not in page_of(client, lead, reverse("clinic:supervision"))
    assert client.get(flag_url(flag)).status_code == 403
    set_safety_lead(people, lead)
    page = page_of(client, lead, reverse("clinic:supervision"))
    assert flag_url(flag) in page and "clinician Owner Tester" in page
    assert "Record what was done" in client.get(flag_url(flag)).content.decode()
    assert "Hand over the follow-up" not in client.get(flag_url(flag)).content.decode()
    assert client.get(flag_url(flag, "clinic:risk_flag_reassign")).status_code == 403
    assert client.post(flag_url(flag), RESOLUTION).status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_by == lead


def test_a_clinician_as_safety_lead_sees_those_flags_on_their_caseload(people, flag, client):
    without_supervisor(people.owner)
    set_safety_lead(people, people.unrelated)
    page = page_of(client, people.unrelated, reverse("clinic:caseload"))
    assert flag_url(flag) in page and "clinician Owner Tester" in page


def test_the_safety_lead_does_not_see_flags_a_supervisor_oversees(people, flag, client):
    set_safety_lead(people, people.other_supervisor)
    assert flag_url(flag) not in page_of(
        client, people.other_supervisor, reverse("clinic:supervision")
    )
    assert client.get(flag_url(flag)).status_code == 403


def past_deadline(flag):
    return add_working_days(flag.raised_at, 1) + timedelta(minutes=1)


def test_the_late_mail_goes_to_the_safety_lead_when_there_is_no_supervisor(
    people, flag, django_capture_on_commit_callbacks
):
    without_supervisor(people.owner)
    assert actions.notify_unacknowledged_risk_flags(past_deadline(flag)) == []  # nobody yet
    set_safety_lead(people, people.other_supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        told = actions.notify_unacknowledged_risk_flags(past_deadline(flag))
    assert [f.pk for f in told] == [flag.pk]
    assert [m.to for m in mail.outbox] == [[people.other_supervisor.email]]
    body = mail.outbox[0].body
    assert "safety lead" in body and "Owner Tester has no supervisor" in body
    assert people.client.given_name not in body and "PHQ" not in body
    event = AuditEvent.objects.get(action="risk_flag.supervisor_notified")
    assert event.facts == {"recipient_role": "safety_lead", "recipient": people.other_supervisor.pk}


def test_the_late_mail_goes_to_the_supervisor_of_the_clinician_handed_the_flag(
    people, flag, django_capture_on_commit_callbacks
):
    other_team = make_user(
        people.owner.organisation, "helper", Role.THERAPIST, people.other_supervisor
    )
    RiskFlag.objects.filter(pk=flag.pk).update(responsible=other_team)
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify_unacknowledged_risk_flags(past_deadline(flag))
    assert [m.to for m in mail.outbox] == [[people.other_supervisor.email]]
