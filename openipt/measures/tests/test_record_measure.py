"""Recording a measure through the page and the action: scores, flags, audit, refusals."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openipt.audit.models import AuditEvent
from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.instruments.base import InvalidAnswers
from openipt.measures.models import MeasureAdministration, Respondent, RiskFlag
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol.models import Session

TODAY = date.today().isoformat()


def record_url(people, instrument="phq9"):
    return reverse("clinic:measure_new", args=[people.episode.pk]) + f"?instrument={instrument}"


def post_data(answers, **extra):
    data = {"administered_on": TODAY, "respondent": Respondent.CLIENT_IN_SESSION, "session": ""}
    data.update({f"item_{key}": "" if v is None else str(v) for key, v in answers.items()})
    data.update(extra)
    return data


def counts():
    return (
        MeasureAdministration.objects.count(),
        RiskFlag.objects.count(),
        AuditEvent.objects.count(),
    )


def make_session(episode, number, attendance="attended"):
    day = episode.opened_on + timedelta(days=7 * (number - 1))
    return Session.objects.create(
        episode=episode,
        number=number,
        scheduled_for=timezone.make_aware(datetime(day.year, day.month, day.day, 10)),
        held_on=day if attendance == "attended" else None,
        attendance=attendance,
    )


def test_the_chooser_offers_the_questionnaires_but_not_phqa_by_default(people, client):
    client.force_login(people.owner)
    page = client.get(reverse("clinic:measure_new", args=[people.episode.pk])).content.decode()
    for name in ("PHQ-9", "GAD-7", "WSAS"):
        assert name in page
    assert "PHQ-A" not in page
    # Asking for PHQ-A by URL shows the chooser again, not the form.
    page = client.get(record_url(people, "phqa")).content.decode()
    assert 'name="item_q1"' not in page


def test_phqa_is_offered_when_the_deployment_turns_it_on(people, client, settings):
    settings.OPENIPT_SHOW_PHQA = True
    client.force_login(people.owner)
    page = client.get(record_url(people, "phqa")).content.decode()
    assert 'name="item_serious_thoughts_past_month"' in page


@pytest.mark.parametrize("code", ["phq9", "gad7", "wsas"])
def test_the_form_has_one_labelled_radio_group_per_item(people, client, code):
    client.force_login(people.owner)
    page = client.get(record_url(people, code)).content.decode()
    definition = QUESTIONNAIRES[code]
    assert page.count('<fieldset class="question') == len(definition.items) + 1  # + respondent
    for item in definition.items:
        assert (item.text or item.label) in page.replace("&#x27;", "'")
        for position in range(len(item.options)):
            assert f'for="id_item_{item.key}_{position}"' in page


def test_phq9_shows_the_full_published_wording(people, client):
    client.force_login(people.owner)
    page = client.get(record_url(people)).content.decode()
    assert "Thoughts that you would be better off dead or of hurting yourself in some way" in page
    assert "Over the last 2 weeks, how often have you been bothered" in page


def test_recording_a_phq9_scores_it_and_audits_it(people, client):
    client.force_login(people.owner)
    answers = answers_totalling(QUESTIONNAIRES["phq9"], 14)
    response = client.post(record_url(people), post_data(answers))
    administration = MeasureAdministration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("clinic:measure", args=[administration.pk])
    assert (administration.total, administration.band) == (14, "moderate")
    assert administration.instrument_version == "1"
    assert administration.recorded_by == people.owner
    assert administration.respondent == Respondent.CLIENT_IN_SESSION
    assert not administration.prorated and RiskFlag.objects.count() == 0
    event = AuditEvent.objects.get(action="measure.recorded")
    assert (event.actor, event.client, event.object_id) == (
        people.owner,
        people.client,
        str(administration.pk),
    )


def test_item_9_raises_a_flag_in_the_same_transaction(people, client):
    client.force_login(people.owner)
    answers = answers_totalling(QUESTIONNAIRES["phq9"], 3, q9=1)
    client.post(record_url(people), post_data(answers))
    flag = RiskFlag.objects.get()
    assert flag.is_open
    assert (flag.item_key, flag.answer_value, flag.answer_label) == ("q9", "1", "Several days")
    assert flag.client == people.client and flag.episode == people.episode
    assert AuditEvent.objects.filter(action="risk_flag.raised", object_id=str(flag.pk)).exists()


def test_a_flag_is_never_written_without_its_administration(people, monkeypatch):
    # If raising the flag fails, the administration is rolled back with it.
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "_raise_flags", broken)
    answers = answers_totalling(QUESTIONNAIRES["phq9"], 3, q9=2)
    with pytest.raises(RuntimeError):
        actions.record_administration(
            people.owner,
            people.episode,
            "phq9",
            answers,
            administered_on=date.today(),
            respondent=Respondent.CLIENT_AT_HOME,
        )
    assert counts() == (0, 0, 0)


def test_a_phqa_suicide_item_yes_raises_a_flag(people, settings):
    answers = answers_totalling(QUESTIONNAIRES["phqa"], 0, attempt_ever="yes")
    actions.record_administration(
        people.owner,
        people.episode,
        "phqa",
        answers,
        administered_on=date.today(),
        respondent=Respondent.CLIENT_IN_SESSION,
    )
    flag = RiskFlag.objects.get()
    assert (flag.item_key, flag.answer_label, flag.reason) == (
        "attempt_ever",
        "Yes",
        "suicide_item_yes",
    )


def test_the_flag_stays_open_after_a_later_score_without_the_answer(people):
    def phq9(total, **overrides):
        return actions.record_administration(
            people.owner,
            people.episode,
            "phq9",
            answers_totalling(QUESTIONNAIRES["phq9"], total, **overrides),
            administered_on=date.today(),
            respondent=Respondent.CLIENT_IN_SESSION,
        )

    phq9(5, q9=1)
    phq9(0)
    assert RiskFlag.objects.get().is_open


# Every kind of invalid answer, for every instrument on the form: nothing is written.
INVALID = [
    ("phq9", {"q3": None}, "q3", "An answer is needed for “Sleep”."),
    ("phq9", {"q9": "7"}, "q9", "Select a valid choice."),
    ("gad7", {"q1": None, "q7": None}, "q7", "An answer is needed for “Fear”."),
    ("gad7", {"q2": "-1"}, "q2", "Select a valid choice."),
    ("wsas", {"work": None}, "work", "An answer is needed for “Work”."),
    ("wsas", {"close_relationships": "9"}, "close_relationships", "Select a valid choice."),
]


@pytest.mark.parametrize(("code", "overrides", "key", "message"), INVALID)
def test_invalid_answers_show_a_message_by_the_item_and_save_nothing(
    people, client, code, overrides, key, message
):
    client.force_login(people.owner)
    client.get(record_url(people, code))  # the blank form's own view event comes first
    before = counts()
    answers = answers_totalling(QUESTIONNAIRES[code], 0)
    answers.update(overrides)
    response = client.post(record_url(people, code), post_data(answers))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'id="id_item_{key}_error"' in page
    assert 'aria-invalid="true"' in page
    assert "nothing has been saved" in page
    assert counts() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("administered_on", "", "Enter the date the questionnaire was completed."),
        ("administered_on", "2999-01-01", "The date cannot be in the future."),
        ("respondent", "", "Say who answered the questionnaire."),
        ("respondent", "neighbour", "Select a valid choice."),
    ],
)
def test_missing_details_are_refused(people, client, field, value, message):
    client.force_login(people.owner)
    before = counts()
    answers = answers_totalling(QUESTIONNAIRES["phq9"], 20, q9=3)
    response = client.post(record_url(people), post_data(answers, **{field: value}))
    assert message in response.content.decode()
    assert counts() == before


def test_a_session_of_another_episode_is_refused(people, client):
    foreign = make_session(people.another_client.episodes.get(), 1)
    client.force_login(people.owner)
    answers = answers_totalling(QUESTIONNAIRES["phq9"], 4)
    response = client.post(record_url(people), post_data(answers, session=str(foreign.pk)))
    assert "Select a valid choice." in response.content.decode()
    assert MeasureAdministration.objects.count() == 0
    with pytest.raises(ValueError, match="another episode"):
        actions.record_administration(
            people.owner,
            people.episode,
            "phq9",
            answers,
            administered_on=date.today(),
            respondent=Respondent.CLIENT_IN_SESSION,
            session=foreign,
        )


def test_a_measure_can_be_tied_to_a_session(people, client):
    session = make_session(people.episode, 3)
    client.force_login(people.owner)
    answers = answers_totalling(QUESTIONNAIRES["gad7"], 9)
    page = client.get(record_url(people, "gad7")).content.decode()
    assert "Session 3 (" in page
    client.post(record_url(people, "gad7"), post_data(answers, session=str(session.pk)))
    assert MeasureAdministration.objects.get().session == session


def test_the_action_refuses_invalid_answers_before_writing(people):
    with pytest.raises(InvalidAnswers) as refused:
        actions.record_administration(
            people.owner,
            people.episode,
            "phq9",
            {"q1": 1},
            administered_on=date.today(),
            respondent=Respondent.CLIENT_IN_SESSION,
        )
    assert "q9" in refused.value.errors
    assert counts() == (0, 0, 0)


def test_srm5_is_not_a_questionnaire_the_action_records(people):
    with pytest.raises(KeyError):
        actions.record_administration(
            people.owner,
            people.episode,
            "srm5",
            {},
            administered_on=date.today(),
            respondent=Respondent.CLIENT_AT_HOME,
        )


class TestProration:
    def answers_with_gap(self, *missing):
        # Every item of 1-9 at 1 ("Several days"), so 8 answered items total 8.
        answers = {f"q{number}": 1 for number in range(1, 10)}
        for key in missing:
            answers[key] = None
        return answers

    def test_off_by_default_a_gap_is_refused(self, people, client):
        client.force_login(people.owner)
        response = client.post(record_url(people), post_data(self.answers_with_gap("q1")))
        assert "An answer is needed for “Interest or pleasure”." in response.content.decode()
        assert MeasureAdministration.objects.count() == 0

    def test_when_the_organisation_allows_it_the_record_says_prorated(self, people, client):
        organisation = people.owner.organisation
        organisation.allow_phq9_proration = True
        organisation.save()
        client.force_login(people.owner)
        assert "allows proration" in client.get(record_url(people)).content.decode()
        response = client.post(
            record_url(people), post_data(self.answers_with_gap("q1")), follow=True
        )
        administration = MeasureAdministration.objects.get()
        assert administration.prorated
        assert administration.total == 9  # 8 points over 8 items, times 9 items
        assert administration.notes and administration.notes[0].startswith("Prorated")
        assert "prorated" in response.content.decode()
        episode_page = client.get(reverse("clinic:episode", args=[people.episode.pk]))
        assert "prorated" in episode_page.content.decode()

    def test_three_gaps_are_refused_even_with_proration(self, people, client):
        organisation = people.owner.organisation
        organisation.allow_phq9_proration = True
        organisation.save()
        client.force_login(people.owner)
        answers = self.answers_with_gap("q1", "q2", "q3")
        response = client.post(record_url(people), post_data(answers))
        assert "Proration allows at most 2" in response.content.decode()
        assert MeasureAdministration.objects.count() == 0

    def test_an_unanswered_item_9_under_proration_still_raises_a_flag(self, people, client):
        organisation = people.owner.organisation
        organisation.allow_phq9_proration = True
        organisation.save()
        client.force_login(people.owner)
        client.post(record_url(people), post_data(self.answers_with_gap("q9")))
        flag = RiskFlag.objects.get()
        assert (flag.reason, flag.answer_label) == ("self_harm_item_unanswered", "not answered")


def test_viewing_the_form_and_the_result_is_audited(people, client):
    client.force_login(people.supervisor)
    administration = actions.record_administration(
        people.owner,
        people.episode,
        "wsas",
        {
            "work": "na",
            "home_management": 4,
            "social_leisure": 2,
            "private_leisure": 0,
            "close_relationships": 6,
        },
        administered_on=date.today(),
        respondent=Respondent.CLINICIAN_RATED,
    )
    page = client.get(reverse("clinic:measure", args=[administration.pk])).content.decode()
    assert "Total over 4 items" in page
    assert "Not applicable" in page
    event = AuditEvent.objects.get(action="measure.viewed")
    assert (event.actor, event.client) == (people.supervisor, people.client)
    client.force_login(people.owner)
    client.get(record_url(people))
    assert AuditEvent.objects.filter(action="measure.form_viewed", actor=people.owner).exists()


def test_a_proration_change_while_the_form_is_open_saves_nothing(people, client, monkeypatch):
    # The form is built while proration is allowed; by the time the action scores, it is not.
    answers_given = iter([True, False])
    monkeypatch.setattr(actions, "prorates", lambda organisation, code: next(answers_given))
    client.force_login(people.owner)
    answers = {f"q{number}": 1 for number in range(1, 10)} | {"q2": None}
    response = client.post(record_url(people), post_data(answers))
    assert response.status_code == 200
    assert "An answer is needed for “Low mood”." in response.content.decode()
    assert counts() == (0, 0, 0)


def test_a_missing_answer_is_refused_in_the_readers_language(people, client):
    """The instrument's message reaches the page as it is: it is translated where made."""
    people.owner.language = "nl"
    people.owner.save(update_fields=["language"])
    client.force_login(people.owner)
    answers = {**answers_totalling(QUESTIONNAIRES["phq9"], 10), "q3": None}
    page = client.post(record_url(people), post_data(answers)).content.decode()
    assert "Er is een antwoord nodig op “Sleep”." in page
    assert "An answer is needed" not in page
