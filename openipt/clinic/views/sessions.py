"""Session pages of a course: scheduling, moving and cancelling a session, and the session
page, which records the whole session in parts.

The session page (docs/course.md, "The session page") shows attendance, the questionnaires
the schedule expects, the agenda, the strategies of the active problem areas, techniques used,
homework to review, new homework and the progress note. Each part is a small form that posts
to its own address and saves through its own action: with htmx the part is swapped in place
(with the risk banner, when a save can change it), without JavaScript the page reloads. A
refused part shows its messages next to its fields and writes nothing; what was typed in
other parts stays on the page.

Viewing a session is for the treating clinician and their supervisor, recording for the
treating clinician; every page is audited as it is rendered; every change goes through
protocol.actions (and measures.actions, worksheets.actions for their parts).
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openipt.caseload import access
from openipt.formulation import queries as formulation_queries
from openipt.measures import actions as measure_actions
from openipt.measures import instruments, risk
from openipt.measures.forms import SessionAdministrationForm
from openipt.measures.instruments import translations
from openipt.measures.instruments.base import InvalidAnswers
from openipt.protocol import actions, course, queries, tools
from openipt.protocol.forms.sessions import (
    AddendumForm,
    AgendaForm,
    AttendanceForm,
    CancelForm,
    NoteForm,
    RescheduleForm,
    ScheduleForm,
    unfinished_agenda,
)
from openipt.protocol.models import SignedRecordLocked
from openipt.worksheets import actions as worksheet_actions
from openipt.worksheets import definitions
from openipt.worksheets import queries as worksheet_queries
from openipt.worksheets.forms import AssignForm, ReviewForm

from .course import changeable_course, course_page, next_step
from .pages import can_change, gated_episode, render_episode_page, shown


@access.staff_required
def schedule(request, pk):
    episode = gated_episode(request, pk, change=True)
    loaded, leave = changeable_course(request, episode)
    if leave:
        return leave
    plan = loaded.plan
    next_number = max((s.number for s in loaded.facts.sessions), default=0) + 1
    if next_number > plan.planned_sessions:
        messages.info(request, _("Every planned session is already scheduled."))
        return redirect("clinic:course", pk=episode.pk)
    form = ScheduleForm(request.POST or None, plan=plan, next_number=next_number)
    if request.method == "POST" and form.is_valid():
        made = actions.schedule_sessions(
            request.user,
            plan,
            first_at=form.cleaned_data["scheduled_for"],
            count=form.cleaned_data["count"],
            location=form.cleaned_data["location"],
            delivery_mode=form.cleaned_data["delivery_mode"],
            meeting_link=form.cleaned_data["meeting_link"],
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
        return _("Session %(number)s scheduled.") % {"number": sessions[0].number}
    return _("Sessions %(first)s to %(last)s scheduled.") % {
        "first": sessions[0].number,
        "last": sessions[-1].number,
    }


def _already_recorded(request, episode, number):
    """A recorded session keeps its date and its attendance: back to the course, saying so."""
    messages.info(
        request,
        _("Session %(number)s has already been recorded, so it keeps its date.")
        % {"number": number},
    )
    return redirect("clinic:course", pk=episode.pk)


@access.staff_required
def reschedule(request, pk, number):
    episode = gated_episode(request, pk, change=True)
    loaded, leave = changeable_course(request, episode)
    if leave:
        return leave
    session = _session(loaded, number)
    if session.is_recorded:
        return _already_recorded(request, episode, number)
    initial = {"scheduled_for": session.scheduled_for, "location": session.location}
    form = RescheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fresh = queries.session_to_change(session)
        try:
            actions.reschedule_session(request.user, fresh, request=request, **form.cleaned_data)
        except actions.SessionAlreadyRecorded:
            # Recorded in another window since this page was read: nothing was moved.
            return _already_recorded(request, episode, number)
        messages.success(request, _("Session %(number)s moved.") % {"number": number})
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
        return _already_recorded(request, episode, number)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fresh = queries.session_to_change(session)
        try:
            actions.cancel_session(request.user, fresh, request=request, **form.cleaned_data)
        except actions.SessionAlreadyRecorded:
            return _already_recorded(request, episode, number)
        messages.success(request, _("Session %(number)s cancelled.") % {"number": number})
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


def _session(loaded, number):
    if loaded is None:
        raise Http404("This episode has no course.")
    for session in loaded.sessions:
        if session.number == number and number <= loaded.plan.planned_sessions:
            return session
    raise Http404("No such session.")


# --- the session page ----------------------------------------------------------------------
#
# Parts, each a template under clinic/course/session/ whose outer element has the id
# "part-<name>", so an htmx save swaps exactly that part.

PARTS = {
    "attendance": "_attendance.html",
    "measures": "_measures.html",
    "agenda": "_agenda.html",
    "techniques": "_techniques.html",
    "homework-review": "_homework_review.html",
    "homework-new": "_homework_new.html",
    "note": "_note.html",
}


@access.staff_required
def session_view(request, pk, number):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    episode = gated_episode(request, pk, change=False)
    loaded = queries.load_course(episode)
    session = _session(loaded, number)
    context = page_context(episode, loaded, session)
    note = context["note"]
    if note is not None:
        # The note is clinical content read by someone: its own event, besides the page's.
        shown(request, episode, "progress_note.viewed", note)
    return render_episode_page(
        request,
        "clinic/course/session.html",
        episode,
        action="session.viewed",
        obj=session,
        **context,
    )


def page_context(episode, loaded, session, bound=None):
    """Everything the session page and its parts show. `bound` maps a part to the bound form
    that was refused (and, for a questionnaire or a homework review, which one), so that
    part shows its messages while every other part shows what is saved."""
    bound = bound or {}
    facts, number = loaded.facts, session.number
    agenda = course.agenda_for(facts, number)
    # Which agenda tasks' tools hold nothing yet: asked once, for the form and the lists.
    missing = tools.unrecorded((item.task.key for item in agenda), session)
    editable = can_change(episode) and not facts.ended and not session.is_signed
    session_measures = list(session.administrations.order_by("created_at", "id"))
    expected = _expected_rows(loaded.schedule, number, session_measures)
    note = queries.note_of(session)
    return {
        "session": session,
        "plan": loaded.plan,
        "phase_name": facts.phase_name(facts.boundaries.phase_of(number)),
        "agenda": agenda,
        "read_rows": _read_rows(agenda, session, missing),
        "agenda_tools": tools.states(agenda, episode.pk, session, missing),
        "guides": loaded.plan.counsellor_mode,
        "editable": editable,
        "attendance_form": bound.get("attendance")
        or (
            AttendanceForm(
                session=session,
                planned_minutes=loaded.plan.session_minutes,
                prefix="attendance",
            )
            if editable
            else None
        ),
        "agenda_form": bound.get("agenda") or _agenda_form(editable, agenda, session, missing),
        "expected": expected,
        "measure_forms": _measure_forms(episode, session, expected, bound) if editable else [],
        "session_measures": session_measures,
        "area_strategies": formulation_queries.planned_strategies(episode),
        "session_techniques": worksheet_queries.technique_records_of_session(session),
        "technique_kinds": list(definitions.TECHNIQUES.values()),
        "technique_panel": bound.get("technique"),
        "homework_review": _homework_review(episode, session, editable, bound),
        "homework_set": worksheet_queries.homework_set_in(session),
        "homework_form": bound.get("homework")
        or _homework_form(editable, episode, loaded, session),
        "note": note,
        "next_step": _after_signing(episode, loaded, note),
        "note_form": bound.get("note") or _note_form(episode, session, note),
        "addendum_form": bound.get("addendum") or _addendum_form(episode, note),
        "risk": risk.risk_in_view(episode),
    }


def _after_signing(episode, loaded, note):
    """Once the note is signed, the course's next step, for the treating clinician."""
    if note is None or not note.is_signed or not can_change(episode):
        return None
    return next_step(episode, loaded, worksheet_queries.relapse_plan_of(episode))


def _agenda_form(editable, agenda, session, missing):
    # Open before the attendance is saved too, so the agenda can be filled in as the
    # session goes; it is saved once the session is recorded as attended.
    if not editable or (session.is_recorded and not session.attended):
        return None
    return AgendaForm(agenda=agenda, session=session, unrecorded=missing, prefix="agenda")


def _expected_rows(schedule, number, session_measures):
    """What the course schedule expects at this session: (name, recorded, answered at home)
    for each, and whether the session was missed (then nothing is expected)."""
    found = schedule.session(number)
    at_home = {m.instrument for m in session_measures if m.respondent == "client_at_home"}
    rows = [
        (schedule.catalogue.label(code), code in found.recorded, code in at_home)
        for code in found.expected
    ]
    return {"rows": rows, "missed": found.missed, "to_enter": _to_enter(found)}


def _to_enter(found):
    """Codes of the questionnaires still to enter here (diaries have pages of their own)."""
    offered = instruments.recordable()
    return [code for code in found.expected if code not in found.recorded and code in offered]


def _measure_forms(episode, session, expected, bound):
    """(definition, form, english_only) for each expected questionnaire not recorded yet;
    english_only says why it is asked in English for the reader (None: it is not), so the
    page can mark its wording lang="en"."""
    offered = instruments.recordable()
    refused_code, refused_form = bound.get("measure", (None, None))
    language = get_language()
    return [
        (
            offered[code],
            refused_form if code == refused_code else measure_form(episode, session, code),
            translations.english_only_reason(instruments.get(code), language),
        )
        for code in expected["to_enter"]
    ]


def measure_form(episode, session, code, data=None):
    return SessionAdministrationForm(
        data,
        prefix=code,
        definition=instruments.recordable()[code],
        episode=episode,
        prorate=measure_actions.prorates(episode.organisation, code),
        session=session,
    )


def _homework_review(episode, session, editable, bound):
    """The homework to review, in two groups with headings, each with its form."""
    review = worksheet_queries.homework_for_review(episode, session)
    refused_pk, refused_form = bound.get("review", (None, None))
    for homework in review["submitted"] + review["due"]:
        if not editable:
            homework.review_form = None
        elif homework.pk == refused_pk:
            homework.review_form = refused_form
        else:
            homework.review_form = ReviewForm(prefix=f"hw{homework.pk}")
    review["groups"] = [
        (review["submitted"], _("Submitted, to review with the client")),
        (
            review["due"],
            _("Due by %(day)s, not yet submitted") % {"day": date_format(review["by"], "j M Y")},
        ),
    ]
    return review


def _homework_form(editable, episode, loaded, session):
    if not editable:
        return None
    due = _next_session_day(loaded, session) or worksheet_queries.default_due_date(episode)
    return AssignForm(prefix="homework", initial={"due_on": due})


def _next_session_day(loaded, session):
    """The day of the next session after this one, when it is scheduled and still to come
    (a session recorded late may have a next session already past)."""
    later = [s for s in loaded.sessions if s.number == session.number + 1]
    if later and not later[0].is_recorded:
        day = timezone.localdate(later[0].scheduled_for)
        return day if day >= timezone.localdate() else None
    return None


def _note_form(episode, session, note):
    if not can_change(episode) or session.is_signed:
        return None
    return NoteForm(note=note, prefix="note")


def _addendum_form(episode, note):
    if not can_change(episode) or note is None or not note.is_signed:
        return None
    return AddendumForm(prefix="addendum")


def _read_rows(agenda, session, missing):
    """(agenda item, its record or None, its tool's state or None) for the read-only view
    of a recorded session."""
    if not session.is_recorded or not session.attended:
        return []
    records = {r.task_key: r for r in session.task_records.all()}
    return [
        (item, records.get(item.task.key), state)
        for item, state in tools.states(agenda, session.episode_id, session, missing)
    ]


# --- saving a part ---------------------------------------------------------------------------


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def session_for_change(request, pk, number):
    """(episode, loaded course, session) for a part's POST: the treating clinician only; a
    GET is 405 once the gate has run; an ended course is 403. A signed session is refused
    by each part itself (SignedRecordLocked), except the note's addenda."""
    episode = gated_episode(request, pk, change=True)
    if request.method != "POST":
        return None, None, None, HttpResponseNotAllowed(["POST"])
    loaded = queries.load_course(episode)
    session = _session(loaded, number)
    return episode, loaded, session, None


def unsigned_session_for_change(request, pk, number):
    """As session_for_change, for the parts a signed session no longer takes: an ended
    course is 403, a signed session the 409 of signed_refusal (as the refusal)."""
    episode, loaded, session, refused = session_for_change(request, pk, number)
    if refused:
        return None, None, None, refused
    _refuse_if_ended(loaded)
    if session.is_signed:
        return None, None, None, signed_refusal(request, episode, loaded, session)
    return episode, loaded, session, None


def _refuse_if_ended(loaded):
    if loaded.facts.ended:
        raise PermissionDenied(_("This course has ended, so its sessions cannot change."))


def signed_refusal(request, episode, loaded, session):
    """A change to a signed session: 409 and nothing written; the page says why."""
    message = _(
        "Session %(number)s is signed, so it can no longer change. Add a signed addendum to "
        "its note instead."
    ) % {"number": session.number}
    if is_htmx(request):
        return HttpResponse(format_html('<p class="error">{}</p>', message), status=409)
    messages.error(request, message)
    context = page_context(episode, loaded, session)
    return render_episode_page(
        request,
        "clinic/course/session.html",
        episode,
        action="session.viewed",
        status=409,
        **context,
    )


def refusing_signed(view):
    """A part's view that answers a session signed while the form was open (the action
    raises SignedRecordLocked, and writes nothing) as it answers one signed before."""

    @wraps(view)
    def wrapper(request, pk, number, *args, **kwargs):
        try:
            return view(request, pk, number, *args, **kwargs)
        except SignedRecordLocked:
            episode = gated_episode(request, pk, change=True)
            loaded = queries.load_course(episode)
            return signed_refusal(request, episode, loaded, _session(loaded, number))

    return wrapper


def part_saved(request, episode, number, part, message, *, also=()):
    """After a part was saved: with htmx the part again (and `also`, the risk banner and the
    status line, swapped out of band), fresh from the database; without, back to the page."""
    if not is_htmx(request):
        messages.success(request, message)
        url = reverse("clinic:course_session", args=[episode.pk, number])
        return redirect(f"{url}#part-{part}")
    loaded = queries.load_course(episode)
    session = _session(loaded, number)
    context = part_context(episode, page_context(episode, loaded, session))
    html = [render_part(_template(part), context, request)]
    for other in also:
        html.append(render_part(_template(other), {**context, "oob": True}, request))
    html.append(render_part("clinic/_risk_banner.html", {**context, "oob": True}, request))
    html.append(render_part("clinic/course/session/_status.html", {"message": message}, request))
    return HttpResponse("\n".join(html))


def technique_panel(request, episode, number, panel, *, status=200):
    """The techniques part with a technique form open in it (htmx), from worksheets'
    technique_new: the form stays on the session page, beside what is typed elsewhere."""
    loaded = queries.load_course(episode)
    session = _session(loaded, number)
    context = part_context(episode, page_context(episode, loaded, session, {"technique": panel}))
    return HttpResponse(render_part(_template("techniques"), context, request), status=status)


def part_refused(request, episode, loaded, session, part, bound):
    """A refused part: with htmx the part with its messages (422, which the page's htmx
    settings swap in); without, the whole page again (400) with what is saved elsewhere."""
    context = page_context(episode, loaded, session, bound)
    if is_htmx(request):
        body = render_part(_template(part), part_context(episode, context), request)
        return HttpResponse(body, status=422)
    return render_episode_page(
        request,
        "clinic/course/session.html",
        episode,
        action="session.viewed",
        status=400,
        **context,
    )


def part_context(episode, context):
    return {
        "episode": episode,
        "client": episode.client,
        "can_change": can_change(episode),
        **context,
    }


def _template(part):
    return f"clinic/course/session/{PARTS[part]}"


def render_part(template, context, request):
    """A part's markup alone (no leading comment or blank line, so htmx swaps an element)."""
    return render_to_string(template, context, request).strip()


@access.staff_required
@refusing_signed
def save_attendance(request, pk, number):
    episode, loaded, session, refused = unsigned_session_for_change(request, pk, number)
    if refused:
        return refused
    form = AttendanceForm(request.POST, session=session, prefix="attendance")
    if not form.is_valid():
        return part_refused(request, episode, loaded, session, "attendance", {"attendance": form})
    fresh = queries.session_to_change(session)
    actions.record_attendance(request.user, fresh, request=request, **form.cleaned_data)
    return part_saved(
        request,
        episode,
        number,
        "attendance",
        _("Attendance of session %(number)s saved.") % {"number": number},
        also=("agenda",),
    )


@access.staff_required
@refusing_signed
def save_agenda(request, pk, number):
    episode, loaded, session, refused = unsigned_session_for_change(request, pk, number)
    if refused:
        return refused
    agenda = course.agenda_for(loaded.facts, number)
    form = AgendaForm(request.POST, agenda=agenda, session=session, prefix="agenda")
    if form.is_valid():
        try:
            actions.record_agenda(
                request.user,
                queries.session_to_change(session),
                tasks=form.tasks(),
                without_record=form.without_record(),
                request=request,
            )
        except (actions.AgendaNeedsAttendance, actions.TaskNotRecorded) as problem:
            # TaskNotRecorded: a record was removed between the form's check and the save.
            form.add_error(None, str(problem))
        else:
            return part_saved(request, episode, number, "agenda", _("Agenda saved."))
    return part_refused(request, episode, loaded, session, "agenda", {"agenda": form})


@access.staff_required
@refusing_signed
def save_measure(request, pk, number, code):
    episode, loaded, session, refused = unsigned_session_for_change(request, pk, number)
    if refused:
        return refused
    if code not in instruments.recordable():
        raise Http404("No such questionnaire.")
    form = measure_form(episode, session, code, request.POST)
    if form.is_valid():
        try:
            administration = _record_measure(request, episode, session, code, form)
        except InvalidAnswers as problem:
            form.add_instrument_errors(problem.errors)
        else:
            return part_saved(
                request, episode, number, "measures", _measure_message(administration)
            )
    return part_refused(request, episode, loaded, session, "measures", {"measure": (code, form)})


def _record_measure(request, episode, session, code, form):
    data = form.cleaned_data
    return measure_actions.record_administration(
        request.user,
        episode,
        code,
        form.answers(),
        administered_on=data["administered_on"],
        respondent=data["respondent"],
        session=queries.session_to_change(session),
        request=request,
    )


def _measure_message(administration):
    text = _("%(name)s saved: %(total)s (%(band)s).") % {
        "name": administration.instrument_name,
        "total": administration.total,
        "band": administration.band_display,
    }
    if administration.risk_flags.exists():
        text += " " + _("A safety answer needs your follow-up: see the safety flag at the top.")
    return text


@access.staff_required
@refusing_signed
def review_homework(request, pk, number, homework):
    episode, loaded, session, refused = unsigned_session_for_change(request, pk, number)
    if refused:
        return refused
    found = worksheet_queries.homework_for(request.user, homework, access.CHANGE_CLINICAL)
    if found.episode_id != episode.pk:
        raise Http404("No such homework in this course.")
    form = ReviewForm(request.POST, prefix=f"hw{found.pk}")
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        if found.is_submitted:
            worksheet_actions.mark_homework_reviewed(
                request.user, found, comment=comment, session=session, request=request
            )
            message = _("%(title)s: marked reviewed.") % {"title": found.shown_title}
        else:
            worksheet_actions.mark_homework_done_on_paper(
                request.user, found, comment=comment, session=session, request=request
            )
            message = _("%(title)s: marked done on paper.") % {"title": found.shown_title}
        return part_saved(request, episode, number, "homework-review", message)
    return part_refused(
        request, episode, loaded, session, "homework-review", {"review": (found.pk, form)}
    )


@access.staff_required
@refusing_signed
def set_homework(request, pk, number):
    episode, loaded, session, refused = unsigned_session_for_change(request, pk, number)
    if refused:
        return refused
    form = AssignForm(request.POST, prefix="homework")
    if not form.is_valid():
        return part_refused(request, episode, loaded, session, "homework-new", {"homework": form})
    homework = worksheet_actions.assign_homework(
        request.user,
        episode,
        session=queries.session_to_change(session),
        request=request,
        **form.cleaned_data,
    )
    return part_saved(
        request,
        episode,
        number,
        "homework-new",
        _("Homework set: %(title)s.") % {"title": homework.shown_title},
    )


@access.staff_required
@refusing_signed
def save_note(request, pk, number):
    """Save the progress note as a draft, or sign it ("sign" in the form). With htmx, a
    pause in typing posts "autosave", which answers with a short status line only."""
    episode, loaded, session, refused = session_for_change(request, pk, number)
    if refused:
        return refused
    autosave = "autosave" in request.POST
    if session.is_signed:
        if autosave:
            return HttpResponse(_("This note is signed; the draft was not changed."))
        return signed_refusal(request, episode, loaded, session)
    signing = "sign" in request.POST and not autosave
    blockers = unfinished_agenda(course.agenda_for(loaded.facts, number), session)
    note = queries.note_of(session)
    form = NoteForm(
        request.POST,
        note=note,
        signing=signing,
        blockers=blockers if signing else (),
        prefix="note",
    )
    if autosave:
        return _autosaved(request, session, form)
    if form.is_valid():
        try:
            message = _write_note(request, session, form, signing)
        except actions.NoteRefused as problem:
            form.add_error(None, str(problem))
        else:
            return part_saved(request, episode, number, "note", message)
    return part_refused(request, episode, loaded, session, "note", {"note": form})


def _write_note(request, session, form, signing):
    if not signing:
        actions.save_note_draft(request.user, session, sections=form.sections(), request=request)
        return _("Draft of the note saved.")
    note = actions.sign_note(request.user, session, sections=form.sections(), request=request)
    if note.cosignature_required:
        return _("Note signed. It now waits for your supervisor's co-signature.")
    return _("Note signed. Session %(number)s can no longer change.") % {"number": session.number}


def _autosaved(request, session, form):
    if not form.is_valid():
        return HttpResponse(
            _("Not saved yet: %(problems)s") % {"problems": " ".join(_messages(form))}
        )
    note = actions.save_note_draft(request.user, session, sections=form.sections(), request=request)
    saved_at = timezone.localtime(note.updated_at)
    return HttpResponse(_("Draft saved %(when)s.") % {"when": date_format(saved_at, "j M, H:i")})


def _messages(form):
    return [format_html("{}", message) for errors in form.errors.values() for message in errors]


@access.staff_required
@refusing_signed
def add_addendum(request, pk, number):
    episode, loaded, session, refused = session_for_change(request, pk, number)
    if refused:
        return refused
    note = queries.note_of(session)
    if note is None or not note.is_signed:
        messages.info(request, _("Sign the note first; until then, change the draft itself."))
        return redirect("clinic:course_session", pk=episode.pk, number=number)
    form = AddendumForm(request.POST, prefix="addendum")
    if not form.is_valid():
        return part_refused(request, episode, loaded, session, "note", {"addendum": form})
    actions.add_note_addendum(request.user, note, request=request, **form.cleaned_data)
    return part_saved(request, episode, number, "note", _("Addendum added and signed."))


# --- notes beyond the session page: reading one, co-signing it ------------------------------


@access.staff_required
def progress_note(request, pk):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    note = queries.progress_note_for(request.user, pk)
    return render_episode_page(
        request,
        "clinic/course/note.html",
        note.episode,
        action="progress_note.viewed",
        obj=note,
        note=note,
        session=note.session,
        may_cosign=actions.may_cosign(request.user, note),
    )


@access.staff_required
def cosign_note(request, pk):
    note = queries.progress_note_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not note.waiting_for_cosignature:
        messages.info(request, _("This note does not wait for a co-signature."))
        return redirect("clinic:progress_note", pk=note.pk)
    try:
        actions.cosign_note(request.user, note, request=request)
    except actions.NoteRefused as problem:
        raise PermissionDenied(str(problem)) from problem
    messages.success(request, _("Note co-signed."))
    return redirect("clinic:supervision")
