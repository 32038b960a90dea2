"""The error pages in the reader's language (issue 16): 404 and 403 drawn in the page
frame, 400, 500 and the CSRF failure page drawn without a request, each with the right
`<html lang>` and no English left."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

WORDS = {
    "nl": {
        404: "Pagina niet gevonden",
        403: "U hebt geen toegang tot deze pagina",
        "400.html": "Het verzoek kon niet worden begrepen",
        "500.html": "Er is iets misgegaan",
        "403_csrf.html": "Dit formulier kon niet worden verstuurd",
    },
    "fr": {
        404: "Page introuvable",
        403: "Vous n'avez pas accès à cette page",
        "400.html": "La requête n'a pas pu être comprise",
        "500.html": "Une erreur s'est produite",
        "403_csrf.html": "Ce formulaire n'a pas pu être envoyé",
    },
}
ENGLISH = ("Page not found", "You do not have access", "Something went wrong", "could not be")


def english_in(html):
    return [words for words in ENGLISH if words in html]


@pytest.mark.parametrize("language", sorted(WORDS))
def test_a_404_is_in_the_browsers_language(language, client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html and WORDS[language][404] in html
    assert english_in(html) == []


@pytest.mark.parametrize("language", sorted(WORDS))
def test_a_403_is_in_the_persons_language(language, people, client):
    people.client_user.language = language
    people.client_user.save(update_fields=["language"])
    client.force_login(people.client_user)
    response = client.get(reverse("clinic:caseload"))
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}">' in html and WORDS[language][403] in html
    assert english_in(html) == []


@pytest.mark.parametrize("language", sorted(WORDS))
@pytest.mark.parametrize("template", ["400.html", "500.html", "403_csrf.html"])
def test_the_pages_drawn_without_a_request_follow_the_active_language(template, language):
    with translation.override(language):
        html = render_to_string(template)
    assert f'<html lang="{language}">' in html and WORDS[language][template] in html
    assert english_in(html) == []


def test_a_refused_form_shows_the_csrf_page_in_the_browsers_language(db):
    checking = Client(enforce_csrf_checks=True)
    response = checking.post(reverse("accounts:login"), {}, HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="fr">' in html and WORDS["fr"]["403_csrf.html"] in html
