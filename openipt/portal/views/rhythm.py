"""The SRM-5 social rhythm diary (IPSRT), kept by the client day by day on a phone.

A week is a draft (measures.RhythmDiaryDraft) until all seven days are saved or the client
sends it; then it becomes an SRM-5 week tied to the next session, which reviews it, and the
clinician sees it on the rhythm page. One page per day, five time boxes, no script needed.
A diary belongs to one open episode (its address names it), so a client with two open
episodes keeps each apart. Every query starts from access.portal_client(request.user).
"""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from openipt.audit.record import record
from openipt.caseload import access
from openipt.caseload.queries import open_episodes_of_client
from openipt.measures import actions, instruments, queries
from openipt.measures.due import next_session_of
from openipt.measures.instruments import srm5, translations
from openipt.measures.rhythm_forms import DiaryDayForm, DiaryStartForm, day_initial

SEND = "send"


def _diary_episode(request, episode_id):
    """(client, episode) when that open episode of the client keeps the SRM-5 diary, else
    404."""
    client = access.portal_client(request.user)
    episode = next((e for e in open_episodes_of_client(client) if e.pk == episode_id), None)
    if episode is None or not queries.course_uses(episode, srm5.CODE):
        raise Http404(gettext("This course does not use a rhythm diary."))
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
def diary(request, episode):
    client, episode = _diary_episode(request, episode)
    draft = queries.rhythm_diary_of(client, episode)
    today = timezone.localdate()
    if request.method == "POST" and draft is not None and request.POST.get("action") == SEND:
        return _send(request, draft)
    # A week the clinician has since recorded with the same first day cannot be sent: the
    # client starts another (the draft is replaced).
    taken = draft is not None and queries.rhythm_week_recorded(episode, draft.week_starting)
    startable = draft is None or taken
    form = DiaryStartForm(request.POST or None, today=today) if startable else None
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
            return redirect("portal:rhythm_day", episode=episode.pk, day=1)
    record(request.user, "portal.rhythm_diary_viewed", client, client=client, request=request)
    context = {
        "client": client,
        "episode": episode,
        "draft": None if taken else draft,
        "taken": draft.week_starting if taken else None,
        "days": _days(draft, today) if draft and not taken else [],
        "form": form,
        "weeks": queries.own_rhythm_weeks(client, episode)[:6],
        "about": srm5.ABOUT,
        "nav": "home",
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "portal/rhythm/diary.html", context, status=status)


def _send(request, draft):
    back = redirect("portal:rhythm_diary", episode=draft.episode_id)
    if not draft.days_saved:
        messages.error(request, gettext("Fill in at least one day before sending the week."))
        return back
    session = next_session_of(draft.episode)
    try:
        week = actions.send_rhythm_diary(request.user, draft, session=session, request=request)
    except actions.RhythmWeekExists:
        return back  # the diary page explains and offers a new week
    messages.success(request, _sent_message(week))
    return back


def _sent_message(week):
    if week.session:
        return gettext(
            "Your week is sent. Your clinician will look at it with you at session %(number)s."
        ) % {"number": week.session.number}
    return gettext("Your week is sent. Your clinician will look at it with you.")


@access.client_required
def diary_day(request, episode, day):
    client, episode = _diary_episode(request, episode)
    draft = queries.rhythm_diary_of(client, episode)
    week = redirect("portal:rhythm_diary", episode=episode.pk)
    if draft is None:
        return week
    today = timezone.localdate()
    if not 1 <= day <= srm5.DAYS_IN_WEEK:
        raise Http404(gettext("No such day."))
    date = draft.week_starting + timedelta(days=day - 1)
    if date > today:
        messages.info(
            request,
            gettext("Day %(day)s is %(date)s: fill it in on the day.")
            % {"day": day, "date": date_format(date, "l j F")},
        )
        return week
    form = DiaryDayForm(request.POST or None, initial=day_initial(draft, day))
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_rhythm_day(
                request.user,
                draft,
                day=day,
                times=form.times(),
                session=next_session_of(episode),
                request=request,
            )
        except actions.RhythmWeekExists:
            return week  # the diary page explains and offers a new week
        if saved is not draft:  # the seventh day completed the week: it was sent
            messages.success(request, _sent_message(saved))
            return week
        messages.success(request, gettext("Day %(day)s saved.") % {"day": day})
        following = date + timedelta(days=1)
        if day < srm5.DAYS_IN_WEEK and following <= today:
            return redirect("portal:rhythm_day", episode=episode.pk, day=day + 1)
        return week
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
        "episode": episode,
        "form": form,
        "day": day,
        "date": date,
        "count": srm5.DAYS_IN_WEEK,
        "name": instruments.short_name(srm5.CODE),
        "english_only": translations.english_only_reason(srm5, get_language()),
        "nav": "home",
    }
    status = 400 if form.errors else 200
    return render(request, "portal/rhythm/day.html", context, status=status)
