"""SRM-5 weeks: recorded through the grid, scored by instruments/srm5.py, audited."""

from datetime import date

from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.measures import charts
from openipt.measures.models import RhythmWeek

REGULAR = {"out_of_bed": "07:00", "dinner": "18:30", "to_bed": "23:00"}


def grid(times_by_activity, days=range(7), week_starting="2026-11-16"):
    data = {"week_starting": week_starting}
    for activity, moment in times_by_activity.items():
        for day in days:
            data[f"{activity}_{day}"] = moment
    return data


def test_a_regular_week_scores_seven(people, client):
    client.force_login(people.owner)
    response = client.post(
        reverse("clinic:rhythm_week_new", args=[people.episode.pk]), grid(REGULAR)
    )
    assert response.status_code == 302
    week = RhythmWeek.objects.get()
    assert (week.score, week.qualifying_activities, week.hits) == (7.0, 3, 21)
    assert week.times["out_of_bed"][0] == "07:00" and week.times["first_contact"][0] is None
    assert AuditEvent.objects.filter(action="rhythm_week.recorded").count() == 1
    page = client.get(reverse("clinic:rhythm_weeks", args=[people.episode.pk])).content.decode()
    assert "7.0 of 7" in page


def test_activities_on_fewer_than_three_days_give_no_score(people, client):
    client.force_login(people.owner)
    client.post(
        reverse("clinic:rhythm_week_new", args=[people.episode.pk]), grid(REGULAR, days=[0, 1])
    )
    week = RhythmWeek.objects.get()
    assert week.score is None and week.qualifying_activities == 0
    assert "no score" in week.score_text


def test_bad_times_or_an_empty_week_save_nothing(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:rhythm_week_new", args=[people.episode.pk])
    empty = client.post(url, {"week_starting": "2026-11-16"}).content.decode()
    assert "Enter at least one time for the week." in empty
    bad = client.post(url, grid({"dinner": "25:99"})).content.decode()
    assert "Enter a valid time." in bad
    assert not RhythmWeek.objects.exists()
    assert not AuditEvent.objects.filter(action="rhythm_week.recorded").exists()


def test_the_supervisor_sees_weeks_but_cannot_record(people, client):
    client.force_login(people.supervisor)
    assert client.get(reverse("clinic:rhythm_weeks", args=[people.episode.pk])).status_code == 200
    url = reverse("clinic:rhythm_week_new", args=[people.episode.pk])
    assert client.post(url, grid(REGULAR)).status_code == 403


def test_the_weeks_are_charted_over_time_with_a_text_alternative(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:rhythm_week_new", args=[people.episode.pk])
    client.post(url, grid(REGULAR, week_starting="2026-11-02"))
    client.post(
        url, grid({**REGULAR, "dinner": "21:30"}, days=[0, 1, 2], week_starting="2026-11-09")
    )
    client.post(url, grid(REGULAR, days=[0, 1], week_starting="2026-11-16"))  # no score
    page = client.get(reverse("clinic:rhythm_weeks", args=[people.episode.pk])).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "style=" not in svg
    assert (
        "2 SRM-5 weeks from the week of 2 Nov 2026 to the week of 9 Nov 2026: first 7.0, "
        "last 3.0, lowest 3.0, highest 7.0. 1 week had no activity on 3 or more days, "
        "so no score." in svg
    )
    # The week itself: each activity's times, its usual time and which days were near it.
    assert "Times in the week from 16 November 2026" in page
    assert '18:30 <span class="badge badge-hit">usual</span>' in page


def test_the_chart_of_weekly_scores_is_pure_svg():
    points = [charts.week_point(date(2026, 11, 2), 4.56), charts.week_point(date(2026, 11, 9), 6)]
    svg = charts.regularity_svg(
        chart_id="r", title="T", description="D", points=points, max_score=7
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert ">4.6<" in svg and ">6<" in svg
    assert 'aria-labelledby="r-title r-desc"' in svg


def test_a_second_week_with_the_same_first_day_is_refused_by_its_field(people, client):
    client.force_login(people.owner)
    url = reverse("clinic:rhythm_week_new", args=[people.episode.pk])
    client.post(url, grid(REGULAR))
    response = client.post(url, grid(REGULAR))
    assert response.status_code == 400
    assert "A week starting on that date is already recorded." in response.content.decode()
    assert RhythmWeek.objects.count() == 1
