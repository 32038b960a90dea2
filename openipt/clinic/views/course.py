"""Course pages: intake, start, contract, phases, sessions with agendas, ending, fidelity.

Every page goes through caseload.access: VIEW_CLINICAL to see a course (the treating
clinician and their supervisor), CHANGE_CLINICAL to change it (the treating clinician).
The organisation admin sees none of it. Every page that shows a client's course writes
an audit event; every change goes through protocol.actions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from openipt.accounts.models import Role
from openipt.audit.record import record
from openipt.caseload import access
from openipt.formulation import queries as formulation_queries
from openipt.protocol import actions, course, escalation, fidelity
from openipt.protocol.forms import (
    BoundaryForm,
    ContractForm,
    EndCourseForm,
    IntakeForm,
    RescheduleForm,
    ScheduleForm,
    SessionForm,
    StartCourseForm,
)
from openipt.protocol.models import CoursePlan, Session, TreatmentContract
from openipt.worksheets import queries as worksheet_queries
from openipt.worksheets.models import RelapsePreventionPlan


def _episode(request, pk, need=access.CHANGE_CLINICAL):
    return access.episode_for(request.user, pk, need=need)


def _load_course(episode):
    """The episode's course (plan, facts and fidelity) or None, in a fixed number of queries."""
    found = fidelity.load_courses(CoursePlan.objects.filter(episode=episode))
    return found[0] if found else None


def _course_or_redirect(request, episode, *, open_only=True):
    """The course for a change page, or a redirect explaining why it cannot change."""
    loaded = _load_course(episode)
    if loaded is None:
        messages.info(request, "Start a course first.")
        return None, redirect("clinic:course", pk=episode.pk)
    if open_only and loaded.facts.ended:
        messages.info(request, "This course has ended, so it can no longer be changed.")
        return None, redirect("clinic:course", pk=episode.pk)
    return loaded, None


def _page(request, template, episode, **context):
    return render(
        request,
        f"clinic/course/{template}",
        {"episode": episode, "client": episode.client, "nav": "clients", **context},
    )


def _viewed(request, episode, action, obj=None):
    """The audit event of a page that shows this client's course."""
    record(request.user, action, obj or episode, client=episode.client, request=request)


def _can_change(episode):
    return access.CHANGE_CLINICAL in episode.permissions


# --- the course view -------------------------------------------------------------------


@access.staff_required
def course_view(request, pk):
    episode = _episode(request, pk, need=access.VIEW_CLINICAL)
    loaded = _load_course(episode)
    intake = actions.latest_intake(episode)
    _viewed(request, episode, "course.viewed")
    context = {
        "course": loaded,
        "intake": intake,
        "referrals": list(episode.referrals.all()),
        "can_change": _can_change(episode),
    }
    if loaded is not None:
        context.update(_course_state(episode, loaded, intake))
    return _page(request, "course.html", episode, **context)


def _course_state(episode, loaded, intake):
    facts = loaded.facts
    where = course.position(facts)
    sessions = loaded.sessions
    next_session = next((s for s in sessions if s.number == where.next_number), None)
    reasons = escalation.escalation(
        facts.modality,
        episode.clinician.role,
        escalation.facts_for(episode, intake),
        episode.organisation.step_up_phq9_threshold,
    )
    return {
        "plan": loaded.plan,
        "facts": facts,
        "where": where,
        "spans": course.phase_spans(facts),
        "bar": _progress_cells(facts),
        "overdue": course.overdue_items(facts),
        "agenda": course.agenda_for(facts, where.next_number) if where.next_number else [],
        "next_session": next_session,
        "history": _history(facts, sessions),
        "contract": getattr(loaded.plan.episode, "treatment_contract", None),
        "ending": getattr(loaded.plan.episode, "course_ending", None),
        "follow_ups": list(episode.follow_up_sessions.all()),
        "escalation": reasons,
        "last_alert": episode.supervisor_alerts.select_related("supervisor").first(),
    }


def _progress_cells(facts):
    """One cell per planned session for the phase bar: its number, phase and state."""
    by_number = {s.number: s for s in facts.sessions}
    cells = []
    for number in range(1, facts.planned + 1):
        session = by_number.get(number)
        state = "upcoming"
        if session is not None and session.recorded:
            state = "attended" if session.attended else "missed"
        cells.append(
            {
                "number": number,
                "phase": facts.boundaries.phase_of(number),
                "state": state,
                "x": number - 1,
            }
        )
    return cells


def _history(facts, sessions):
    done = {}
    total = {}
    for task in facts.tasks:
        total[task.session_number] = total.get(task.session_number, 0) + 1
        if task.status == course.DONE:
            done[task.session_number] = done.get(task.session_number, 0) + 1
    return [
        {
            "session": s,
            "phase_name": facts.phase_name(facts.boundaries.phase_of(s.number))
            if s.number <= facts.planned
            else "",
            "done": done.get(s.number, 0),
            "total": total.get(s.number, 0),
        }
        for s in sessions
    ]


# --- intake and start ------------------------------------------------------------------


@access.staff_required
def intake(request, pk):
    episode = _episode(request, pk)
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        screen = actions.record_intake(
            request.user,
            episode,
            referral=form.referral_data(),
            request=request,
            **form.screen_data(),
        )
        if screen.exclusions:
            messages.warning(
                request,
                "Intake screen saved. It found an exclusion, so IPT is not suitable as the "
                "main treatment; the referral has been recorded.",
            )
            return redirect("clinic:course", pk=episode.pk)
        messages.success(request, "Intake screen saved.")
        if hasattr(episode, "course_plan"):
            return redirect("clinic:course", pk=episode.pk)
        return redirect("clinic:course_start", pk=episode.pk)
    _viewed(request, episode, "course.intake_form_viewed")
    return _page(request, "intake.html", episode, form=form)


@access.staff_required
def start(request, pk):
    episode = _episode(request, pk)
    if CoursePlan.objects.filter(episode=episode).exists():
        return redirect("clinic:course", pk=episode.pk)
    screen = actions.latest_intake(episode)
    if screen is None:
        messages.info(request, "Record the intake screen before starting a course.")
        return redirect("clinic:course_intake", pk=episode.pk)
    form = StartCourseForm(
        request.POST or None,
        organisation_defaults=episode.organisation.planned_session_defaults,
        show_override=bool(screen.exclusions),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.start_course(
                request.user,
                episode,
                override_reason=form.cleaned_data.get("override_reason", ""),
                request=request,
                **form.plan_data(),
            )
        except actions.CourseStartBlocked as blocked:
            form.add_error(blocked.field, str(blocked))
        else:
            messages.success(request, "Course started.")
            return redirect("clinic:course", pk=episode.pk)
    _viewed(request, episode, "course.start_form_viewed")
    return _page(request, "start.html", episode, form=form, intake=screen)


# --- contract and phases ---------------------------------------------------------------


@access.staff_required
def contract(request, pk):
    episode = _episode(request, pk)
    loaded, leave = _course_or_redirect(request, episode)
    if leave:
        return leave
    plan = loaded.plan
    existing = getattr(plan.episode, "treatment_contract", None)
    initial = {
        "planned_sessions": plan.planned_sessions,
        "agreed_end_date": plan.agreed_end_date,
        "session_minutes": plan.session_minutes,
        "frequency": plan.frequency,
    }
    if existing:
        initial.update({name: getattr(existing, name) for name, _ in TreatmentContract.ITEMS})
    form = ContractForm(
        request.POST or None,
        initial=initial,
        plan=plan,
        recorded_numbers=loaded.facts.recorded_numbers,
    )
    if request.method == "POST" and form.is_valid():
        actions.record_contract(request.user, plan, request=request, **form.contract_data())
        messages.success(request, "Treatment contract saved.")
        return redirect("clinic:course", pk=episode.pk)
    _viewed(request, episode, "course.contract_viewed")
    return _page(request, "contract.html", episode, form=form, plan=plan)


@access.staff_required
def boundaries(request, pk):
    episode = _episode(request, pk)
    loaded, leave = _course_or_redirect(request, episode)
    if leave:
        return leave
    plan = loaded.plan
    form = BoundaryForm(
        request.POST or None, plan=plan, recorded_numbers=loaded.facts.recorded_numbers
    )
    if request.method == "POST" and form.is_valid():
        actions.move_boundaries(request.user, plan, request=request, **form.cleaned_data)
        messages.success(request, "Phase boundaries moved.")
        return redirect("clinic:course", pk=episode.pk)
    _viewed(request, episode, "course.boundaries_form_viewed")
    return _page(
        request,
        "boundaries.html",
        episode,
        form=form,
        plan=plan,
        spans=course.phase_spans(loaded.facts),
    )


# --- sessions --------------------------------------------------------------------------


@access.staff_required
def schedule(request, pk):
    episode = _episode(request, pk)
    loaded, leave = _course_or_redirect(request, episode)
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
            request=request,
        )
        messages.success(request, _scheduled_message(made))
        return redirect("clinic:course", pk=episode.pk)
    _viewed(request, episode, "course.schedule_form_viewed")
    return _page(request, "schedule.html", episode, form=form, plan=plan, next_number=next_number)


@access.staff_required
def reschedule(request, pk, number):
    episode = _episode(request, pk)
    loaded, leave = _course_or_redirect(request, episode)
    if leave:
        return leave
    session = _session(loaded, number)
    if session.is_recorded:
        messages.info(request, f"Session {number} has already been recorded, so it keeps its date.")
        return redirect("clinic:course", pk=episode.pk)
    form = RescheduleForm(request.POST or None, initial={"scheduled_for": session.scheduled_for})
    if request.method == "POST" and form.is_valid():
        fresh = Session.objects.select_related("episode__client").get(pk=session.pk)
        actions.reschedule_session(request.user, fresh, request=request, **form.cleaned_data)
        messages.success(request, f"Session {number} moved.")
        return redirect("clinic:course", pk=episode.pk)
    _viewed(request, episode, "course.reschedule_form_viewed", session)
    return _page(request, "reschedule.html", episode, form=form, session=session)


def _scheduled_message(sessions):
    if len(sessions) == 1:
        return f"Session {sessions[0].number} scheduled."
    return f"Sessions {sessions[0].number} to {sessions[-1].number} scheduled."


@access.staff_required
def session_view(request, pk, number):
    need = access.CHANGE_CLINICAL if request.method == "POST" else access.VIEW_CLINICAL
    episode = _episode(request, pk, need=need)
    loaded = _load_course(episode)
    session = _session(loaded, number)
    facts = loaded.facts
    agenda = course.agenda_for(facts, number)
    can_change = _can_change(episode) and not facts.ended
    form = SessionForm(request.POST or None, agenda=agenda, session=session) if can_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("This course has ended, so its sessions cannot change.")
        if form.is_valid():
            fresh = Session.objects.select_related("episode__client").get(pk=session.pk)
            actions.record_session(request.user, fresh, request=request, **form.session_data())
            messages.success(request, f"Session {number} saved.")
            return redirect("clinic:course", pk=episode.pk)
    _viewed(request, episode, "session.viewed", session)
    phase = facts.boundaries.phase_of(number)
    return _page(
        request,
        "session.html",
        episode,
        form=form,
        session=session,
        plan=loaded.plan,
        phase_name=facts.phase_name(phase),
        agenda=agenda,
        read_rows=_read_rows(agenda, session),
        guides=loaded.plan.counsellor_mode,
        homework_review=worksheet_queries.homework_for_review(episode, session),
        area_strategies=formulation_queries.planned_strategies(episode),
        # Questionnaires tied to this session, including those the client sent from home.
        session_measures=list(session.administrations.order_by("created_at", "id")),
    )


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


# --- ending ----------------------------------------------------------------------------


@access.staff_required
def end(request, pk):
    episode = _episode(request, pk)
    loaded, leave = _course_or_redirect(request, episode)
    if leave:
        return leave
    facts = loaded.facts
    first, last = _phq9_first_and_last(episode)
    initial = {
        "missed_sessions": course.trailing_missed(facts.sessions) or None,
        "first_phq9": first,
        "last_phq9": last,
    }
    form = EndCourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.end_course(request.user, loaded.plan, request=request, **form.ending_data())
        messages.success(request, "The course has ended and the summary is saved.")
        return redirect("clinic:course", pk=episode.pk)
    _viewed(request, episode, "course.end_form_viewed")
    return _page(
        request,
        "end.html",
        episode,
        form=form,
        plan=loaded.plan,
        facts=facts,
        where=course.position(facts),
        relapse_plan=RelapsePreventionPlan.objects.filter(episode=episode).first(),
    )


def _phq9_first_and_last(episode):
    """First and last PHQ-9 totals from the measures recorded for the episode, if any."""
    from openipt.measures.models import MeasureAdministration

    totals = list(
        MeasureAdministration.objects.filter(episode=episode, instrument="phq9")
        .order_by("administered_on", "created_at", "id")
        .values_list("total", flat=True)
    )
    if not totals:
        screen = actions.latest_intake(episode)
        return (screen.phq9_total if screen else None), None
    return totals[0], totals[-1]


# --- counsellor mode -------------------------------------------------------------------


@access.staff_required
def escalate(request, pk):
    episode = _episode(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = CoursePlan.objects.filter(episode=episode).first()
    if plan is None:
        raise Http404("This episode has no course.")
    reasons = escalation.escalation(
        plan.definition,
        episode.clinician.role,
        escalation.facts_for(episode, actions.latest_intake(episode)),
        episode.organisation.step_up_phq9_threshold,
    )
    alert = actions.alert_supervisor(request.user, episode, reasons, request=request)
    if alert is None:
        messages.info(request, "Your supervisor was already told about this in the last week.")
    elif alert.supervisor is None:
        messages.warning(request, "Noted, but no supervisor is assigned to you. Ask your admin.")
    else:
        messages.success(request, f"{alert.supervisor.display_name} has been told.")
    return redirect("clinic:course", pk=episode.pk)


# --- fidelity --------------------------------------------------------------------------


@access.staff_required
def course_fidelity(request, pk):
    episode = _episode(request, pk, need=access.VIEW_CLINICAL)
    loaded = _load_course(episode)
    _viewed(request, episode, "course.fidelity_viewed")
    return _page(request, "fidelity_episode.html", episode, course=loaded)


@access.staff_required
def team_fidelity(request):
    if request.user.role != Role.SUPERVISOR:
        raise PermissionDenied("The fidelity table is for supervisors.")
    rows = fidelity.team_table(request.user)
    record(request.user, "fidelity.team_viewed", request=request)
    context = {
        "rows": rows,
        "courses": [(row, c) for row in rows for c in row.courses],
        "nav": "supervision",
    }
    return render(request, "clinic/course/fidelity_team.html", context)
