from django.urls import reverse

from openipt.accounts.actions import ORGANISATION_POLICY_FIELDS
from openipt.audit.models import AuditEvent

VALID = {
    "allow_phq9_proration": "on",
    "step_up_phq9_threshold": "18",
    "risk_acknowledgement_working_days": "2",
    "crisis_phone_numbers": "Crisis line: 0800 123 456",
    "crisis_text_lines": "",
    "crisis_what_to_do": "Call 999 if you are in danger.",
}


def test_admin_changes_policy_and_it_is_audited(people, client):
    client.force_login(people.admin)
    response = client.post(reverse("clinic:organisation"), VALID)
    assert response.status_code == 302
    organisation = people.admin.organisation
    organisation.refresh_from_db()
    assert organisation.allow_phq9_proration
    assert organisation.step_up_phq9_threshold == 18
    event = AuditEvent.objects.get(action="organisation.updated")
    changed = event.facts["changed"]
    assert "allow_phq9_proration" in changed and "step_up_phq9_threshold" in changed
    # The field names only: never the crisis text or any other value typed.
    assert event.detail == "" and set(changed) <= set(ORGANISATION_POLICY_FIELDS)


def test_out_of_range_values_are_refused_and_nothing_changes(people, client):
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:organisation"),
        VALID | {"step_up_phq9_threshold": "40", "risk_acknowledgement_working_days": "0"},
    )
    page = response.content.decode()
    assert "choose 1 to 27" in page and "between 1 and 5" in page
    people.admin.organisation.refresh_from_db()
    assert people.admin.organisation.step_up_phq9_threshold == 20
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


def test_admin_sets_planned_sessions_within_each_modality_range(people, client):
    client.force_login(people.admin)
    url = reverse("clinic:organisation")
    page = client.get(url).content.decode()
    assert "<title>Organisation settings · OpenIPT</title>" in page
    refused = client.post(url, {"planned_sessions": "1", "individual_ipt": "30", "ipc": "4"})
    assert refused.status_code == 400
    assert "less than or equal to 16" in refused.content.decode()
    people.admin.organisation.refresh_from_db()
    assert people.admin.organisation.planned_session_defaults == {}
    client.post(url, {"planned_sessions": "1", "individual_ipt": "14", "ipc": ""})
    people.admin.organisation.refresh_from_db()
    assert people.admin.organisation.planned_session_defaults == {"individual_ipt": 14}
    assert AuditEvent.objects.filter(action="organisation.planned_defaults_set").exists()
