"""Worksheets and their PDFs in the reader's language (issue 16): the prompts are catalogue
entries, so a Dutch or French reader gets them, on the page and in the PDF, in their own
language; English readers keep the English wording."""

from datetime import date

import pytest
from django.urls import reverse

from openipt.worksheets.actions import save_relapse_plan

from .builders import assign
from .test_pdf import flat, pdf_text

BLANK = {
    "nl": ("Mijn vroege waarschuwingssignalen", "Naam:", "Pagina 1 van"),
    "fr": ("Mes signes d'alerte précoces", "Nom :", "Page 1 sur"),
}
PLAN = {
    "nl": ("Mijn terugvalpreventieplan", "Opfrisafspraak: 1 februari 2027", "Niet beantwoord"),
    "fr": (
        "Mon plan de prévention de la rechute",
        "Séance de rappel : 1 février 2027",
        "Sans réponse",
    ),
}


def reading_in(client, user, language):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)


@pytest.mark.parametrize("language", sorted(BLANK))
def test_a_blank_worksheet_pdf_is_printed_in_the_readers_language(people, client, language):
    reading_in(client, people.owner, language)
    url = reverse("clinic:worksheet_blank_pdf", args=["relapse_prevention"])
    text = flat(pdf_text(client.get(url, HTTP_ACCEPT_LANGUAGE=language)))
    for words in BLANK[language]:
        assert words in text
    assert "My early warning signs" not in text and "Page 1 of" not in text


@pytest.mark.parametrize("language", sorted(PLAN))
def test_the_relapse_prevention_plan_pdf_is_in_the_clients_language(people, client, language):
    plan = save_relapse_plan(
        people.owner,
        people.episode,
        {"warning_signs": ["Staying in bed"], "contacts": ["My sister, by phone"]},
        booster_on=date(2027, 2, 1),
    )
    reading_in(client, people.client_user, language)
    url = reverse("portal:relapse_plan_pdf", args=[plan.pk])
    text = flat(pdf_text(client.get(url, HTTP_ACCEPT_LANGUAGE=language)))
    for words in PLAN[language]:
        assert words in text
    assert "Staying in bed" in text  # the answers stay as written


def test_a_dutch_client_reads_the_worksheet_prompts_in_dutch(people, client):
    homework = assign(people, worksheet="conversation_prep")
    reading_in(client, people.client_user, "nl")
    page = client.get(reverse("portal:homework_detail", args=[homework.pk])).content.decode()
    assert "Met wie gaat u praten?" in page and "Hoe u het gesprek zou kunnen beginnen" in page
    assert "Naar mijn behandelaar sturen" in page
    assert "Who will you talk to?" not in page

    reading_in(client, people.client_user, "en-gb")
    page = client.get(reverse("portal:homework_detail", args=[homework.pk])).content.decode()
    assert "Who will you talk to?" in page


def test_a_worksheet_keeps_its_name_in_the_readers_language_a_written_title_stays(people, client):
    named = assign(people, worksheet="conversation_prep")  # the title is the sheet's name
    titled = assign(people, worksheet="conversation_prep", title="Talking to Jo")
    assert named.title == "Conversation preparation"
    reading_in(client, people.client_user, "fr")
    page = client.get(reverse("portal:homework")).content.decode()
    assert "Préparation d&#x27;une conversation" in page and "Talking to Jo" in page
    assert "Conversation preparation" not in page
    assert titled.shown_title == "Talking to Jo"
