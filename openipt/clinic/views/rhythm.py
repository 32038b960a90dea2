"""SRM-5 social rhythm weeks for IPSRT: record a week of daily times, see the scores."""

from django.contrib import messages
from django.shortcuts import redirect

from openipt.caseload import access
from openipt.measures import queries
from openipt.measures.actions import record_rhythm_week
from openipt.measures.instruments import srm5
from openipt.measures.rhythm_forms import RhythmWeekForm

from .pages import gated_episode, render_episode_page


@access.staff_required
def rhythm_weeks(request, pk):
    episode = gated_episode(request, pk, change=False)
    return render_episode_page(
        request,
        "clinic/measures/rhythm_weeks.html",
        episode,
        action="rhythm.viewed",
        weeks=queries.rhythm_weeks_of(episode),
        max_score=srm5.MAX_SCORE,
    )


@access.staff_required
def rhythm_week_new(request, pk):
    episode = gated_episode(request, pk, change=True)
    form = RhythmWeekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        week = record_rhythm_week(
            request.user,
            episode,
            week_starting=form.cleaned_data["week_starting"],
            times=form.week(),
            request=request,
        )
        messages.success(request, f"Week saved: {week.score_text}.")
        return redirect("clinic:rhythm_weeks", pk=episode.pk)
    return render_episode_page(
        request,
        "clinic/measures/rhythm_week_form.html",
        episode,
        action="rhythm.form_viewed",
        form=form,
    )
