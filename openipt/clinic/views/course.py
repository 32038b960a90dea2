"""Course pages: intake, start, contract, phases, ending, counsellor escalation and the
course's fidelity (sessions and their agendas are in sessions.py).

Every page goes through the episode gate: viewing a course is for the treating clinician
and their supervisor, changing it for the treating clinician; the organisation admin sees
none of it. Every page is audited as it is rendered; every change goes through
protocol.actions.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openipt.caseload import access
from openipt.measures import actions as measure_actions
from openipt.measures import instruments, risk
from openipt.measures import queries as measure_queries
from openipt.measures.forms import AskedAtMeetingForm
from openipt.measures.instruments import translations
from openipt.protocol import actions, course, escalation, queries, tools
from openipt.protocol.forms.ending import EndCourseForm
from openipt.protocol.forms.follow_up import FollowUpForm
from openipt.protocol.forms.intake import IntakeForm
from openipt.protocol.forms.plan import BoundaryForm, ContractForm, StartCourseForm
from openipt.worksheets import queries as worksheet_queries

from .pages import can_change, gated_episode, render_episode_page


def course_page(request, template, episode, **context):
    return render_episode_page(request, f"clinic/course/{template}", episode, **context)


def changeable_course(request, episode):
    """The course for a change page, or a redirect saying why it cannot change."""
    loaded = queries.load_course(episode)
    if loaded is None:
        messages.info(request, _("Start a course first."))
        return None, redirect("clinic:course", pk=episode.pk)
    if loaded.facts.ended:
        messages.info(request, _("This course has ended, so it can no longer be changed."))
        return None, redirect("clinic:course", pk=episode.pk)
    return loaded, None


def _escalation_reasons(episode, modality, intake, risk_shown=None):
    facts = escalation.facts_for(episode, intake, risk=risk_shown)
    return escalation.reasons_for(episode, modality, facts)


# --- the course view -------------------------------------------------------------------


@access.staff_required
def course_view(request, pk):
    episode = gated_episode(request, pk, change=False)
    loaded = queries.load_course(episode)
    intake = queries.latest_intake(episode)
    context = {
        "course": loaded,
        "intake": intake,
        "referrals": list(episode.referrals.all()),
        "risk": risk.risk_in_view(episode, latest_intake=intake),
    }
    if loaded is not None:
        context.update(_course_state(episode, loaded, intake, context["risk"]))
        context.update(_episode_tools(episode))
    return course_page(request, "course.html", episode, action="course.viewed", **context)


def _episode_tools(episode):
    """What the course page shows of the episode's own tools, so the course is the one
    place to work from: the latest scores, the homework and the relapse-prevention plan."""
    return {
        "latest_scores": measure_queries.latest_scores(episode),
        "homework": worksheet_queries.homework_counts(episode),
        "relapse_plan": worksheet_queries.relapse_plan_of(episode),
    }


@dataclass(frozen=True)
class NextStep:
    """The one primary step of a course after what was just done: its words and address."""

    label: str
    url: str


def next_step(episode, loaded, relapse_plan) -> NextStep | None:
    """The course page's next step (course.html): the next session to record or schedule,
    then the relapse-prevention plan, then the ending; None once the course has ended."""
    facts = loaded.facts
    if facts.ended:
        return None
    where = course.position(facts)
    number = where.next_number
    if number is not None:
        if any(session.number == number for session in loaded.sessions):
            return NextStep(
                _("Record session %(number)s") % {"number": number},
                reverse("clinic:course_session", args=[episode.pk, number]),
            )
        return NextStep(
            _("Schedule session %(number)s") % {"number": number},
            reverse("clinic:course_schedule", args=[episode.pk]),
        )
    if relapse_plan is None or relapse_plan.is_draft:
        words = (
            _("Finish the relapse-prevention plan")
            if relapse_plan
            else _("Write the relapse-prevention plan")
        )
        return NextStep(words, reverse("clinic:relapse_plan", args=[episode.pk]))
    return NextStep(_("End the course"), reverse("clinic:course_end", args=[episode.pk]))


def _course_state(episode, loaded, intake, risk_shown):
    facts = loaded.facts
    where = course.position(facts)
    next_session = next((s for s in loaded.sessions if s.number == where.next_number), None)
    agenda = course.agenda_for(facts, where.next_number) if where.next_number else []
    return {
        "plan": loaded.plan,
        "facts": facts,
        "where": where,
        "spans": course.phase_spans(facts),
        "bar": course.progress_cells(facts),
        "overdue": course.overdue_items(facts),
        "agenda": agenda,
        "agenda_tools": tools.states(agenda, episode.pk, next_session),
        "next_session": next_session,
        "history": course.session_history(facts, loaded.sessions),
        "contract": getattr(loaded.plan.episode, "treatment_contract", None),
        "ending": getattr(loaded.plan.episode, "course_ending", None),
        "follow_ups": list(episode.follow_up_sessions.all()),
        "links": queries.course_links(loaded.plan),
        "escalation": _escalation_reasons(episode, facts.modality, intake, risk_shown),
        "last_alert": queries.latest_supervisor_alert(episode),
        "measure_plan": queries.measure_plan(
            facts.modality, episode.organisation, loaded.schedule.catalogue
        ),
    }


# --- intake and start ------------------------------------------------------------------


def asked_phq9(request, episode):
    """The PHQ-9 asked item by item inside the intake or ending form (blank: not asked).
    Its `english_only` says why it is asked in English for the reader (None: it is not),
    so the page marks its wording lang="en"."""
    form = AskedAtMeetingForm(
        request.POST or None,
        prefix="phq9",
        definition=instruments.QUESTIONNAIRES["phq9"],
        prorate=measure_actions.prorates(episode.organisation, "phq9"),
    )
    form.english_only = translations.english_only_reason(instruments.get("phq9"), get_language())
    return form


def warn_of_safety_answer(request, administration):
    if administration is not None and administration.risk_flags.exists():
        messages.warning(
            request, _("The PHQ-9 has a safety answer that needs your follow-up: see the flag.")
        )


@access.staff_required
def intake(request, pk):
    episode = gated_episode(request, pk, change=True)
    form = IntakeForm(request.POST or None)
    phq9 = asked_phq9(request, episode)
    if (
        request.method == "POST"
        and all([form.is_valid(), phq9.is_valid()])
        and phq9.confirm_if_repeated(episode, day=form.cleaned_data["screened_on"])
    ):
        screen, administration = measure_actions.record_intake_screen(
            request.user,
            episode,
            phq9_answers=phq9.answers_given(),
            referral=form.referral_data(),
            medication_review=form.medication_review_data(),
            request=request,
            **form.screen_data(),
        )
        warn_of_safety_answer(request, administration)
        if screen.exclusions:
            messages.warning(
                request,
                _(
                    "Intake screen saved. It found an exclusion, so IPT is not suitable as the "
                    "main treatment; the referral has been recorded."
                ),
            )
            return redirect("clinic:course", pk=episode.pk)
        messages.success(request, _("Intake screen saved."))
        if queries.has_course(episode):
            return redirect("clinic:course", pk=episode.pk)
        return redirect("clinic:course_start", pk=episode.pk)
    return course_page(
        request,
        "intake.html",
        episode,
        action="course.intake_form_viewed",
        form=form,
        phq9=phq9,
    )


@access.staff_required
def start(request, pk):
    episode = gated_episode(request, pk, change=True)
    if queries.has_course(episode):
        return redirect("clinic:course", pk=episode.pk)
    screen = queries.latest_intake(episode)
    if screen is None:
        messages.info(request, _("A course begins with the intake screen: record it first."))
        return redirect("clinic:course_intake", pk=episode.pk)
    form = StartCourseForm(
        request.POST or None,
        organisation_defaults=episode.organisation.planned_session_defaults,
        show_override=bool(screen.exclusions),
        date_of_birth=episode.client.date_of_birth,
        earlier_courses=queries.ended_courses_of(episode),
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
            messages.success(request, _("Course started."))
            return redirect("clinic:course", pk=episode.pk)
    return course_page(
        request,
        "start.html",
        episode,
        action="course.start_form_viewed",
        form=form,
        intake=screen,
        start_requests=queries.start_requests_of(episode),
        measure_plans=queries.measure_plans(episode.organisation),
    )


# --- contract and phases ---------------------------------------------------------------


@access.staff_required
def contract(request, pk):
    episode = gated_episode(request, pk, change=True)
    loaded, leave = changeable_course(request, episode)
    if leave:
        return leave
    plan = loaded.plan
    form = ContractForm(
        request.POST or None,
        plan=plan,
        contract=getattr(plan.episode, "treatment_contract", None),
        recorded_numbers=loaded.facts.recorded_numbers,
    )
    if request.method == "POST" and form.is_valid():
        actions.record_contract(request.user, plan, request=request, **form.contract_data())
        messages.success(request, _("Treatment contract saved."))
        return redirect("clinic:course", pk=episode.pk)
    return course_page(
        request, "contract.html", episode, action="course.contract_viewed", form=form, plan=plan
    )


@access.staff_required
def boundaries(request, pk):
    episode = gated_episode(request, pk, change=True)
    loaded, leave = changeable_course(request, episode)
    if leave:
        return leave
    plan = loaded.plan
    form = BoundaryForm(
        request.POST or None, plan=plan, recorded_numbers=loaded.facts.recorded_numbers
    )
    if request.method == "POST" and form.is_valid():
        actions.move_boundaries(request.user, plan, request=request, **form.cleaned_data)
        messages.success(request, _("Phase boundaries moved."))
        return redirect("clinic:course", pk=episode.pk)
    return course_page(
        request,
        "boundaries.html",
        episode,
        action="course.boundaries_form_viewed",
        form=form,
        plan=plan,
        spans=course.phase_spans(loaded.facts),
    )


# --- ending ----------------------------------------------------------------------------


@access.staff_required
def end(request, pk):
    episode = gated_episode(request, pk, change=True)
    loaded, leave = changeable_course(request, episode)
    if leave:
        return leave
    facts = loaded.facts
    initial = {
        "missed_sessions": course.trailing_missed(facts.sessions) or None,
        "ended_on": course.last_attended_on(facts.sessions),
    }
    form = EndCourseForm(request.POST or None, initial=initial)
    phq9 = asked_phq9(request, episode)
    if (
        request.method == "POST"
        and all([form.is_valid(), phq9.is_valid()])
        and phq9.confirm_if_repeated(episode, day=form.cleaned_data["ended_on"])
    ):
        try:
            _ending, administration = measure_actions.end_course(
                request.user,
                loaded.plan,
                phq9_answers=phq9.answers_given(),
                request=request,
                **form.ending_data(),
            )
        except actions.CourseAlreadyEnded as ended:
            messages.info(request, str(ended))
            return redirect("clinic:course", pk=episode.pk)
        warn_of_safety_answer(request, administration)
        messages.success(request, _("The course has ended and the summary is saved."))
        return redirect("clinic:course", pk=episode.pk)
    first, last = measure_actions.phq9_summary(episode)
    return course_page(
        request,
        "end.html",
        episode,
        action="course.end_form_viewed",
        form=form,
        phq9=phq9,
        first_phq9=first,
        last_phq9=last,
        plan=loaded.plan,
        facts=facts,
        where=course.position(facts),
        relapse_plan=worksheet_queries.relapse_plan_of(episode),
    )


# --- booster and maintenance sessions after the ending ------------------------------------


@access.staff_required
def follow_up(request, pk, follow_up):
    """One booster or maintenance session: viewed by the treating clinician and their
    supervisor, recorded by the treating clinician."""
    episode = gated_episode(request, pk, change=request.method == "POST")
    found = queries.follow_up_of(episode, follow_up)
    if found is None:
        raise Http404("No such follow-up session.")
    editable = can_change(episode)
    form = FollowUpForm(request.POST or None, follow_up=found) if editable else None
    phq9 = asked_phq9(request, episode) if editable else None
    if (
        request.method == "POST"
        and all([form.is_valid(), phq9.is_valid()])
        and phq9.confirm_if_repeated(episode, day=form.cleaned_data["held_on"])
    ):
        found, administration = measure_actions.record_follow_up(
            request.user,
            found,
            phq9_answers=phq9.answers_given(),
            request=request,
            **form.follow_up_data(),
        )
        warn_of_safety_answer(request, administration)
        messages.success(request, _("The follow-up session is saved."))
        return redirect("clinic:course_follow_up", pk=episode.pk, follow_up=found.pk)
    return course_page(
        request,
        "follow_up.html",
        episode,
        action="follow_up.viewed",
        obj=found,
        follow_up=found,
        form=form,
        phq9=phq9,
        scores=queries.follow_up_scores(found),
        relapse_plan=worksheet_queries.relapse_plan_of(episode),
    )


# --- counsellor mode -------------------------------------------------------------------


@access.staff_required
def escalate(request, pk):
    episode = gated_episode(request, pk, change=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = queries.plan_of(episode)
    if plan is None:
        raise Http404("This episode has no course.")
    reasons = _escalation_reasons(episode, plan.definition, queries.latest_intake(episode))
    alert = actions.alert_supervisor(request.user, episode, reasons, request=request)
    if alert is None:
        messages.info(request, _("Your supervisor was already told about this in the last week."))
    elif alert.supervisor is None:
        messages.warning(request, _("Noted, but no supervisor is assigned to you. Ask your admin."))
    else:
        messages.success(
            request, _("%(name)s has been told.") % {"name": alert.supervisor.display_name}
        )
    return redirect("clinic:course", pk=episode.pk)


# --- fidelity --------------------------------------------------------------------------


@access.staff_required
def course_fidelity(request, pk):
    episode = gated_episode(request, pk, change=False)
    return course_page(
        request,
        "fidelity_episode.html",
        episode,
        action="course.fidelity_viewed",
        # The one page that shows every unit of the score: it scores this course.
        course=queries.load_course(episode, scoring=True),
    )
