"""SRM-5 social rhythm weeks for IPSRT: record a week of daily times, see the scores."""

from django.contrib import messages
from django.shortcuts import redirect, render

from openipt.audit.record import record
from openipt.caseload import access
from openipt.measures.actions import record_rhythm_week
from openipt.measures.instruments import srm5
from openipt.measures.models import RhythmWeek
from openipt.measures.rhythm_forms import RhythmWeekForm


@access.staff_required
def rhythm_weeks(request, pk):
    episode = access.episode_for(request.user, pk, need=access.VIEW_CLINICAL)
    weeks = list(RhythmWeek.objects.filter(episode=episode).order_by("-week_starting"))
    record(request.user, "rhythm.viewed", episode, client=episode.client, request=request)
    context = {
        "episode": episode,
        "client": episode.client,
        "weeks": weeks,
        "max_score": srm5.MAX_SCORE,
        "can_change": access.CHANGE_CLINICAL in episode.permissions,
        "nav": "clients",
    }
    return render(request, "clinic/measures/rhythm_weeks.html", context)


@access.staff_required
def rhythm_week_new(request, pk):
    episode = access.episode_for(request.user, pk, need=access.CHANGE_CLINICAL)
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
    context = {"episode": episode, "client": episode.client, "form": form, "nav": "clients"}
    return render(request, "clinic/measures/rhythm_week_form.html", context)
