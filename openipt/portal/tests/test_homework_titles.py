"""A homework set from a worksheet is named in the reader's language wherever the portal
shows it (issue 16): the home page's to-do list, its latest comments and the "My data" PDF.
A title the clinician wrote stays as written."""

import pytest
from django.urls import reverse

from openipt.worksheets.actions import comment_on_homework
from openipt.worksheets.tests.builders import assign
from openipt.worksheets.tests.test_pdf import flat, pdf_text

NAMES = {"nl": "Gesprek voorbereiden", "fr": "Préparation d&#x27;une conversation"}


def reading_in(client, user, language):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)


@pytest.mark.parametrize("language", sorted(NAMES))
def test_the_portal_home_names_homework_in_the_clients_language(people, client, language):
    homework = assign(people, worksheet="conversation_prep")
    assign(people, worksheet="conversation_prep", title="Talking to Jo")
    comment_on_homework(people.owner, homework, text="Well done.")
    reading_in(client, people.client_user, language)
    page = client.get(reverse("portal:home")).content.decode()
    todo = page[page.index('href="/portal/homework/') :]
    assert todo.count(NAMES[language]) >= 2  # to do, and the comment's homework
    assert "Conversation preparation" not in page and "Talking to Jo" in page


@pytest.mark.parametrize("language", sorted(NAMES))
def test_the_my_data_pdf_names_homework_in_the_clients_language(people, client, language):
    assign(people, worksheet="conversation_prep")
    reading_in(client, people.client_user, language)
    text = flat(pdf_text(client.get(reverse("portal:my_data_pdf"))))
    assert NAMES[language].replace("&#x27;", "'") in text
    assert "Conversation preparation" not in text
