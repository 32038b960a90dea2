"""SRM-5 weeks: recorded through the grid, scored by instruments/srm5.py, audited."""

from django.urls import reverse

from openipt.audit.models import AuditEvent
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
