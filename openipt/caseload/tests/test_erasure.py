"""Erasure that erases (issue 17, item 11): what a granted deletion request, the end of the
retention period and a record made in error leave of a client with a full course, field by
field and in the whole database; the exports; and the audit trail, which is kept and
still verifies."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from openipt.accounts.models import DeletionOutcome, DeletionRequest, Invitation, Role, User
from openipt.audit.models import AuditEvent
from openipt.caseload import erasure
from openipt.caseload.actions import (
    ErasureRefused,
    apply_retention,
    decide_deletion,
    remove_client_made_in_error,
    remove_episode_made_in_error,
)
from openipt.caseload.models import ERASED_TEXT, Client, Episode
from openipt.fhir.questionnaire_response import administration_bundle
from openipt.formulation.models import (
    FormulationVersion,
    Goal,
    GoalReview,
    LifeEvent,
    PersonVersion,
    ProblemArea,
)
from openipt.measures.models import MeasureAdministration, QuestionnaireDraft, RiskFlag
from openipt.outcomes.models import OutcomeSummary
from openipt.portal import my_data
from openipt.protocol.models import (
    CourseEnding,
    CoursePlan,
    IntakeScreen,
    Referral,
    Session,
    SessionMove,
    SessionTaskRecord,
)
from openipt.testing.people import make_user
from openipt.worksheets.models import (
    AssertiveStatement,
    Homework,
    HomeworkComment,
    RelapsePreventionPlan,
    TechniqueRecord,
)

from .builders import IDENTIFYING, IDENTITY, MARK, full_course

LONG_AGO = date(2000, 1, 10)


def text_of_every_row():
    """Every stored value of every table, as text (the whole database, audit included)."""
    found = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*fields):
            found.append(f"{model._meta.label}: " + " | ".join(str(value) for value in row))
    return "\n".join(found)


def left_behind(text=None):
    """Which identifying or clinical marker words are still stored anywhere."""
    text = text_of_every_row() if text is None else text
    return {word for word in IDENTIFYING if word in text}


def verify_audit():
    out = StringIO()
    call_command("verify_audit", stdout=out)  # raises CommandError when a chain is broken
    return out.getvalue()


def set_rule(people, **rule):
    organisation = people.owner.organisation
    for name, value in rule.items():
        setattr(organisation, name, value)
    organisation.save(update_fields=list(rule))


# --- the whole record, once the retention period has ended -------------------------------


def test_a_granted_request_after_the_retention_period_erases_everything_but_the_scores(people):
    held = full_course(people, closed_on=LONG_AGO)
    assert left_behind() == set(IDENTIFYING)  # every marker is there before
    events_before = AuditEvent.objects.count()
    total = MeasureAdministration.objects.get(episode=held.episode).total

    _, erased, ends_on = decide_deletion(people.admin, held.deletion, outcome="erased")

    assert erased == [erasure.IDENTITY, erasure.CLINICAL]
    assert ends_on == date(2020, 1, 10)  # 20 years after the episode closed
    assert left_behind() == set()
    client = Client.objects.get(pk=held.client.pk)
    _assert_identity_erased(client, people)
    _assert_clinical_text_erased(held)
    # Scores stay, without identity (the organisation's rule keeps them by default).
    administration = MeasureAdministration.objects.get(episode=held.episode)
    assert (administration.total, administration.answers["q9"]) == (total, 1)
    flag = RiskFlag.objects.get(pk=held.flag.pk)
    assert (flag.status, flag.assessment_outcome, flag.action_taken) == (
        "resolved",
        "thoughts_no_plan",
        ERASED_TEXT,
    )
    assert IntakeScreen.objects.get().phq9_total == 14  # typed at intake, kept as a score
    # The audit trail is untouched: nothing removed, one event added, the chain verifies.
    assert AuditEvent.objects.count() == events_before + 2  # decided, erased
    erased_event = AuditEvent.objects.get(action="client.erased")
    assert erased_event.facts == {
        "reason": "deletion_request",
        "parts": ["identity", "clinical"],
        "scores": True,
    }
    verify_audit()


def _assert_identity_erased(client, people):
    assert (client.given_name, client.family_name) == ("Erased", client.reference)
    assert (client.date_of_birth, client.birth_year) == (None, 1979)
    assert (client.email, client.phone) == ("", "")
    assert client.identity_erased_at is not None
    account = User.objects.get(pk=people.client_user.pk)
    assert account.username == f"erased-{account.pk}"
    assert (account.first_name, account.last_name, account.email) == ("", "", "")
    assert not account.is_active and not account.has_usable_password()
    assert set(Invitation.objects.filter(client=client).values_list("sent_to", flat=True)) == {""}
    assert not Invitation.objects.filter(client=client, expires_at__gt=timezone.now()).exists()
    assert DeletionRequest.objects.get(client=client).reason == ""


def _assert_clinical_text_erased(held):
    episode = Episode.objects.get(pk=held.episode.pk)
    assert episode.presenting_concerns == ""
    plan = CoursePlan.objects.get(episode=episode)
    assert (plan.boundary_reason, plan.exclusion_override_reason) == ("", "")
    assert plan.boundary_overrides == {"initial_end": 3, "termination_start": 10}
    screen = IntakeScreen.objects.get(episode=episode)
    assert (screen.symptoms, screen.notes, screen.suicidal_crisis) == (ERASED_TEXT, "", True)
    referrals = Referral.objects.filter(episode=episode)
    assert {(r.referred_to, r.reason) for r in referrals} == {(ERASED_TEXT, ERASED_TEXT)}
    assert referrals.count() == 2  # instead of IPT, and a medication review
    assert set(SessionTaskRecord.objects.values_list("note", flat=True)) == {""}
    assert set(SessionTaskRecord.objects.values_list("status", flat=True)) == {"done"}
    assert SessionMove.objects.get().reason == ERASED_TEXT
    assert Session.objects.filter(episode=episode).count() == 3  # dates and attendance stay
    ending = CourseEnding.objects.get(episode=episode)
    assert (ending.referred_to, ending.problem_area_progress, ending.future_plan) == (
        "",
        ERASED_TEXT,
        ERASED_TEXT,
    )
    assert (ending.reason, ending.ended_on) == ("referred_on", date(2026, 11, 16))
    assert not QuestionnaireDraft.objects.exists()

    version = PersonVersion.objects.get()
    assert (version.label, version.satisfying, version.would_change) == (ERASED_TEXT, "", "")
    assert (version.relationship, version.circle) == ("deceased", "inner")
    assert LifeEvent.objects.get().note == "" and LifeEvent.objects.get().kind == "death"
    area = ProblemArea.objects.get()
    assert (area.area, area.losses, area.gains, area.old_role, area.reasons_shown) == (
        "grief",
        "",
        "",
        "",
        [],
    )
    assert area.date_of_death is None
    assert Goal.objects.get().text == ERASED_TEXT
    assert GoalReview.objects.get().note == ""
    assert FormulationVersion.objects.get().text == ERASED_TEXT

    homework = Homework.objects.get(pk=held.homework.pk)
    assert (homework.title, homework.instructions, homework.answers) == (ERASED_TEXT, "", {})
    assert homework.status == "submitted"
    assert HomeworkComment.objects.get().text == ERASED_TEXT
    statement = AssertiveStatement.objects.get()
    assert {statement.feeling, statement.situation, statement.reason} == {ERASED_TEXT}
    assert TechniqueRecord.objects.get().answers == {}
    assert RelapsePreventionPlan.objects.get().answers == {}


def test_the_exports_of_an_erased_client_hold_nothing_identifying(people, client):
    held = full_course(people, closed_on=LONG_AGO)
    decide_deletion(people.admin, held.deletion, outcome="erased")
    erased = Client.objects.get(pk=held.client.pk)
    document = my_data.export(my_data.collect(erased))
    assert left_behind(json.dumps(document, default=str)) == set()
    assert document["client"]["given_name"] == "Erased"
    administration = MeasureAdministration.objects.get(episode=held.episode)
    bundle = administration_bundle(administration, client=erased)
    assert left_behind(json.dumps(bundle, default=str)) == set()
    # The clinic's FHIR download (scores kept as pseudonymised data) says the same.
    client.force_login(people.owner)
    response = client.get(reverse("clinic:measure_fhir", args=[administration.pk]))
    assert response.status_code == 200
    assert left_behind(response.content.decode()) == set()


def test_the_client_can_no_longer_sign_in_and_the_username_is_free(people, client):
    held = full_course(people, closed_on=LONG_AGO)
    username = people.client_user.username
    decide_deletion(people.admin, held.deletion, outcome="erased")
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": "a-long-test-password-42"}
    )
    assert response.status_code == 200  # the sign-in page again, with an error
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username=username).exists()


# --- the retention rule ------------------------------------------------------------------


def test_within_the_retention_period_only_the_identity_goes_and_the_rest_follows(people):
    held = full_course(people, closed_on=date(2026, 12, 1))
    _, erased, ends_on = decide_deletion(people.admin, held.deletion, outcome="erased")

    assert (erased, ends_on) == ([erasure.IDENTITY], date(2046, 12, 1))
    _assert_identity_erased(Client.objects.get(pk=held.client.pk), people)
    # The clinical record is kept until the period ends (its words still name no client:
    # only the marker of the clinical text is left).
    assert left_behind() == {MARK}
    assert apply_retention(date(2046, 11, 30)) == []
    assert [c.pk for c in apply_retention(date(2046, 12, 1), dry_run=True)] == [held.client.pk]
    assert left_behind() == {MARK}  # a dry run changes nothing
    assert [c.pk for c in apply_retention(date(2046, 12, 1))] == [held.client.pk]
    assert left_behind() == set()
    event = AuditEvent.objects.filter(action="client.erased").latest("id")
    assert (event.actor, event.facts["reason"], event.facts["parts"]) == (
        None,
        "retention_ended",
        ["clinical"],
    )
    verify_audit()


def test_the_retention_period_counts_from_the_last_episode_and_not_while_one_is_open(people):
    held = full_course(people)  # the episode is still open
    assert erasure.retention_ends_on(held.client, list(held.client.episodes.all())) is None
    assert apply_retention(date(2100, 1, 1)) == [
        c for c in apply_retention(date(2100, 1, 1), dry_run=True) if c.pk != held.client.pk
    ]
    assert Client.objects.get(pk=held.client.pk).clinical_erased_at is None


def test_the_retention_years_are_the_organisations_to_set(people, settings):
    assert people.owner.organisation.retention_years == 20  # the default setting
    set_rule(people, retention_years=8)
    held = full_course(people, closed_on=date(2026, 12, 1))
    assert erasure.retention_ends_on(held.client, list(held.client.episodes.all())) == date(
        2034, 12, 1
    )
    assert erasure.years_after(date(2028, 2, 29), 1) == date(2029, 2, 28)


def test_a_rule_that_keeps_identity_refuses_an_erasure_that_would_erase_nothing(people, client):
    set_rule(people, erase_identity_on_request=False)
    held = full_course(people, closed_on=date(2026, 12, 1))
    events_before = AuditEvent.objects.count()
    with pytest.raises(ErasureRefused, match="1 December 2046"):
        decide_deletion(people.admin, held.deletion, outcome="erased")
    assert DeletionRequest.objects.get(pk=held.deletion.pk).is_open
    assert AuditEvent.objects.count() == events_before
    assert left_behind() == set(IDENTIFYING)
    # On the page the reason shows next to the outcome, and nothing is recorded.
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:organisation"),
        {"deletion": held.deletion.pk, f"d{held.deletion.pk}-outcome": "erased"},
    )
    assert response.status_code == 400
    assert "keeps this record until 1 December 2046" in response.content.decode()
    assert DeletionRequest.objects.get(pk=held.deletion.pk).is_open


def test_without_keeping_scores_the_scores_and_flags_go_too(people):
    set_rule(people, keep_scores_after_erasure=False)
    held = full_course(people, closed_on=LONG_AGO)
    decide_deletion(people.admin, held.deletion, outcome="erased")
    assert not MeasureAdministration.objects.filter(episode=held.episode).exists()
    assert not RiskFlag.objects.filter(episode=held.episode).exists()
    assert IntakeScreen.objects.get().phq9_total is None
    ending = CourseEnding.objects.get()
    assert (ending.first_phq9, ending.last_phq9) == (None, None)
    # The outcome summary, worked out from the records, keeps no score either.
    summary = OutcomeSummary.objects.get(episode=held.episode)
    assert (summary.phq9_count, summary.phq9_first, summary.phq9_last) == (0, None, None)
    assert (summary.gad7_first, summary.gad7_last, summary.recovery) == (None, None, None)
    assert AuditEvent.objects.get(action="client.erased").facts["scores"] is False
    verify_audit()


def test_kept_means_kept(people):
    held = full_course(people, closed_on=LONG_AGO)
    _, erased, _ = decide_deletion(
        people.admin, held.deletion, outcome=DeletionOutcome.KEPT, outcome_reason="Inquiry."
    )
    assert erased == []
    assert left_behind() == set(IDENTIFYING)


def test_the_admin_grants_a_request_on_the_organisation_page(people, client):
    held = full_course(people, closed_on=date(2026, 12, 1))
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:organisation"),
        {"deletion": held.deletion.pk, f"d{held.deletion.pk}-outcome": "erased"},
        follow=True,
    )
    page = response.content.decode()
    assert "identifying details were erased" in page
    assert "kept until 1 December 2046" in page
    assert Client.objects.get(pk=held.client.pk).given_name == "Erased"


# --- records made in error ------------------------------------------------------------------


def test_a_client_made_in_error_is_erased_at_once_scores_and_all(people):
    held = full_course(people)  # open, recent: the retention rule would keep it
    remove_client_made_in_error(people.admin, held.client, reason="duplicate")
    assert left_behind() == set()
    assert not MeasureAdministration.objects.filter(episode=held.episode).exists()
    episode = Episode.objects.get(pk=held.episode.pk)
    assert (episode.status, episode.erased_at is not None) == ("closed", True)
    event = AuditEvent.objects.get(action="client.erased")
    assert (event.actor, event.facts) == (
        people.admin,
        {"reason": "duplicate", "parts": ["identity", "clinical"], "scores": False},
    )
    verify_audit()


def test_an_episode_made_in_error_goes_and_the_others_stay(people):
    held = full_course(people)
    other = Episode.objects.create(
        organisation_id=held.client.organisation_id,
        client=held.client,
        clinician=people.owner,
        opened_on=date(2027, 1, 4),
        presenting_concerns="Kept concerns",
    )
    remove_episode_made_in_error(people.admin, held.episode, reason="wrong_client")
    assert Episode.objects.get(pk=other.pk).presenting_concerns == "Kept concerns"
    client = Client.objects.get(pk=held.client.pk)
    assert client.given_name == "Zelphina"  # the client is real: identity stays
    # Only the episode's clinical words and scores are gone; the client's own deletion
    # request, which is not part of the episode, still says what they wrote.
    marked = [line for line in text_of_every_row().splitlines() if MARK in line]
    assert [line.split(":")[0] for line in marked] == ["accounts.DeletionRequest"]
    assert not MeasureAdministration.objects.filter(episode=held.episode).exists()
    event = AuditEvent.objects.get(action="episode.erased")
    assert event.facts == {"reason": "wrong_client", "scores": False}
    verify_audit()


def test_the_admin_removes_a_client_made_in_error_from_the_client_page(people, client):
    client.force_login(people.admin)
    url = reverse("clinic:client_remove", args=[people.client.pk])
    page = client.get(url).content.decode()
    assert "a duplicate of another record" in page
    refused = client.post(url, {"reason": "duplicate"})
    assert refused.status_code == 200
    assert "Tick the box to confirm" in refused.content.decode()
    assert Client.objects.get(pk=people.client.pk).identity_erased_at is None
    response = client.post(url, {"reason": "test_entry", "confirm": "on"})
    assert response.status_code == 302
    assert Client.objects.get(pk=people.client.pk).given_name == "Erased"
    detail = client.get(reverse("clinic:client", args=[people.client.pk])).content.decode()
    assert "Identifying details erased" in detail and "only the year is kept" in detail


def test_only_the_admin_removes_records_made_in_error(people, client):
    for who in (people.owner, people.supervisor):
        client.force_login(who)
        assert (
            client.get(reverse("clinic:client_remove", args=[people.client.pk])).status_code == 403
        )
        response = client.post(
            reverse("clinic:episode_remove", args=[people.episode.pk]),
            {"reason": "duplicate", "confirm": "on"},
        )
        assert response.status_code == 403
    assert Episode.objects.get(pk=people.episode.pk).erased_at is None


def test_another_organisations_admin_gets_404(people, client):
    south = people.other_org_clinician.organisation
    client.force_login(make_user(south, "southadmin", Role.ADMIN))
    assert client.get(reverse("clinic:client_remove", args=[people.client.pk])).status_code == 404
    response = client.post(
        reverse("clinic:episode_remove", args=[people.episode.pk]),
        {"reason": "duplicate", "confirm": "on"},
    )
    assert response.status_code == 404
    assert Episode.objects.get(pk=people.episode.pk).erased_at is None


def test_the_admin_removes_an_episode_made_in_error_from_the_client_page(people, client):
    client.force_login(people.admin)
    detail = client.get(reverse("clinic:client", args=[people.client.pk])).content.decode()
    url = reverse("clinic:episode_remove", args=[people.episode.pk])
    assert f'href="{url}"' in detail
    response = client.post(url, {"reason": "duplicate", "confirm": "on"})
    assert response.status_code == 302
    episode = Episode.objects.get(pk=people.episode.pk)
    assert (episode.presenting_concerns, episode.status) == ("", "closed")
    assert (
        "removed as made in error"
        in client.get(reverse("clinic:client", args=[people.client.pk])).content.decode()
    )
    assert "already been removed" in client.get(url).content.decode()


def test_the_admin_sets_the_retention_rule(people, client):
    client.force_login(people.admin)
    url = reverse("clinic:organisation")
    page = client.get(url).content.decode()
    assert "Years clinical records are kept after the last episode closes" in page
    refused = client.post(url, {"retention_rule": "1", "retention_years": "0"})
    assert refused.status_code == 400
    assert "Choose between 1 and 100 years." in refused.content.decode()
    response = client.post(
        url, {"retention_rule": "1", "retention_years": "8", "keep_scores_after_erasure": "on"}
    )
    assert response.status_code == 302
    organisation = people.admin.organisation
    organisation.refresh_from_db()
    assert (
        organisation.retention_years,
        organisation.erase_identity_on_request,
        organisation.keep_scores_after_erasure,
    ) == (8, False, True)
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.facts == {"changed": ["erase_identity_on_request", "retention_years"]}


def test_an_erased_client_is_never_invited_to_the_portal_again(people, client):
    """An invitation would open what the retention rule still keeps to whoever holds it."""
    client_row = Client.objects.get(pk=people.client.pk)
    client_row.user = None
    client_row.save(update_fields=["user"])
    held = full_course(people, closed_on=date(2026, 12, 1))
    decide_deletion(people.admin, held.deletion, outcome="erased")
    invitations = Invitation.objects.count()
    client.force_login(people.owner)
    response = client.post(
        reverse("clinic:client_invite", args=[held.client.pk]), {"email": "new@example.invalid"}
    )
    assert "cannot be invited" in response.content.decode()
    assert Invitation.objects.count() == invitations


def test_an_erased_clients_details_cannot_be_entered_again(people, client):
    remove_client_made_in_error(people.admin, people.client, reason="duplicate")
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:client_edit", args=[people.client.pk]),
        {**IDENTITY, "date_of_birth": "1979-11-23", "site": people.client.site_id},
    )
    assert "not entered again" in response.content.decode()
    assert Client.objects.get(pk=people.client.pk).given_name == "Erased"


# --- every app's clinical text is reached --------------------------------------------------


def test_every_free_text_field_of_a_clinical_record_is_known_to_an_eraser():
    """A new text field on a model that belongs to an episode must be erased (or named
    here with the reason it holds no client's words), so erasure keeps up with the code."""
    not_client_words = {
        # Copied from the instrument's wording or scoring rule, or codes stored as text.
        "measures.RiskFlag": {
            "reason",
            "item_key",
            "item_label",
            "answer_value",
            "answer_label",
            "instrument",
            "status",
            "assessment_outcome",
            "source",
        },
        "measures.MeasureAdministration": {
            "instrument",
            "instrument_version",
            "band",
            "respondent",
            "language",  # a language code (en, nl, fr): what the questions were asked in
        },
        "measures.RhythmWeek": {"instrument_version"},
        "protocol.SessionTaskRecord": {"task_key"},
        # A classification code and a choice, like the problem-area codes that stay.
        "protocol.IntakeScreen": {"diagnosis_code", "motivation"},
        "protocol.Referral": {"kind"},
        "worksheets.Homework": {"worksheet", "worksheet_version"},
        "worksheets.TechniqueRecord": {"technique", "technique_version"},
        "worksheets.RelapsePreventionPlan": {"version"},
        # The stored fidelity: numbers and codes only (derived; recomputed on erasure).
        "protocol.CourseFidelity": {"modality", "stage", "due_measures"},
        # A group's administrative fields, and an agenda row's code.
        "groups.Group": {"name", "place", "language"},
        "groups.GroupSessionTask": {"task_key"},
    }
    erased = {
        "caseload.Episode": {"presenting_concerns"},
        "protocol.CoursePlan": {
            "boundary_reason",
            "exclusion_override_reason",
            "length_reason",
            "age_override_reason",
        },
        "protocol.IntakeScreen": {
            "symptoms",
            "notes",
            "caution_plan",
            "previous_treatment",
            "medication",
            "prescriber",
            "hospitalisations",
            "diagnosis",
        },
        "protocol.Referral": {"referred_to", "reason"},
        "protocol.SessionTaskRecord": {"note"},
        "protocol.Session": {"location", "meeting_link"},
        "protocol.SessionMove": {"reason"},
        "protocol.ProgressNote": {"body"},
        "protocol.NoteAddendum": {"text"},
        "protocol.CourseEnding": {"referred_to", "problem_area_progress", "future_plan"},
        "protocol.SupervisorAlert": {"reasons"},
        "protocol.FollowUpSession": {"what_helped", "note"},
        "measures.RiskFlag": {"action_taken"},
        "formulation.PersonVersion": {
            "label",
            "satisfying",
            "unsatisfying",
            "client_expects",
            "they_expect",
            "would_change",
        },
        "formulation.LifeEvent": {"note"},
        "formulation.ProblemArea": {"old_role", "new_role", "losses", "gains", "isolation_pattern"},
        "formulation.DisputeStageRecord": {"note"},
        "formulation.Goal": {"text"},
        "formulation.GoalReview": {"note"},
        "formulation.FormulationVersion": {"text"},
        "worksheets.Homework": {"title", "instructions"},
        "worksheets.HomeworkComment": {"text"},
        "worksheets.AssertiveStatement": {"feeling", "situation", "reason", "preference"},
        "groups.GroupMember": {"reason", "referred_to", "goal"},
        "groups.MemberSessionRecord": {"brought", "homework"},
        "groups.Group": {"end_reason"},
        "groups.GroupSessionTask": {"note"},
        "groups.SupervisionNote": {"happened", "concerns", "supervisor_comment"},
    }
    unexplained = []
    for model in apps.get_models():
        label = model._meta.label
        if (
            model._meta.app_label
            not in {"caseload", "protocol", "measures", "formulation", "worksheets", "groups"}
            or label == "caseload.Client"
        ):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            known = erased.get(label, set()) | not_client_words.get(label, set())
            if field.name not in known:
                unexplained.append(f"{label}.{field.name}")
    assert not unexplained, unexplained


def test_every_app_with_clinical_records_registers_an_eraser():
    modules = {function.__module__ for function in erasure.erasers()}
    assert modules >= {
        "openipt.protocol.erasure",
        "openipt.measures.erasure",
        "openipt.formulation.erasure",
        "openipt.worksheets.erasure",
        "openipt.groups.erasure",
    }


def test_the_command_reports_and_erases(people):
    held = full_course(people, closed_on=LONG_AGO)
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert f"{held.client.reference} would be erased" in out.getvalue()
    assert left_behind() == set(IDENTIFYING)
    call_command("apply_retention", stdout=StringIO())
    assert left_behind() == set()
    assert Client.objects.get(pk=held.client.pk).clinical_erased_at is not None
    assert timedelta(0) <= timezone.now() - Client.objects.get(pk=held.client.pk).identity_erased_at
