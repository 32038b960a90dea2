"""The assertive statement builder: preview without JavaScript, live preview with htmx."""

from django.urls import reverse

from openipt.worksheets.models import AssertiveStatement
from openipt.worksheets.statements import assemble

PARTS = {
    "feeling": "hurt",
    "situation": "plans change at the last minute",
    "reason": "I have set the evening aside",
    "preference": "a day's notice.",
}


def test_assemble_builds_the_sentence_and_marks_missing_parts():
    assert assemble(**PARTS) == (
        "I feel hurt when plans change at the last minute because I have set the evening "
        "aside. I would prefer a day's notice."
    )
    assert assemble("sad", "", "", "") == "I feel sad when … because …. I would prefer …."


def test_without_javascript_the_preview_shows_on_submit(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:statements", args=[people.episode.pk])
    page = client.post(url, {**PARTS, "preview": "1"}).content.decode()
    assert "I feel hurt when plans change at the last minute" in page
    assert not AssertiveStatement.objects.exists()
    assert 'hx-post="' + reverse("clinic:statement_preview", args=[people.episode.pk]) in page


def test_htmx_gets_only_the_preview_partial(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:statement_preview", args=[people.episode.pk])
    response = client.post(url, {"feeling": "anxious"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.strip().startswith('<div id="statement-preview"')
    assert "I feel anxious when …" in page and "<html" not in page


def test_saving_needs_all_four_parts(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:statements", args=[people.episode.pk])
    response = client.post(url, {**PARTS, "reason": "", "save": "1"})
    assert response.status_code == 400
    assert not AssertiveStatement.objects.exists()
    assert client.post(url, {**PARTS, "save": "1"}).status_code == 302
    saved = AssertiveStatement.objects.get()
    assert saved.sentence.startswith("I feel hurt")
    assert saved.sentence in client.get(url).content.decode().replace("&#x27;", "'")
