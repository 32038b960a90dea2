"""Every worksheet prints blank (prompts and answer space) and as a completed record."""

import io
from datetime import date

import pypdfium2
import pytest
from django.urls import reverse

from openipt.worksheets import actions, definitions

from .builders import CONVERSATION, assign


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(io.BytesIO(response.content))
    image = document[0].render(scale=1).to_pil().convert("L")
    low, high = image.getextrema()
    assert low < 128 and high == 255, "the first page is blank"
    return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def flat(text):
    return " ".join(str(text).split())


@pytest.mark.parametrize("code", sorted(definitions.ALL))
def test_every_blank_worksheet_pdf_has_its_prompts(people, client, code):
    definition = definitions.get(code)
    client.force_login(people.owner)
    response = client.get(reverse("clinic:worksheet_blank_pdf", args=[code]))
    assert response["Content-Disposition"].startswith(f'attachment; filename="{code}-blank-')
    text = flat(pdf_text(response))
    assert str(definition.name) in text and "Name:" in text
    for field in definition.fields:
        assert flat(field.label) in text
    if any(f.kind == "rating" for f in definition.fields):
        assert "0 1 2 3 4 5 6 7 8 9 10" in text


def test_the_blank_print_page_leaves_answer_space(people, client):
    client.force_login(people.owner)
    page = client.get(
        reverse("clinic:worksheet_blank", args=["relapse_prevention"])
    ).content.decode()
    assert 'class="ws-lines"' in page and "My early warning signs" in page
    assert client.get(reverse("clinic:worksheet_blank", args=["nope"])).status_code == 404


def test_completed_homework_pdf_has_the_answers_and_comments(people, client):
    homework = actions.submit_homework(people.client_user, assign(people), CONVERSATION)
    actions.comment_on_homework(people.owner, homework, text="Lovely opening line.")
    for user, name in (
        (people.owner, "clinic:homework_pdf"),
        (people.client_user, "portal:homework_pdf"),
    ):
        client.force_login(user)
        text = flat(pdf_text(client.get(reverse(name, args=[homework.pk]))))
        assert "Agree how we share looking after Dad." in text
        assert "He may get defensive" in text and "6 out of 10" in text
        assert "Lovely opening line." in text


def test_a_task_prints_too(people, client):
    homework = assign(people, worksheet="", title="Call one friend")
    client.force_login(people.client_user)
    text = flat(pdf_text(client.get(reverse("portal:homework_pdf", args=[homework.pk]))))
    assert "Call one friend" in text and "What I did and how it went" in text


def test_the_relapse_plan_pdf(people, client):
    plan = actions.save_relapse_plan(
        people.owner,
        people.episode,
        {"warning_signs": ["Sleeping badly"]},
        booster_on=date(2027, 3, 1),
    )
    client.force_login(people.client_user)
    text = flat(pdf_text(client.get(reverse("portal:relapse_plan_pdf", args=[plan.pk]))))
    assert "Sleeping badly" in text and "1 March 2027" in text
    client.force_login(people.another_client_user)
    assert client.get(reverse("portal:relapse_plan_pdf", args=[plan.pk])).status_code == 404
