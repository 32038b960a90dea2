"""A safety answer in a questionnaire the client has not sent raises its flag at once.

The flag is raised in the change that saves the answer (with its audit event), marked as
coming from an unfinished questionnaire, raised once however often the answer is saved,
kept open if the answer is changed back, and linked to the administration when the
questionnaire is sent instead of a second flag being raised.
"""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import FlagSource, FlagStatus, Respondent, RiskFlag
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol.tests.builders import course_with_sessions

PHQ9 = QUESTIONNAIRES["phq9"]
PHQA = QUESTIONNAIRES["phqa"]


@pytest.fixture
def session(people):
    plan = course_with_sessions(people.owner, people.episode, recorded=4, scheduled=6)
    return plan.episode.sessions.get(number=5)


def save(people, session, answers, code="phq9"):
    return actions.save_questionnaire_draft(
        people.client_user, people.client, session, code, answers
    )


def finish(people, session, answers, code="phq9"):
    return actions.finish_questionnaire(people.client_user, people.client, session, code, answers)


def all_phq9(q9):
    return answers_totalling(PHQ9, 0, q9=q9)


def test_a_saved_item_9_answer_raises_the_flag_before_anything_is_sent(people, session):
    save(people, session, {"q1": 0, "q9": 1})
    flag = RiskFlag.objects.get()
    assert flag.is_open and flag.administration is None
    assert flag.source == FlagSource.UNFINISHED and flag.from_unfinished_questionnaire
    assert (flag.episode, flag.session, flag.instrument) == (people.episode, session, "phq9")
    assert (flag.item_key, flag.answer_value, flag.answer_label) == ("q9", "1", "Several days")
    assert flag.instrument_name == "PHQ-9"
    event = AuditEvent.objects.get(action="risk_flag.raised")
    assert (event.client, event.object_id) == (people.client, str(flag.pk))
    assert event.facts == {"source": "unfinished"}


def test_an_answer_not_yet_given_raises_nothing(people, session):
    save(people, session, {"q1": 3, "q2": 3})
    save(people, session, {"q1": 3, "q2": 3, "q9": 0})
    assert not RiskFlag.objects.exists()


def test_the_flag_is_raised_once_however_often_the_answer_is_saved(people, session):
    save(people, session, {"q9": 1})
    save(people, session, {"q9": 3})
    save(people, session, {"q9": 1, "q10": 0})
    assert RiskFlag.objects.count() == 1
    assert AuditEvent.objects.filter(action="risk_flag.raised").count() == 1


def test_the_flag_stays_open_when_the_answer_is_changed_back(people, session):
    save(people, session, {"q9": 2})
    save(people, session, {"q9": 0})
    flag = RiskFlag.objects.get()
    assert flag.is_open and flag.answer_label == "More than half the days"


def test_sending_links_the_administration_to_the_same_flag(people, session):
    save(people, session, {"q9": 1})
    flag = RiskFlag.objects.get()
    administration = finish(people, session, all_phq9(q9=1))
    assert list(RiskFlag.objects.all()) == [flag]
    flag.refresh_from_db()
    assert flag.administration == administration and flag.is_open
    assert flag.source == FlagSource.UNFINISHED  # where it came from stays recorded
    assert flag.sent_answer_label is None
    assert AuditEvent.objects.filter(action="risk_flag.raised").count() == 1
    linked = AuditEvent.objects.get(action="risk_flag.linked")
    assert (linked.client, linked.object_id) == (people.client, str(flag.pk))


def test_sending_after_changing_the_answer_back_still_links_the_open_flag(people, session):
    save(people, session, {"q9": 2})
    administration = finish(people, session, all_phq9(q9=0))
    flag = RiskFlag.objects.get()
    assert flag.administration == administration and flag.is_open
    assert flag.sent_answer_label == "Not at all"


def test_a_questionnaire_sent_in_one_go_raises_a_recorded_flag(people, session):
    administration = finish(people, session, all_phq9(q9=3))
    flag = RiskFlag.objects.get()
    assert flag.administration == administration
    assert flag.source == FlagSource.RECORDED and not flag.from_unfinished_questionnaire


def test_a_flag_resolved_before_sending_is_not_reused(people, session):
    save(people, session, {"q9": 1})
    first = RiskFlag.objects.get()
    actions.resolve_risk_flag(
        people.owner,
        first,
        assessment_outcome="no_current_thoughts",
        action_taken="Phoned the client the same day.",
        safety_plan=True,
    )
    administration = finish(people, session, all_phq9(q9=1))
    second = RiskFlag.objects.exclude(pk=first.pk).get()
    assert second.administration == administration and second.is_open
    first.refresh_from_db()
    assert first.administration is None and first.status == FlagStatus.RESOLVED


def test_a_clinician_recording_the_same_session_links_the_open_flag(people, session):
    save(people, session, {"q9": 2})
    administration = actions.record_administration(
        people.owner,
        people.episode,
        "phq9",
        all_phq9(q9=1),
        administered_on=date.today(),
        respondent=Respondent.CLIENT_IN_SESSION,
        session=session,
    )
    assert list(administration.risk_flags.all()) == list(RiskFlag.objects.all())


def test_phqa_yes_to_a_suicide_question_raises_the_flag_from_the_draft(people, session):
    save(people, session, {"q1": 1, "serious_thoughts_past_month": "yes"}, code="phqa")
    flag = RiskFlag.objects.get()
    assert (flag.instrument, flag.reason) == ("phqa", "suicide_item_yes")
    assert flag.item_key == "serious_thoughts_past_month" and flag.answer_label == "Yes"
    answers = answers_totalling(PHQA, 0, serious_thoughts_past_month="yes")
    administration = finish(people, session, answers, code="phqa")
    flag.refresh_from_db()
    assert flag.administration == administration
    assert RiskFlag.objects.count() == 1


def test_phqa_no_raises_nothing(people, session):
    save(people, session, {"serious_thoughts_past_month": "no", "attempt_ever": "no"}, "phqa")
    assert not RiskFlag.objects.exists()


def test_the_database_holds_one_open_unsent_flag_per_answer(people, session):
    save(people, session, {"q9": 1})
    flag = RiskFlag.objects.get()
    copy = {
        field.attname: getattr(flag, field.attname)
        for field in RiskFlag._meta.concrete_fields
        if not field.primary_key
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskFlag.objects.create(**copy)


def test_the_database_refuses_a_recorded_flag_without_its_administration(people, session):
    save(people, session, {"q9": 1})
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskFlag.objects.update(source=FlagSource.RECORDED)


# --- what staff see -----------------------------------------------------------------------


def test_staff_pages_show_the_flag_and_say_it_came_from_an_unfinished_questionnaire(
    people, session, client
):
    save(people, session, {"q9": 1})
    flag = RiskFlag.objects.get()
    flag_url = reverse("clinic:risk_flag", args=[flag.pk])
    pages = {
        people.supervisor: [reverse("clinic:supervision")],
        people.owner: [
            reverse("clinic:caseload"),
            reverse("clinic:episode", args=[people.episode.pk]),
        ],
    }
    for person, urls in pages.items():
        client.force_login(person)
        for url in urls:
            page = client.get(url).content.decode()
            assert flag_url in page, (person, url)
            assert "from an unfinished questionnaire, not sent yet" in page, (person, url)
        page = client.get(flag_url).content.decode()
        assert "PHQ-9, not sent yet, for session 5" in page
        assert "An unfinished questionnaire" in page


def test_the_flag_page_shows_an_answer_changed_before_sending(people, session, client):
    save(people, session, {"q9": 3})
    finish(people, session, all_phq9(q9=1))
    flag = RiskFlag.objects.get()
    client.force_login(people.owner)
    page = client.get(reverse("clinic:risk_flag", args=[flag.pk])).content.decode()
    assert "Nearly every day" in page
    assert "changed to “Several days” before the questionnaire was sent" in page
    assert (
        "from an unfinished questionnaire, since sent"
        in client.get(reverse("clinic:caseload")).content.decode()
    )
