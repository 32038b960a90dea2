"""Languages in the browser (docs/languages.md): a Dutch-speaking client accepts an
invitation and completes the PHQ-9 on a phone, in English with the note in Dutch (no
official Dutch text is held: docs/instruments.md, "Translations"), and the clinician's
page shows the language it was asked in; a French-speaking visitor takes the public
self-assessment in French. Every page visited passes the axe scan in its language."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from openipt.accounts.actions import invite_client
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import MeasureAdministration
from openipt.protocol.tests.builders import course_with_sessions
from openipt.testing.people import make_client

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
NEW_PASSWORD = "een-nieuw-wachtwoord-voor-jo-7"
PHQ9 = QUESTIONNAIRES["phq9"]


def test_a_dutch_client_accepts_the_invitation_and_answers_the_phq9_on_a_phone(
    page, new_page, browser_people, sign_in, assert_accessible
):
    owner = browser_people.owner
    jo = make_client(owner, "Jo")
    episode = jo.episodes.get()
    course_with_sessions(owner, episode, recorded=4, scheduled=6)  # session 5 is next
    _, token = invite_client(owner, jo, language="nl")

    phone = new_page(viewport=PHONE_390)  # the browser asks for English: the invitation wins
    phone.goto(f"/portal/invitation/{token}/")
    expect(phone.locator("html")).to_have_attribute("lang", "nl")
    expect(phone.get_by_role("heading", name="Welkom, Jo")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Gebruikersnaam").fill("jo.nl")
    phone.get_by_label(re.compile(r"^Wachtwoord \(verplicht\)")).fill(NEW_PASSWORD)
    phone.get_by_label("Wachtwoord nogmaals").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Mijn account aanmaken").click()
    phone.wait_for_url("**/portal/")
    expect(phone.locator("html")).to_have_attribute("lang", "nl")
    expect(phone.get_by_text("Uw account is klaar.")).to_be_visible()

    phone.goto(reverse("portal:questionnaire", args=[episode.pk, "phq9"]))
    expect(phone.get_by_text("Deze vragenlijst wordt in het Engels gesteld")).to_be_visible()
    for number, item in enumerate(PHQ9.items, start=1):
        expect(phone.get_by_text(f"Vraag {number} van {len(PHQ9.items)}")).to_be_visible()
        if number in (1, 10):
            assert_accessible(phone)
        answer = item.options[0].label if item.key in ("q9", "q10") else "Several days"
        phone.get_by_label(answer, exact=True).check()
        phone.get_by_role(
            "button", name=re.compile("^(Volgende|Mijn antwoorden versturen)$")
        ).click()
    phone.wait_for_url("**/questionnaires/sent/**")
    administration = MeasureAdministration.objects.get(episode=episode)
    assert administration.language == "en" and administration.total == 8

    # Her progress in Dutch: the chart's title and the band names are hers, the scores table
    # too; the page passes the scan with the chart drawn for a phone.
    phone.goto(reverse("portal:progress"))
    expect(phone.get_by_role("heading", name="Mijn voortgang", exact=True)).to_be_visible()
    expect(phone.get_by_role("table", name="Uw PHQ-9-scores")).to_contain_text(
        "Enkele tekenen van depressie"
    )
    assert_accessible(phone)

    sign_in(page, owner)
    page.goto(reverse("clinic:measure", args=[administration.pk]))
    expect(page.locator("dd", has_text="English")).to_be_visible()
    assert_accessible(page)
    # A Dutch-speaking clinician reads the same record in Dutch; the questions and answers
    # stay in the English they were asked in, marked as English for screen readers.
    owner.language = "nl"
    owner.save(update_fields=["language"])
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("dt", has_text="Afgenomen in")).to_be_visible()
    expect(page.locator("dd", has_text="Engels")).to_be_visible()
    expect(page.locator("dd", has_text="licht")).to_be_visible()  # the band, "mild"
    expect(page.locator('td span[lang="en"]').first).to_be_visible()
    assert_accessible(page)


def test_a_french_visitor_takes_the_self_assessment_in_french(new_page, assert_accessible):
    visitor = new_page(viewport=PHONE_390, locale="fr-FR")
    visitor.goto(reverse("portal:self_assessment"))
    expect(visitor.locator("html")).to_have_attribute("lang", "fr")
    expect(
        visitor.get_by_role(
            "heading", name="La thérapie interpersonnelle est-elle faite pour moi ?"
        )
    ).to_be_visible()
    assert_accessible(visitor)
    question = visitor.get_by_role(
        "group", name=re.compile("^Avez-vous vécu récemment un grand changement")
    )
    question.get_by_label("Oui").check()
    visitor.get_by_role("button", name="Voir ce que mes réponses suggèrent").click()
    expect(visitor.get_by_text("Vous avez répondu à 1 question sur dix.")).to_be_visible()
    assert_accessible(visitor)
    visitor.goto(reverse("portal:crisis"))
    expect(visitor.get_by_role("heading", name="Trouver de l'aide maintenant")).to_be_visible()
    assert_accessible(visitor)
