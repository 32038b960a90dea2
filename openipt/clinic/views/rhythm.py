"""SRM-5 social rhythm weeks for IPSRT: the weeks, charted and in detail, and recording one."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import get_language, gettext

from openipt.caseload import access
from openipt.measures import queries
from openipt.measures.actions import RhythmWeekExists, record_rhythm_week
from openipt.measures.due import next_session_of
from openipt.measures.instruments import srm5, translations
from openipt.measures.rhythm_forms import RhythmWeekForm

from .pages import gated_episode, render_episode_page


@access.staff_required
def rhythm_weeks(request, pk):
    episode = gated_episode(request, pk, change=False)
    weeks = queries.rhythm_weeks_of(episode)
    return render_episode_page(
        request,
        "clinic/measures/rhythm_weeks.html",
        episode,
        action="rhythm.viewed",
        weeks=weeks,
        chart=queries.rhythm_chart(weeks, chart_id=f"rhythm-{episode.pk}") if weeks else None,
        details=[queries.week_detail(week) for week in weeks],
        max_score=srm5.MAX_SCORE,
        english_only=translations.english_only_reason(srm5, get_language()),
    )


@access.staff_required
def rhythm_week_new(request, pk):
    episode = gated_episode(request, pk, change=True)
    form = RhythmWeekForm(
        request.POST or None, episode=episode, next_session=next_session_of(episode)
    )
    if request.method == "POST" and form.is_valid():
        try:
            week = record_rhythm_week(
                request.user,
                episode,
                week_starting=form.cleaned_data["week_starting"],
                times=form.week(),
                session=form.cleaned_data["session"],
                request=request,
            )
        except RhythmWeekExists as exists:
            form.add_error("week_starting", str(exists))
        else:
            messages.success(
                request, gettext("Week saved: %(score)s.") % {"score": week.score_text}
            )
            return redirect("clinic:rhythm_weeks", pk=episode.pk)
    return render_episode_page(
        request,
        "clinic/measures/rhythm_week_form.html",
        episode,
        action="rhythm.form_viewed",
        status=400 if form.errors else 200,
        form=form,
        english_only=translations.english_only_reason(srm5, get_language()),
    )
