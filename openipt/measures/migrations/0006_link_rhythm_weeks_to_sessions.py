"""Tie each SRM-5 week recorded before weeks had a session to the session that reviewed it:
the first session of its episode dated on or after the week's last day (held date, else the
scheduled date). A week with no such session stays untied, as before."""

from datetime import timedelta

from django.db import migrations


def link(apps, schema_editor):
    RhythmWeek = apps.get_model("measures", "RhythmWeek")
    Session = apps.get_model("protocol", "Session")
    for week in RhythmWeek.objects.filter(session__isnull=True):
        last_day = week.week_starting + timedelta(days=6)
        for session in Session.objects.filter(episode_id=week.episode_id).order_by("number"):
            day = session.held_on or session.scheduled_for.date()
            if day >= last_day:
                week.session_id = session.pk
                week.save(update_fields=["session"])
                break


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0005_rhythm_week_sessions_and_diary"),
        ("protocol", "0002_course"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
