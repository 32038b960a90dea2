"""Staff pages for worksheets, homework, technique records, assertive statements and the
relapse-prevention plan. Each goes through a gate in caseload/access.py; pages that show a
client's record write an audit event; every change goes through worksheets/actions.py."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from openipt.audit.record import record
from openipt.caseload import access
from openipt.formulation.models import ProblemArea
from openipt.protocol.models import Session
from openipt.worksheets import actions, definitions, queries
from openipt.worksheets.forms import (
    AnswersForm,
    AssignForm,
    BoosterForm,
    CommentForm,
    StatementForm,
    TechniqueMetaForm,
    display_answers,
)
from openipt.worksheets.models import Homework, RelapsePreventionPlan, TechniqueRecord
from openipt.worksheets.pdf import document_context, homework_document, pdf_response
from openipt.worksheets.statements import assemble

DEFAULT_DUE_DAYS = 7  # when no next session is scheduled


def _context(episode, **extra):
    return {
        "episode": episode,
        "client": episode.client,
        "can_change": access.CHANGE_CLINICAL in episode.permissions,
        "nav": "clients",
        **extra,
    }


def _homework_for(user, pk, need):
    """Homework through the episode gate: 404 outside the organisation, 403 not theirs."""
    homework = Homework.objects.filter(pk=pk, episode__organisation_id=user.organisation_id).first()
    if homework is None:
        raise Http404("No such homework.")
    homework.episode = access.episode_for(user, homework.episode_id, need=need)
    return homework


def _definition(code, pool):
    if code not in pool:
        raise Http404("No such worksheet.")
    return pool[code]


# --- the worksheet library (definitions only, no client data) ---------------------------


@require_GET
@access.staff_required
def worksheet_library(request):
    context = {
        "worksheets": definitions.WORKSHEETS.values(),
        "techniques": definitions.TECHNIQUES.values(),
        "nav": "clients",
    }
    return render(request, "clinic/worksheets/library.html", context)


@require_GET
@access.staff_required
def worksheet_blank(request, code):
    definition = _definition(code, definitions.ALL)
    context = document_context(definition, blank=True, nav="clients")
    return render(request, "clinic/worksheets/blank.html", context)


@require_GET
@access.staff_required
def worksheet_blank_pdf(request, code):
    definition = _definition(code, definitions.ALL)
    return pdf_response(document_context(definition, blank=True), f"{code}-blank")


# --- homework -------------------------------------------------------------------------


@require_GET
@access.staff_required
def homework_list(request, pk):
    episode = access.episode_for(request.user, pk, need=access.VIEW_CLINICAL)
    record(request.user, "homework.listed", episode, client=episode.client, request=request)
    context = _context(
        episode,
        homework=queries.homework_of(episode),
        homework_review=queries.homework_for_review(episode, queries.next_session(episode)),
        today=date.today(),
    )
    return render(request, "clinic/worksheets/homework_list.html", context)


def _default_due(episode):
    upcoming = queries.next_session(episode)
    return (
        upcoming.scheduled_for.date()
        if upcoming
        else date.today() + timedelta(days=DEFAULT_DUE_DAYS)
    )


@access.staff_required
def homework_assign(request, pk):
    episode = access.episode_for(request.user, pk, need=access.CHANGE_CLINICAL)
    initial = {"due_on": _default_due(episode), "worksheet": request.GET.get("worksheet", "")}
    form = AssignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        homework = actions.assign_homework(
            request.user, episode, request=request, **form.cleaned_data
        )
        messages.success(request, f"Homework set: {homework.title}.")
        return redirect("clinic:homework", pk=episode.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "clinic/worksheets/homework_assign.html",
        _context(episode, form=form),
        status=status,
    )


@access.staff_required
def homework_detail(request, pk):
    need = access.CHANGE_CLINICAL if request.method == "POST" else access.VIEW_CLINICAL
    homework = _homework_for(request.user, pk, need)
    episode = homework.episode
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.comment_on_homework(request.user, homework, request=request, **form.cleaned_data)
        messages.success(request, "Comment saved. The client sees it in their portal.")
        return redirect("clinic:homework_detail", pk=homework.pk)
    record(request.user, "homework.viewed", homework, client=episode.client, request=request)
    context = _context(
        episode,
        homework=homework,
        comments=homework.comments.select_related("author"),
        sections=display_answers(homework.sheet, homework.answers),
        form=form,
    )
    return render(
        request,
        "clinic/worksheets/homework_detail.html",
        context,
        status=400 if form.errors else 200,
    )


@require_GET
@access.staff_required
def homework_pdf(request, pk):
    homework = _homework_for(request.user, pk, access.VIEW_CLINICAL)
    record(
        request.user, "homework.pdf_downloaded", homework, client=homework.client, request=request
    )
    return pdf_response(
        homework_document(homework), f"homework-{homework.client.reference}-{homework.pk}"
    )


# --- relapse-prevention plan ------------------------------------------------------------


@access.staff_required
def relapse_plan(request, pk):
    need = access.CHANGE_CLINICAL if request.method == "POST" else access.VIEW_CLINICAL
    episode = access.episode_for(request.user, pk, need=need)
    definition = definitions.get(definitions.RELAPSE_PREVENTION)
    plan = RelapsePreventionPlan.objects.filter(episode=episode).first()
    people = queries.inventory_labels(episode)
    data = request.POST or None
    form = AnswersForm(
        definition, data, answers=plan.answers if plan else None, people=people, require=True
    )
    booster = BoosterForm(data, initial={"booster_on": plan.booster_on if plan else None})
    if request.method == "POST" and form.is_valid() and booster.is_valid():
        actions.save_relapse_plan(
            request.user, episode, form.answers(), request=request, **booster.cleaned_data
        )
        messages.success(
            request, "Relapse-prevention plan saved. The client can see it in their portal."
        )
        return redirect("clinic:relapse_plan", pk=episode.pk)
    record(request.user, "relapse_plan.viewed", episode, client=episode.client, request=request)
    context = _context(
        episode,
        plan=plan,
        definition=definition,
        form=form,
        booster=booster,
        sections=display_answers(definition, plan.answers) if plan else None,
    )
    invalid = bool(form.errors or booster.errors)
    return render(
        request, "clinic/worksheets/relapse_plan.html", context, status=400 if invalid else 200
    )


# --- assertive statements ---------------------------------------------------------------


@access.staff_required
def statements(request, pk):
    """The builder: without JavaScript "Show preview" posts and the page shows the sentence;
    with htmx the preview updates as the fields change (statement_preview)."""
    need = access.CHANGE_CLINICAL if request.method == "POST" else access.VIEW_CLINICAL
    episode = access.episode_for(request.user, pk, need=need)
    preview_url = reverse("clinic:statement_preview", args=[episode.pk])
    form = StatementForm(request.POST or None, preview_url=preview_url)
    sentence = assemble(*(request.POST.get(k, "") for k in StatementForm.base_fields))
    if request.method == "POST" and request.POST.get("save") and form.is_valid():
        actions.save_statement(request.user, episode, request=request, **form.cleaned_data)
        messages.success(request, "Statement saved. It can be practised in a role play.")
        return redirect("clinic:statements", pk=episode.pk)
    if request.method == "POST" and not request.POST.get("save"):
        # Preview only: keep what was typed, show no errors for parts not written yet.
        form = StatementForm(initial=request.POST.dict(), preview_url=preview_url)
    record(
        request.user, "assertive_statements.viewed", episode, client=episode.client, request=request
    )
    context = _context(
        episode,
        form=form,
        sentence=sentence,
        saved=episode.assertive_statements.select_related("created_by"),
    )
    return render(
        request, "clinic/worksheets/statements.html", context, status=400 if form.errors else 200
    )


@access.staff_required
def statement_preview(request, pk):
    """The htmx partial: the sentence as typed so far. POST only, after the gate."""
    access.episode_for(request.user, pk, need=access.CHANGE_CLINICAL)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    sentence = assemble(*(request.POST.get(k, "") for k in StatementForm.base_fields))
    return render(request, "worksheets/_statement_preview.html", {"sentence": sentence})


# --- technique records -------------------------------------------------------------------


@require_GET
@access.staff_required
def techniques(request, pk):
    episode = access.episode_for(request.user, pk, need=access.VIEW_CLINICAL)
    rows = episode.technique_records.select_related("session", "problem_area", "recorded_by")
    record(request.user, "techniques.listed", episode, client=episode.client, request=request)
    context = _context(episode, records=rows, kinds=definitions.TECHNIQUES.values())
    return render(request, "clinic/worksheets/techniques.html", context)


@access.staff_required
def technique_new(request, pk, code):
    episode = access.episode_for(request.user, pk, need=access.CHANGE_CLINICAL)
    definition = _definition(code, definitions.TECHNIQUES)
    data = request.POST or None
    form = AnswersForm(definition, data, people=queries.inventory_labels(episode), require=True)
    sessions = list(Session.objects.filter(episode=episode).order_by("number"))
    areas = list(ProblemArea.objects.filter(episode=episode, set_aside_at__isnull=True))
    statements_ = list(episode.assertive_statements.all()) if code == "role_play" else []
    meta = TechniqueMetaForm(data, sessions=sessions, areas=areas, statements=statements_)
    if request.method == "POST" and form.is_valid() and meta.is_valid():
        by_pk = {s.pk: s for s in sessions}
        chosen = meta.cleaned_data
        row = actions.record_technique(
            request.user,
            episode,
            code,
            form.answers(),
            session=by_pk[chosen["session"]],
            problem_area=next((a for a in areas if a.pk == chosen["problem_area"]), None),
            statement=next((s for s in statements_ if s.pk == chosen["statement"]), None),
            request=request,
        )
        messages.success(request, f"{definition.name} recorded.")
        return redirect("clinic:technique", pk=row.pk)
    context = _context(
        episode, definition=definition, form=form, meta=meta, has_sessions=bool(sessions)
    )
    invalid = bool(form.errors or meta.errors)
    return render(
        request, "clinic/worksheets/technique_form.html", context, status=400 if invalid else 200
    )


@require_GET
@access.staff_required
def technique_detail(request, pk):
    row = TechniqueRecord.objects.filter(
        pk=pk, episode__organisation_id=request.user.organisation_id
    ).first()
    if row is None:
        raise Http404("No such record.")
    episode = access.episode_for(request.user, row.episode_id, need=access.VIEW_CLINICAL)
    record(request.user, "technique.viewed", row, client=episode.client, request=request)
    context = _context(
        episode,
        row=row,
        definition=row.definition,
        sections=display_answers(row.definition, row.answers),
    )
    return render(request, "clinic/worksheets/technique_detail.html", context)
