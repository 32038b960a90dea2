"""No names in FHIR exports: every export is scanned for the names and usernames of every
person the tests and the demo know (openipt/testing/people.py; openipt/demo/build.py STAFF
and CLIENTS). Clients are exported by their pseudonymous reference, staff by a stable
pseudonymous identifier (docs/measures.md, FHIR export)."""

import json
import re
from contextlib import suppress
from datetime import date

import pytest
from django.db import transaction

from openipt.accounts.models import User
from openipt.caseload.models import Client
from openipt.demo import build as demo
from openipt.fhir.questionnaire_response import (
    administration_bundle,
    client_identifier_system,
    staff_identifier_system,
)
from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import MeasureAdministration, Respondent
from openipt.measures.tests.builders import answers_totalling
from openipt.portal import my_data
from openipt.protocol.tests.builders import course_with_sessions
from openipt.testing.people import make_people

PHQ9 = QUESTIONNAIRES["phq9"]


class Rollback(Exception):
    pass


def names_in_database():
    """First, last and full names and usernames of every user, and every client's names."""
    names = set()
    for user in User.objects.all():
        names |= {user.first_name, user.last_name, user.get_full_name(), user.username}
    for client in Client.objects.all():
        names |= {client.given_name, client.family_name, client.full_name}
    return names


def demo_names():
    names = set()
    for username, first, last, *_ in demo.STAFF:
        names |= {username, first, last, f"{first} {last}"}
    for given, family, *_, login in demo.CLIENTS:
        names |= {given, family, f"{given} {family}"} | ({login} if login else set())
    return names


def names_of_the_test_people():
    """The named test people's names, read in a change that is then rolled back."""
    names = set()
    with suppress(Rollback), transaction.atomic():
        make_people()
        names = names_in_database()
        raise Rollback
    return names


def everyone(*more):
    names = demo_names() | names_in_database()
    for extra in more:
        names |= extra
    return sorted(name for name in names if name)


def strip_identifier_systems(text):
    """The identifier systems name the organisation and the kind of identifier
    ("...:client-reference", "...:staff"); they hold no person, but the demo's usernames
    include the word "client", so they are taken out before the scan."""
    for slug in ("northside", "southside", demo.DEMO_ORGANISATION[1]):
        for system in (client_identifier_system(slug), staff_identifier_system(slug)):
            text = text.replace(system, "")
    return text


def names_found(export, names):
    text = strip_identifier_systems(json.dumps(export))
    return [
        name
        for name in names
        if re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text, re.IGNORECASE)
    ]


@pytest.mark.django_db
def test_the_scan_knows_every_person_and_finds_a_name():
    names = everyone(names_of_the_test_people())
    for expected in ("Robin", "Example", "owner", "Owner Tester", "Tara Mensah", "client2"):
        assert expected in names
    assert names_found({"author": {"display": "Tara Mensah"}}, names) == [
        "Mensah",
        "Tara",
        "Tara Mensah",
    ]
    assert names_found({"author": {"display": "ROBIN"}}, names) == ["Robin", "robin"]


@pytest.mark.django_db
def test_no_export_of_the_test_people_holds_a_name(people):
    names = everyone()
    exports = {}
    for respondent in Respondent:
        administration = actions.record_administration(
            people.owner,
            people.episode,
            "phq9",
            answers_totalling(PHQ9, 12, q9=1),
            administered_on=date(2026, 9, 15),
            respondent=respondent,
        )
        exports[respondent.value] = administration_bundle(administration, client=people.client)
    # Sent by the client from the portal: the client is the author.
    session = course_with_sessions(people.owner, people.episode, recorded=4, scheduled=6)
    session = session.episode.sessions.get(number=5)
    sent = actions.finish_questionnaire(
        people.client_user, people.client, session, "phq9", answers_totalling(PHQ9, 9, q10=1)
    )
    exports["portal"] = administration_bundle(sent, client=people.client)
    response = exports["portal"]["entry"][0]["resource"]
    assert response["author"] == response["subject"] == response["source"]
    assert response["author"]["identifier"]["value"] == people.client.reference
    exports["my data"] = my_data.export(my_data.collect(people.client))["fhir_bundle"]
    assert len(exports["my data"]["entry"]) == 1 + 2 * 4
    for kind, export in exports.items():
        assert names_found(export, names) == [], kind


@pytest.mark.django_db
def test_no_export_of_the_demo_holds_a_name(capsys, monkeypatch):
    # A few of the demo's past courses: each is built like the rest (tests/test_demo_data.py
    # builds them all).
    monkeypatch.setattr(demo, "HISTORY_COURSES", 4)
    # The test people and the demo share usernames, so the test people's names are read
    # first, in a change that is rolled back.
    people_names = names_of_the_test_people()
    demo.build()
    names = everyone(people_names)
    administrations = list(
        MeasureAdministration.objects.select_related("episode__client", "organisation")
    )
    assert administrations
    for administration in administrations:
        export = administration_bundle(administration, client=administration.episode.client)
        assert names_found(export, names) == [], administration.pk
    for client in Client.objects.filter(user__isnull=False):
        export = my_data.export(my_data.collect(client))["fhir_bundle"]
        assert names_found(export, names) == [], client.reference


def test_staff_are_exported_by_a_stable_pseudonym(people):
    administration = actions.record_administration(
        people.owner,
        people.episode,
        "gad7",
        answers_totalling(QUESTIONNAIRES["gad7"], 3),
        administered_on=date(2026, 9, 15),
        respondent=Respondent.CLINICIAN_RATED,
    )
    response = administration_bundle(administration, client=people.client)["entry"][0]["resource"]
    author = response["author"]
    assert author["type"] == "Practitioner"
    assert author["identifier"]["system"] == "urn:openipt:northside:staff"
    assert response["source"] == author
    again = administration_bundle(administration, client=people.client)["entry"][0]["resource"]
    assert again["author"] == author
    other = actions.record_administration(
        people.unrelated,
        people.another_client.episodes.get(),
        "gad7",
        answers_totalling(QUESTIONNAIRES["gad7"], 3),
        administered_on=date(2026, 9, 15),
        respondent=Respondent.CLINICIAN_RATED,
    )
    theirs = administration_bundle(other, client=people.another_client)["entry"][0]["resource"]
    assert theirs["author"]["identifier"]["value"] != author["identifier"]["value"]
