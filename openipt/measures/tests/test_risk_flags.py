"""Risk flags: where open flags show, who sees them, and how they are resolved."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from openipt.audit.models import AuditEvent
from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import AssessmentOutcome, FlagStatus, Respondent, RiskFlag
from openipt.measures.tests.builders import answers_totalling

RESOLUTION = {
    "assessment_outcome": AssessmentOutcome.THOUGHTS_NO_PLAN,
    "action_taken": "Talked it through in session; agreed to call the crisis line if it worsens.",
    "safety_plan": "yes",
}


def flagged_phq9(people, episode=None, actor=None, q9=1, on=None):
    episode = episode or people.episode
    administration = actions.record_administration(
        actor or episode.clinician,
        episode,
        "phq9",
        answers_totalling(QUESTIONNAIRES["phq9"], 2, q9=q9),
        administered_on=on or date.today(),
        respondent=Respondent.CLIENT_IN_SESSION,
    )
    return administration.risk_flags.get()


def flag_url(flag):
    return reverse("clinic:risk_flag", args=[flag.pk])


def test_an_open_flag_shows_on_the_caseload_with_answer_and_date(people, client):
    flag = flagged_phq9(people, on=date(2026, 9, 8))
    client.force_login(people.owner)
    page = client.get(reverse("clinic:caseload")).content.decode()
    assert "Safety answers to follow up (1)" in page
    assert flag_url(flag) in page
    assert people.client.reference in page
    assert "Thoughts that you would be better off dead" in page
    assert "Several days" in page
    assert "PHQ-9 of 8 Sep 2026" in page


def test_an_open_flag_shows_on_the_client_and_episode_pages(people, client):
    flag = flagged_phq9(people)
    for person in ("owner", "supervisor"):
        client.force_login(getattr(people, person))
        for url in (
            reverse("clinic:client", args=[people.client.pk]),
            reverse("clinic:episode", args=[people.episode.pk]),
        ):
            page = client.get(url).content.decode()
            assert flag_url(flag) in page, (person, url)
            assert "Several days" in page


def test_the_organisation_admin_never_sees_flags_or_scores(people, client):
    flag = flagged_phq9(people)
    client.force_login(people.admin)
    page = client.get(reverse("clinic:client", args=[people.client.pk])).content.decode()
    assert flag_url(flag) not in page
    assert "Several days" not in page
    assert "Scores in the episode" not in page
    assert client.get(flag_url(flag)).status_code == 403
    assert client.get(reverse("clinic:measure", args=[flag.administration_id])).status_code == 403


def test_other_clinicians_do_not_see_the_flag(people, client):
    flag = flagged_phq9(people)
    client.force_login(people.unrelated)
    assert flag_url(flag) not in client.get(reverse("clinic:caseload")).content.decode()
    assert client.get(flag_url(flag)).status_code == 403
    client.force_login(people.other_org_clinician)
    assert client.get(flag_url(flag)).status_code == 404


def test_supervisors_see_their_teams_open_flags_oldest_first(people, client):
    newer = flagged_phq9(people)
    older = flagged_phq9(people, episode=people.another_client.episodes.get())
    # another_client belongs to the unrelated counsellor, in another supervisor's team.
    client.force_login(people.supervisor)
    page = client.get(reverse("clinic:supervision")).content.decode()
    assert flag_url(newer) in page and flag_url(older) not in page
    people.unrelated.supervisor = people.supervisor
    people.unrelated.save()
    RiskFlag.objects.filter(pk=older.pk).update(raised_at=timezone.now() - timedelta(days=3))
    page = client.get(reverse("clinic:supervision")).content.decode()
    assert page.index(flag_url(older)) < page.index(flag_url(newer))
    assert "clinician Unrelated Tester" in page


def test_resolving_requires_every_field_and_saves_nothing_without_them(people, client):
    flag = flagged_phq9(people)
    client.force_login(people.owner)
    before = AuditEvent.objects.count()
    response = client.post(flag_url(flag), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose what your risk assessment found." in page
    assert "Describe what was done after the answer was seen." in page
    assert "Say whether a safety plan is in place." in page
    assert AuditEvent.objects.count() == before
    flag.refresh_from_db()
    assert flag.is_open


@pytest.mark.parametrize("missing", sorted(RESOLUTION))
def test_each_resolution_field_is_required(people, client, missing):
    flag = flagged_phq9(people)
    client.force_login(people.owner)
    data = {**RESOLUTION, missing: ""}
    client.post(flag_url(flag), data)
    flag.refresh_from_db()
    assert flag.is_open


def test_a_clinician_resolves_a_flag_with_time_name_and_actions(people, client):
    flag = flagged_phq9(people)
    client.force_login(people.owner)
    response = client.post(flag_url(flag), RESOLUTION)
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.RESOLVED
    assert flag.resolved_by == people.owner and flag.resolved_at is not None
    assert flag.safety_plan is True
    assert flag.assessment_outcome == AssessmentOutcome.THOUGHTS_NO_PLAN
    event = AuditEvent.objects.get(action="risk_flag.resolved")
    assert (event.actor, event.client, event.object_id) == (
        people.owner,
        people.client,
        str(flag.pk),
    )
    page = client.get(flag_url(flag)).content.decode()
    assert "Owner Tester" in page and "agreed to call the crisis line" in page
    caseload = client.get(reverse("clinic:caseload")).content.decode()
    assert flag_url(flag) not in caseload


def test_a_resolved_flag_cannot_be_resolved_again_or_edited(people, client):
    flag = flagged_phq9(people)
    actions.resolve_risk_flag(
        people.owner,
        flag,
        assessment_outcome=AssessmentOutcome.NO_CURRENT_THOUGHTS,
        action_taken="Checked in by phone.",
        safety_plan=False,
    )
    client.force_login(people.owner)
    response = client.post(flag_url(flag), {**RESOLUTION, "action_taken": "Something else"})
    assert response.status_code == 409
    flag.refresh_from_db()
    assert flag.action_taken == "Checked in by phone."
    with pytest.raises(actions.FlagAlreadyResolved):
        actions.resolve_risk_flag(people.owner, flag, **{**RESOLUTION, "safety_plan": True})
    assert AuditEvent.objects.filter(action="risk_flag.resolved").count() == 1


def test_the_supervisor_can_resolve_their_teams_flag_and_another_supervisor_cannot(people, client):
    flag = flagged_phq9(people)
    client.force_login(people.other_supervisor)
    assert client.get(flag_url(flag)).status_code == 403
    assert client.post(flag_url(flag), RESOLUTION).status_code == 403
    client.force_login(people.supervisor)
    page = client.get(flag_url(flag)).content.decode()
    assert "Record what was done" in page
    assert client.post(flag_url(flag), RESOLUTION).status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.RESOLVED and flag.resolved_by == people.supervisor


def test_the_database_refuses_a_resolved_flag_without_its_record(people):

    flag = flagged_phq9(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskFlag.objects.filter(pk=flag.pk).update(status=FlagStatus.RESOLVED)


def test_viewing_a_flag_is_audited(people, client):
    flag = flagged_phq9(people)
    client.force_login(people.supervisor)
    client.get(flag_url(flag))
    event = AuditEvent.objects.get(action="risk_flag.viewed")
    assert (event.actor, event.client) == (people.supervisor, people.client)
