import pytest
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.portal.self_assessment import NO, NOT_SURE, QUESTIONS, YES, assess

FIT = [q.key for q in QUESTIONS if q.kind == "fit"]
OTHER = [q.key for q in QUESTIONS if q.kind == "other"]


def answers(yes=(), **others):
    return dict.fromkeys(yes, YES) | others


@pytest.mark.parametrize(
    ("given", "suggestion", "help_now"),
    [
        ({}, "talk_it_through", False),
        (answers(FIT[:1]), "talk_it_through", False),
        (answers(FIT[:2]), "may_suit", False),
        (answers(FIT), "may_suit", False),
        (answers(FIT[:2] + OTHER[:1]), "talk_it_through", False),
        (answers(FIT[:1] + OTHER[:1]), "other_first", False),
        (answers(OTHER[:1]), "other_first", False),
        (answers(FIT[:3] + OTHER[:3]), "other_first", False),
        (answers(["safety_now"]), "talk_it_through", True),
        (answers(["safety_now"] + FIT), "may_suit", True),
        (dict.fromkeys(FIT + OTHER, NOT_SURE), "talk_it_through", False),
        (dict.fromkeys(FIT + OTHER, NO), "talk_it_through", False),
    ],
)
def test_assessment_rules(given, suggestion, help_now):
    result = assess(given)
    assert result.suggestion == suggestion
    assert result.needs_help_now is help_now


def test_reasons_name_the_questions_answered_yes():
    result = assess(answers([FIT[0], OTHER[1]]))
    assert result.fit_reasons == (FIT[0],)
    assert result.other_reasons == (OTHER[1],)


def test_public_page_shows_crisis_help_and_stores_nothing(client, db):

    url = reverse("portal:self_assessment")
    assert client.get(url).status_code == 200
    page = client.post(url, answers(["safety_now"] + FIT)).content.decode()
    assert "Please get help now" in page
    assert "999" in page
    assert "may suit you" in page
    assert "not a diagnosis" in page
    assert AuditEvent.objects.count() == 0


def test_crisis_page_shows_the_clients_organisation_lines(people, client):
    organisation = people.client.organisation
    organisation.crisis_phone_numbers = "Night line: 0800 000 111"
    organisation.save()
    client.force_login(people.client_user)
    page = client.get(reverse("portal:crisis")).content.decode()
    assert "Night line: 0800 000 111" in page
    client.logout()
    anonymous = client.get(reverse("portal:crisis")).content.decode()
    assert "Night line" not in anonymous and "999" in anonymous


def test_every_portal_page_links_to_help(people, client):
    client.force_login(people.client_user)
    for name in ("portal:home", "accounts:account"):
        assert reverse("portal:crisis") in client.get(reverse(name)).content.decode()
