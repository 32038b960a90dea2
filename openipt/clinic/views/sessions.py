"""Session pages of a course: scheduling, moving a session, and one session with its agenda.

Viewing a session is for the treating clinician and their supervisor, scheduling and
recording for the treating clinician; every page is audited as it is rendered; every change
goes through protocol.actions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from openipt.caseload import access
from openipt.formulation import queries as formulation_queries
from openipt.protocol import actions, course, queries
from openipt.protocol.forms.sessions import CancelForm, RescheduleForm, ScheduleForm, SessionForm
from openipt.worksheets import queries as worksheet_queries

from .course import changeable_course, course_page
from .pages import can_change, gated_episode


@access.staff_required
def schedule(request, pk):
    episode = gated_episode(request, pk, change=True)
    loaded, leave = changeable_course(request, episode)
    if leave:
        return leave
    plan = loaded.plan
    next_number = max((s.number for s in loaded.facts.sessions), default=0) + 1
    if next_number > plan.planned_sessions:
        messages.info(request, "Every planned session is already scheduled.")
        return redirect("clinic:course", pk=episode.pk)
    form = ScheduleForm(request.POST or None, plan=plan, next_number=next_number)
    if request.method == "POST" and form.is_valid():
        made = actions.schedule_sessions(
            request.user,
            plan,
            first_at=form.cleaned_data["scheduled_for"],
            count=form.cleaned_data["count"],
            location=form.cleaned_data["location"],
            request=request,
        )
        messages.success(request, _scheduled_message(made))
        return redirect("clinic:course", pk=episode.pk)
    return course_page(
        request,
        "schedule.html",
        episode,
        action="course.schedule_form_viewed",
        form=form,
        plan=plan,
        next_number=next_number,
    )


def _scheduled_message(sessions):
    if len(sessions) == 1:
        return f"Session {sessions[0].number} scheduled."
    return f"Sessions {sessions[0].number} to {sessions[-1].number} scheduled."


@access.staff_required
def reschedule(request, pk, number):
    episode = gated_episode(request, pk, change=True)
    loaded, leave = changeable_course(request, episode)
    if leave:
        return leave
    session = _session(loaded, number)
    if session.is_recorded:
        messages.info(request, f"Session {number} has already been recorded, so it keeps its date.")
        return redirect("clinic:course", pk=episode.pk)
    initial = {"scheduled_for": session.scheduled_for, "location": session.location}
    form = RescheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fresh = queries.session_to_change(session)
        actions.reschedule_session(request.user, fresh, request=request, **form.cleaned_data)
        messages.success(request, f"Session {number} moved.")
        return redirect(_back_to(request, episode))
    return course_page(
        request,
        "reschedule.html",
        episode,
        action="course.reschedule_form_viewed",
        obj=session,
        form=form,
        session=session,
    )


@access.staff_required
def cancel(request, pk, number):
    episode = gated_episode(request, pk, change=True)
    loaded, leave = changeable_course(request, episode)
    if leave:
        return leave
    session = _session(loaded, number)
    if session.is_recorded:
        messages.info(request, f"Session {number} has already been recorded.")
        return redirect("clinic:course", pk=episode.pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fresh = queries.session_to_change(session)
        actions.cancel_session(request.user, fresh, request=request, **form.cleaned_data)
        messages.success(request, f"Session {number} cancelled.")
        return redirect(_back_to(request, episode))
    return course_page(
        request,
        "cancel_session.html",
        episode,
        action="course.cancel_form_viewed",
        obj=session,
        form=form,
        session=session,
        plan=loaded.plan,
    )


def _back_to(request, episode):
    """Back to the calendar when the change started there, else to the course."""
    if request.GET.get("from") == "calendar":
        return "clinic:calendar"
    return reverse("clinic:course", args=[episode.pk])


@access.staff_required
def session_view(request, pk, number):
    episode = gated_episode(request, pk, change=request.method == "POST")
    loaded = queries.load_course(episode)
    session = _session(loaded, number)
    facts = loaded.facts
    agenda = course.agenda_for(facts, number)
    changeable = can_change(episode) and not facts.ended
    form = SessionForm(request.POST or None, agenda=agenda, session=session) if changeable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("This course has ended, so its sessions cannot change.")
        if form.is_valid():
            fresh = queries.session_to_change(session)
            actions.record_session(request.user, fresh, request=request, **form.session_data())
            messages.success(request, f"Session {number} saved.")
            return redirect("clinic:course", pk=episode.pk)
    return course_page(
        request,
        "session.html",
        episode,
        action="session.viewed",
        obj=session,
        form=form,
        session=session,
        plan=loaded.plan,
        phase_name=facts.phase_name(facts.boundaries.phase_of(number)),
        agenda=agenda,
        read_rows=_read_rows(agenda, session),
        guides=loaded.plan.counsellor_mode,
        homework_review=worksheet_queries.homework_for_review(episode, session),
        area_strategies=formulation_queries.planned_strategies(episode),
        # Questionnaires tied to this session, including those the client sent from home.
        session_measures=list(session.administrations.order_by("created_at", "id")),
        expected=_expected_rows(loaded.schedule, number),
    )


def _expected_rows(schedule, number):
    """What the course schedule expects at this session: (name, recorded) pairs, and
    whether the session was missed (then nothing is expected)."""
    found = schedule.session(number)
    rows = [(schedule.catalogue.label(code), code in found.recorded) for code in found.expected]
    return {"rows": rows, "missed": found.missed}


def _read_rows(agenda, session):
    """(agenda item, its record or None) for the read-only view of a recorded session."""
    if not session.is_recorded or not session.attended:
        return []
    records = {r.task_key: r for r in session.task_records.all()}
    return [(item, records.get(item.task.key)) for item in agenda]


def _session(loaded, number):
    if loaded is None:
        raise Http404("This episode has no course.")
    for session in loaded.sessions:
        if session.number == number and number <= loaded.plan.planned_sessions:
            return session
    raise Http404("No such session.")
