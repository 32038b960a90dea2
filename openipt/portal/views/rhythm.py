"""The SRM-5 social rhythm diary (IPSRT), kept by the client day by day on a phone.

A week is a draft (measures.RhythmDiaryDraft) until all seven days are saved or the client
sends it; then it becomes an SRM-5 week tied to the next session, which reviews it, and the
clinician sees it on the rhythm page. One page per day, five time boxes, no script needed.
Every query starts from access.portal_client(request.user).
"""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from openipt.audit.record import record
from openipt.caseload import access
from openipt.caseload.queries import open_episode_of
from openipt.measures import actions, instruments, queries
from openipt.measures.due import next_session_of
from openipt.measures.instruments import srm5
from openipt.measures.rhythm_forms import DiaryDayForm, DiaryStartForm, day_initial

SEND = "send"


def _diary_episode(request):
    """(client, episode) when the client's open course keeps the SRM-5 diary, else 404."""
    client = access.portal_client(request.user)
    episode = open_episode_of(client)
    if episode is None or not queries.course_uses(episode, srm5.CODE):
        raise Http404("Your course does not use a rhythm diary.")
    return client, episode


def _days(draft, today):
    """One row per day of the draft's week: number, date, saved, and whether it has come."""
    return [
        {
            "number": number,
            "date": draft.week_starting + timedelta(days=number - 1),
            "saved": number in draft.days_saved,
            "open": draft.week_starting + timedelta(days=number - 1) <= today,
        }
        for number in range(1, srm5.DAYS_IN_WEEK + 1)
    ]


@access.client_required
def diary(request):
    client, episode = _diary_episode(request)
    draft = queries.rhythm_diary_of(client, episode)
    today = timezone.localdate()
    if request.method == "POST" and draft is not None and request.POST.get("action") == SEND:
        return _send(request, draft)
    form = DiaryStartForm(request.POST or None, today=today) if draft is None else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            actions.start_rhythm_diary(
                request.user,
                client,
                episode,
                week_starting=form.cleaned_data["week_starting"],
                request=request,
            )
        except actions.RhythmWeekExists as exists:
            form.add_error("week_starting", str(exists))
        else:
            return redirect("portal:rhythm_day", day=1)
    record(request.user, "portal.rhythm_diary_viewed", client, client=client, request=request)
    context = {
        "client": client,
        "draft": draft,
        "days": _days(draft, today) if draft else [],
        "form": form,
        "weeks": queries.own_rhythm_weeks(client, episode)[:6],
        "about": srm5.ABOUT,
        "nav": "home",
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "portal/rhythm/diary.html", context, status=status)


def _send(request, draft):
    if not draft.days_saved:
        messages.error(request, "Fill in at least one day before sending the week.")
        return redirect("portal:rhythm_diary")
    session = next_session_of(draft.episode)
    week = actions.send_rhythm_diary(request.user, draft, session=session, request=request)
    messages.success(request, _sent_message(week))
    return redirect("portal:rhythm_diary")


def _sent_message(week):
    where = f" at session {week.session.number}" if week.session else ""
    return f"Your week is sent. Your clinician will look at it with you{where}."


@access.client_required
def diary_day(request, day):
    client, episode = _diary_episode(request)
    draft = queries.rhythm_diary_of(client, episode)
    if draft is None:
        return redirect("portal:rhythm_diary")
    today = timezone.localdate()
    if not 1 <= day <= srm5.DAYS_IN_WEEK:
        raise Http404("No such day.")
    date = draft.week_starting + timedelta(days=day - 1)
    if date > today:
        messages.info(request, f"Day {day} is {date:%A %d %B}: fill it in on the day.")
        return redirect("portal:rhythm_diary")
    form = DiaryDayForm(request.POST or None, initial=day_initial(draft, day))
    if request.method == "POST" and form.is_valid():
        saved = actions.save_rhythm_day(
            request.user,
            draft,
            day=day,
            times=form.times(),
            session=next_session_of(episode),
            request=request,
        )
        if saved is not draft:  # the seventh day completed the week: it was sent
            messages.success(request, _sent_message(saved))
            return redirect("portal:rhythm_diary")
        messages.success(request, f"Day {day} saved.")
        following = date + timedelta(days=1)
        if day < srm5.DAYS_IN_WEEK and following <= today:
            return redirect("portal:rhythm_day", day=day + 1)
        return redirect("portal:rhythm_diary")
    record(
        request.user,
        "portal.rhythm_day_viewed",
        client,
        client=client,
        request=request,
        facts={"day": day},
    )
    context = {
        "client": client,
        "form": form,
        "day": day,
        "date": date,
        "count": srm5.DAYS_IN_WEEK,
        "name": instruments.short_name(srm5.CODE),
        "nav": "home",
    }
    status = 400 if form.errors else 200
    return render(request, "portal/rhythm/day.html", context, status=status)
