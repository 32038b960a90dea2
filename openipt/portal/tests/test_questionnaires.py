"""Questionnaires at home: one question per screen, drafts, completion and safety."""

import pytest
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import MeasureAdministration, QuestionnaireDraft, RiskFlag
from openipt.protocol.tests.builders import course_with_sessions


@pytest.fixture
def course(people):
    # Session 5 (middle phase) is next: PHQ-9 and GAD-7 are due.
    return course_with_sessions(people.owner, people.episode, recorded=4, scheduled=6)


@pytest.fixture
def robin(client, people, course):
    client.force_login(people.client_user)
    client.episode_id = people.episode.pk
    return client


def url(robin, code="phq9", **query):
    base = reverse("portal:questionnaire", args=[robin.episode_id, code])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def answer(robin, number, value, action="next", code="phq9"):
    return robin.post(
        url(robin, code), {"q": number, "action": action} | _named(code, number, value)
    )


def _named(code, number, value):

    item = QUESTIONNAIRES[code].items[number - 1]
    return {item.key: value} if value is not None else {}


def test_the_list_shows_what_is_due_for_the_next_session(robin):
    page = robin.get(reverse("portal:questionnaires")).content.decode()
    assert "PHQ-9" in page and "GAD-7" in page
    # Sessions 5 and 6 were booked for dates now past: the page names no date for them
    # (issue 12, item 4: the home page and this page go by the same next appointment).
    assert "before your next session" in page and "No session is booked yet" in page


def test_one_question_per_screen_with_back_and_a_draft(robin):
    first = robin.get(url(robin)).content.decode()
    assert "Question 1 of 10" in first
    response = answer(robin, 1, 2)
    assert response.status_code == 302 and response.url.endswith("?q=2")
    draft = QuestionnaireDraft.objects.get()
    assert draft.answers == {"q1": 2}
    assert not MeasureAdministration.objects.exists()  # never scored until complete
    back = answer(robin, 2, None, action="back")
    assert back.url.endswith("?q=1")
    again = robin.get(url(robin, q=1)).content.decode()
    assert 'value="2"' in again and "checked" in again


def test_next_without_an_answer_shows_a_message_and_saves_nothing(robin):
    response = answer(robin, 1, None)
    assert response.status_code == 400
    assert "Choose an answer to go on" in response.content.decode()
    assert not QuestionnaireDraft.objects.exists()


def test_a_full_questionnaire_is_recorded_for_the_next_session(robin, people, course):
    for number in range(1, 10):
        answer(robin, number, 1 if number < 9 else 0)
    done = answer(robin, 10, _first_option(10))
    assert done.status_code == 302
    administration = MeasureAdministration.objects.get()
    assert administration.respondent == "client_at_home"
    assert administration.session.number == 5
    assert administration.total == 8
    assert not QuestionnaireDraft.objects.exists()
    page = robin.get(done.url).content.decode()
    assert "Thank you" in page
    assert not RiskFlag.objects.exists()
    # PHQ-9 is no longer due; GAD-7 still is.
    listing = robin.get(reverse("portal:questionnaires")).content.decode()
    assert "GAD-7" in listing and "PHQ-9" not in listing


def _first_option(number):

    return QUESTIONNAIRES["phq9"].items[number - 1].options[0].value


def test_item_9_answered_shows_crisis_information_and_raises_the_flag(robin, people):
    organisation = people.owner.organisation
    organisation.crisis_phone_numbers = "Northside crisis line: 0800 000 000"
    organisation.save()
    for number in range(1, 9):
        answer(robin, number, 0)
    answer(robin, 9, 2)
    # The very next screen already shows where to get help.
    assert "Northside crisis line" in robin.get(url(robin, q=10)).content.decode()
    done = answer(robin, 10, _first_option(10))
    page = robin.get(done.url).content.decode()
    assert "Northside crisis line" in page
    flag = RiskFlag.objects.get()
    assert flag.item_key == "q9" and flag.is_open


def test_after_a_worrying_answer_the_help_leads_and_the_next_questionnaire_is_not_primary(
    robin, people
):
    """Issue 19: the tap-to-call line is the main button, not "Next questionnaire"."""
    organisation = people.owner.organisation
    organisation.crisis_phone_numbers = "Northside crisis line: 0800 000 111"
    organisation.save()
    for number in range(1, 9):
        answer(robin, number, 0)
    answer(robin, 9, 2)
    page = robin.get(answer(robin, 10, _first_option(10)).url).content.decode()
    assert 'href="tel:0800000111"' in page
    assert "Next questionnaire" not in page  # GAD-7 is still due, offered as a plain link
    assert "Other questionnaires, when you feel ready" in page
    assert page.index("tel:0800000111") < page.index("Other questionnaires")


def test_without_a_worrying_answer_the_next_questionnaire_is_the_main_button(robin):
    for number in range(1, 10):
        answer(robin, number, 0)
    page = robin.get(answer(robin, 10, _first_option(10)).url).content.decode()
    assert 'class="button primary big" href="/portal/questionnaires/">Next questionnaire' in page


def test_the_list_names_each_questionnaire_in_plain_words_with_its_time(robin):
    page = robin.get(reverse("portal:questionnaires")).content.decode()
    assert "Your mood over the last two weeks" in page
    assert "PHQ-9 · 10 questions · about 4 minutes" in page
    assert "Worry and nerves over the last two weeks" in page
    assert "GAD-7 · 7 questions · about 3 minutes" in page


def test_one_page_mode_saves_a_draft_and_reports_missing_answers(robin):
    response = robin.post(url(robin), {"all": "1", "action": "save", "q1": "1", "q2": "2"})
    assert response.status_code == 302
    assert QuestionnaireDraft.objects.get().answers == {"q1": 1, "q2": 2}
    finish = robin.post(url(robin), {"all": "1", "action": "finish", "q1": "1"})
    assert finish.status_code == 400
    assert "Choose an answer to go on" in finish.content.decode()
    assert not MeasureAdministration.objects.exists()


def test_a_questionnaire_not_due_is_not_found(robin):
    assert robin.get(url(robin, "wsas")).status_code == 404


def test_another_clients_result_page_is_not_found(robin, people, client):
    for number in range(1, 10):
        answer(robin, number, 0)
    done = answer(robin, 10, _first_option(10))
    client.force_login(people.another_client_user)
    assert client.get(done.url).status_code == 404


def test_pages_are_audited(robin, people):
    robin.get(reverse("portal:questionnaires"))
    robin.get(url(robin))
    actions = set(AuditEvent.objects.filter(client=people.client).values_list("action", flat=True))
    assert {"portal.questionnaires_listed", "portal.questionnaire_viewed"} <= actions


def test_a_saved_item_9_answer_is_flagged_before_the_questionnaire_is_sent(robin, people):
    for number in range(1, 9):
        answer(robin, number, 0)
    response = answer(robin, 9, 1)
    assert response.status_code == 302  # on to question 10; nothing sent
    flag = RiskFlag.objects.get()
    assert flag.is_open and flag.administration is None and flag.from_unfinished_questionnaire
    assert not MeasureAdministration.objects.exists()


def test_sending_too_early_on_one_page_still_flags_the_answer(robin):
    finish = robin.post(url(robin), {"all": "1", "action": "finish", "q1": "1", "q9": "2"})
    assert finish.status_code == 400
    assert not MeasureAdministration.objects.exists()
    assert RiskFlag.objects.get().answer_label == "More than half the days"


def test_the_crisis_note_leads_with_help_and_promises_only_what_happens(robin, people):
    organisation = people.owner.organisation
    organisation.crisis_phone_numbers = "Northside crisis line: 0800 000 000"
    organisation.risk_acknowledgement_working_days = 2
    organisation.save()
    answer(robin, 9, 1)
    page = robin.get(url(robin, q=10)).content.decode()
    note = page[page.index('class="crisis-note"') :]
    assert note.index("get help now") < note.index("Northside crisis line")
    assert note.index("Northside crisis line") < note.index("Who sees your answer")
    assert "even though you have not sent your answers yet" in note
    assert "the next time they look at OpenIPT" in note
    assert "Nobody watches OpenIPT day and night" in note
    assert "within 2 working days, a senior colleague in the service is emailed" in note
    assert "OpenIPT does not contact emergency services" in note
    assert "has been told" not in page and "will follow it up" not in page


def test_no_mail_is_promised_when_nobody_would_be_told(robin, people):
    people.owner.supervisor = None
    people.owner.save()
    answer(robin, 9, 1)
    page = robin.get(url(robin, q=10)).content.decode()
    assert "Nobody watches OpenIPT day and night" in page
    assert "is emailed" not in page


def test_the_page_after_sending_a_safety_answer_leads_with_help(robin, people):
    for number in range(1, 9):
        answer(robin, number, 0)
    answer(robin, 9, 3)
    done = answer(robin, 10, _first_option(10))
    page = robin.get(done.url).content.decode()
    body = page[page.index("<h1>") :]
    assert body.index("get help now") < body.index("Help you can get now")
    assert body.index("Help you can get now") < body.index("Who sees your answer")
    assert "the next time they look at OpenIPT" in body
    assert "even though you have not sent" not in body
