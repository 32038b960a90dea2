"""Trajectories on the pages, and the PDF progress report with the same chart."""

import io
from datetime import timedelta

import pypdfium2
import pytest
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import Respondent
from openipt.measures.queries import chart_title
from openipt.measures.tests.builders import answers_totalling
from openipt.measures.tests.test_record_measure import make_session

PHQ9_TOTALS = [19, 18, 18, 16, 15, 13, 12, 10, 9, 7, 6, 5]


def record(people, code, total, session=None, on=None):
    return actions.record_administration(
        people.owner,
        people.episode,
        code,
        answers_totalling(QUESTIONNAIRES[code], total),
        administered_on=on or session.held_on,
        respondent=Respondent.CLIENT_IN_SESSION,
        session=session,
    )


@pytest.fixture
def twelve_phq9(people):
    episode = people.episode
    for number, total in enumerate(PHQ9_TOTALS, start=1):
        record(people, "phq9", total, session=make_session(episode, number))
    return episode


def pdf_pages(content):
    return pypdfium2.PdfDocument(io.BytesIO(content))


def test_the_episode_page_shows_the_chart_table_and_outcome(people, client, twelve_phq9):
    client.force_login(people.owner)
    page = client.get(reverse("clinic:episode", args=[twelve_phq9.pk])).content.decode()
    assert page.count("<svg") == 1
    assert f'<title id="chart-{twelve_phq9.pk}-phq9-title">{chart_title("PHQ-9")}</title>' in page
    assert 'role="img"' in page
    # The table alternative has every score.
    assert "<caption>PHQ-9 scores, oldest first</caption>" in page
    assert page.count("of 27</td>") == 12
    # Outcome in words: 19 -> 5 is recovery with reliable improvement; 12 attended sessions.
    assert "Reliably recovered: PHQ-9 19 → 5" in page
    assert "12 attended sessions" in page


def test_the_client_page_shows_the_current_episodes_charts(people, client, twelve_phq9):
    record(people, "gad7", 9, on=twelve_phq9.opened_on)
    client.force_login(people.supervisor)
    page = client.get(reverse("clinic:client", args=[people.client.pk])).content.decode()
    assert page.count("<svg") == 2
    assert chart_title("PHQ-9") in page and chart_title("GAD-7") in page


def test_the_progress_report_pdf_contains_the_chart(people, client, twelve_phq9):
    client.force_login(people.owner)
    response = client.get(reverse("clinic:progress_report", args=[twelve_phq9.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="progress-report-')
    document = pdf_pages(response.content)
    first = document[0]
    image = first.render(scale=1).to_pil().convert("L")
    low, high = image.getextrema()
    assert low < 128 and high == 255, "the first page is blank"
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert chart_title("PHQ-9") in text
    assert "Reliably recovered: PHQ-9 19 → 5" in text
    assert AuditEvent.objects.filter(action="progress_report.downloaded").count() == 1


def test_the_chart_is_on_the_first_page_with_its_points(people, client, twelve_phq9):
    client.force_login(people.owner)
    response = client.get(reverse("clinic:progress_report", args=[twelve_phq9.pk]))
    first_page_text = pdf_pages(response.content)[0].get_textpage().get_text_range()
    assert chart_title("PHQ-9") in first_page_text
    # Point labels of the chart are real text in the PDF.
    for total in ("19", "13", "5"):
        assert total in first_page_text


def test_an_episode_without_measures_still_gives_a_report(people, client):
    client.force_login(people.supervisor)
    response = client.get(reverse("clinic:progress_report", args=[people.episode.pk]))
    text = pdf_pages(response.content)[0].get_textpage().get_text_range()
    assert "No measures were recorded in this episode." in text


def test_x_is_the_date_when_a_score_has_no_session(people, client, twelve_phq9):
    record(people, "phq9", 4, on=twelve_phq9.opened_on + timedelta(days=100))
    client.force_login(people.owner)
    page = client.get(reverse("clinic:episode", args=[twelve_phq9.pk])).content.decode()
    assert ">Date</text>" in page and ">Session</text>" not in page
