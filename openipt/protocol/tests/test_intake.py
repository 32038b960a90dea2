"""The intake screen as the articles describe it: history and diagnosis, cautions that need a
referral or a plan (never silently), motivation, and a referral for a medication review."""

import pytest

from openipt.protocol.models import IntakeScreen, Referral, ReferralKind

from .test_course_pages import actions_logged, intake_post, url

REFERRAL = {
    "referred_to": "Eating disorders service",
    "referral_reason": "Weight loss and restriction.",
    "referred_on": "2026-09-07",
}


@pytest.fixture
def owner(people, client):
    client.force_login(people.owner)
    return client


def test_the_history_diagnosis_and_motivation_are_kept_and_shown(people, owner):
    data = intake_post(
        previous_treatment="CBT in 2021, helped for a while.",
        medication="Sertraline 100 mg",
        prescriber="Dr Okafor (GP)",
        hospitalisations="None",
        diagnosis="Major depressive episode, moderate",
        diagnosis_code="f32.1",
        motivation="keen",
    )
    assert owner.post(url("course_intake", people.episode), data).status_code == 302
    screen = IntakeScreen.objects.get()
    assert (screen.medication, screen.prescriber) == ("Sertraline 100 mg", "Dr Okafor (GP)")
    assert (screen.diagnosis_code, screen.motivation) == ("F32.1", "keen")
    page = owner.get(url("course", people.episode)).content.decode()
    assert "Major depressive episode, moderate (F32.1)" in page
    assert "prescribed by Dr Okafor (GP)" in page


@pytest.mark.parametrize("code", ["F32", "F33.1", "6A70.1", "296.22"])
def test_diagnosis_codes_as_services_write_them_are_accepted(people, owner, code):
    response = owner.post(url("course_intake", people.episode), intake_post(diagnosis_code=code))
    assert response.status_code == 302
    assert IntakeScreen.objects.get().diagnosis_code == code


@pytest.mark.parametrize("code", ["F", "F32 moderate", "<b>", "F32.1.2.3.4.5"])
def test_a_malformed_diagnosis_code_is_refused_and_nothing_is_written(people, owner, code):
    response = owner.post(url("course_intake", people.episode), intake_post(diagnosis_code=code))
    assert response.status_code == 200
    assert "Write the code as letters, digits and dots" in response.content.decode()
    assert not IntakeScreen.objects.exists()


# Each caution, with what the clinician records about it: a plan, a referral, or nothing.
# Nothing is never accepted; a referral or a plan is, and neither blocks the course.
NO_PLAN = "A caution was ticked: say how the course will take it into account"
HALF_REFERRAL = "Record the whole referral for the caution"
CAUTION_CASES = [
    ("severe_personality_disorder", {}, NO_PLAN),
    ("substance_misuse", {}, NO_PLAN),
    ("anorexia_nervosa", {}, NO_PLAN),
    ("substance_misuse", {"caution_plan": "Sessions go ahead while sober."}, None),
    ("severe_personality_disorder", {"caution_plan": "Discussed with supervisor."}, None),
    ("anorexia_nervosa", REFERRAL, None),
    ("anorexia_nervosa", {"referred_to": "Eating disorders service"}, HALF_REFERRAL),
]


@pytest.mark.parametrize(("caution", "answer", "refusal"), CAUTION_CASES)
def test_a_caution_needs_a_plan_or_a_referral(people, owner, caution, answer, refusal):
    data = intake_post(cautions=[caution], **answer)
    response = owner.post(url("course_intake", people.episode), data)
    if refusal:
        assert response.status_code == 200 and refusal in response.content.decode()
        assert not IntakeScreen.objects.exists() and not Referral.objects.exists()
        assert "course.intake_recorded" not in actions_logged()
        return
    screen = IntakeScreen.objects.get()
    assert screen.cautions == [caution] and screen.exclusions == []
    # A caution is not an exclusion: the next step is starting the course.
    assert response.url == url("course_start", people.episode)
    referrals = list(Referral.objects.values_list("kind", flat=True))
    assert referrals == ([ReferralKind.CAUTION] if "referred_to" in answer else [])


def test_a_medication_review_is_recorded_as_its_own_referral(people, owner):
    data = intake_post(medication="Citalopram 20 mg", medication_review_to="Dr Okafor (GP)")
    assert owner.post(url("course_intake", people.episode), data).status_code == 302
    referral = Referral.objects.get()
    assert (referral.kind, referral.referred_to) == (
        ReferralKind.MEDICATION_REVIEW,
        "Dr Okafor (GP)",
    )
    assert referral.referred_on.isoformat() == "2026-09-07"
    assert actions_logged()[-2:] == ["course.intake_recorded", "course.referral_recorded"]
    page = owner.get(url("course", people.episode)).content.decode()
    assert "Referral (medication review)" in page


def test_an_exclusion_and_a_medication_review_make_two_referrals(people, owner):
    data = intake_post(mania="yes", medication_review_to="Dr Okafor (GP)", **REFERRAL)
    assert owner.post(url("course_intake", people.episode), data).status_code == 302
    kinds = sorted(Referral.objects.values_list("kind", flat=True))
    assert kinds == sorted([ReferralKind.INSTEAD, ReferralKind.MEDICATION_REVIEW])
