"""Staff pages for worksheets, homework, technique records, assertive statements and the
relapse-prevention plan. Each goes through a gate (caseload/access.py and the gates built
on it in worksheets/queries.py); every page of an episode is audited as it is rendered
(pages.render_episode_page); every change goes through worksheets/actions.py."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from openipt.audit.record import record
from openipt.caseload import access
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
from openipt.worksheets.pdf import document_context, homework_document, pdf_response
from openipt.worksheets.statements import assemble

from . import sessions
from .pages import gated_episode, render_episode_page


def _definition(code, pool):
    if code not in pool:
        raise Http404("No such worksheet.")
    return pool[code]


def _page(request, template, episode, **context):
    return render_episode_page(request, f"clinic/worksheets/{template}", episode, **context)


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
    episode = gated_episode(request, pk, change=False)
    return _page(
        request,
        "homework_list.html",
        episode,
        action="homework.listed",
        homework=queries.homework_of(episode),
        homework_review=queries.homework_for_review(episode, queries.next_session(episode)),
        today=date.today(),
    )


@access.staff_required
def homework_assign(request, pk):
    episode = gated_episode(request, pk, change=True)
    initial = {
        "due_on": queries.default_due_date(episode),
        "worksheet": request.GET.get("worksheet", ""),
    }
    form = AssignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        homework = actions.assign_homework(
            request.user, episode, request=request, **form.cleaned_data
        )
        messages.success(
            request, gettext("Homework set: %(title)s.") % {"title": homework.shown_title}
        )
        return redirect("clinic:homework", pk=episode.pk)
    return _page(
        request,
        "homework_assign.html",
        episode,
        action="homework.assign_form_viewed",
        form=form,
        status=400 if form.errors else 200,
    )


@access.staff_required
def homework_detail(request, pk):
    homework = queries.homework_for(request.user, pk, access.need_for(request))
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.comment_on_homework(request.user, homework, request=request, **form.cleaned_data)
        messages.success(request, gettext("Comment saved. The client sees it in their portal."))
        return redirect("clinic:homework_detail", pk=homework.pk)
    return _page(
        request,
        "homework_detail.html",
        homework.episode,
        action="homework.viewed",
        obj=homework,
        homework=homework,
        comments=homework.comments.select_related("author"),
        sections=display_answers(homework.sheet, homework.answers),
        form=form,
        status=400 if form.errors else 200,
    )


@require_GET
@access.staff_required
def homework_pdf(request, pk):
    homework = queries.homework_for(request.user, pk)
    record(
        request.user, "homework.pdf_downloaded", homework, client=homework.client, request=request
    )
    return pdf_response(
        homework_document(homework), f"homework-{homework.client.reference}-{homework.pk}"
    )


# --- relapse-prevention plan ------------------------------------------------------------


PLAN_SAVED = gettext_lazy("Relapse-prevention plan saved. The client can see it in their portal.")
DRAFT_SAVED = gettext_lazy(
    "Draft saved. It is not finished: the client cannot see it yet, and it does not count "
    "as written until it is saved with its required answers."
)


@access.staff_required
def relapse_plan(request, pk):
    episode = gated_episode(request, pk, change=request.method == "POST")
    definition = definitions.get(definitions.RELAPSE_PREVENTION)
    plan = queries.relapse_plan_of(episode)
    people = queries.inventory_labels(episode)
    data = request.POST or None
    # "Save as a draft" keeps a half-written plan; "Save the plan" needs its required answers.
    draft = "draft" in request.POST
    form = AnswersForm(
        definition, data, answers=plan.answers if plan else None, people=people, require=not draft
    )
    booster = BoosterForm(data, initial={"booster_on": plan.booster_on if plan else None})
    if request.method == "POST" and form.is_valid() and booster.is_valid():
        actions.save_relapse_plan(
            request.user,
            episode,
            form.answers(),
            draft=draft,
            request=request,
            **booster.cleaned_data,
        )
        messages.success(request, DRAFT_SAVED if draft else PLAN_SAVED)
        return redirect("clinic:relapse_plan", pk=episode.pk)
    return _page(
        request,
        "relapse_plan.html",
        episode,
        action="relapse_plan.viewed",
        plan=plan,
        definition=definition,
        form=form,
        booster=booster,
        sections=display_answers(definition, plan.answers) if plan else None,
        status=400 if form.errors or booster.errors else 200,
    )


# --- assertive statements ---------------------------------------------------------------


@access.staff_required
def statements(request, pk):
    """The builder: without JavaScript "Show preview" posts and the page shows the sentence;
    with htmx the preview updates as the fields change (statement_preview)."""
    episode = gated_episode(request, pk, change=request.method == "POST")
    preview_url = reverse("clinic:statement_preview", args=[episode.pk])
    form = StatementForm(request.POST or None, preview_url=preview_url)
    sentence = assemble(*(request.POST.get(k, "") for k in StatementForm.base_fields))
    if request.method == "POST" and request.POST.get("save") and form.is_valid():
        actions.save_statement(request.user, episode, request=request, **form.cleaned_data)
        messages.success(request, gettext("Statement saved. It can be practised in a role play."))
        return redirect("clinic:statements", pk=episode.pk)
    if request.method == "POST" and not request.POST.get("save"):
        # Preview only: keep what was typed, show no errors for parts not written yet.
        form = StatementForm(initial=request.POST.dict(), preview_url=preview_url)
    return _page(
        request,
        "statements.html",
        episode,
        action="assertive_statements.viewed",
        form=form,
        sentence=sentence,
        saved=episode.assertive_statements.select_related("created_by"),
        status=400 if form.errors else 200,
    )


@access.staff_required
def statement_preview(request, pk):
    """The htmx partial: the sentence as typed so far. POST only, after the gate."""
    gated_episode(request, pk, change=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    sentence = assemble(*(request.POST.get(k, "") for k in StatementForm.base_fields))
    return render(request, "worksheets/_statement_preview.html", {"sentence": sentence})


# --- technique records -------------------------------------------------------------------


@require_GET
@access.staff_required
def techniques(request, pk):
    episode = gated_episode(request, pk, change=False)
    return _page(
        request,
        "techniques.html",
        episode,
        action="techniques.listed",
        records=queries.technique_records_of(episode),
        kinds=definitions.TECHNIQUES.values(),
    )


@access.staff_required
def technique_new(request, pk, code):
    """The technique record form. Opened from a session page (`?session=<number>`), it
    starts on that session and goes back there when saved; with htmx it opens inside the
    session page's techniques part instead of replacing the page."""
    episode = gated_episode(request, pk, change=True)
    definition = _definition(code, definitions.TECHNIQUES)
    data = request.POST or None
    form = AnswersForm(definition, data, people=queries.inventory_labels(episode), require=True)
    choices = queries.technique_choices(episode, code)
    from_session = _from_session(request, choices["sessions"])
    initial = {"session": from_session.pk} if from_session else None
    meta = TechniqueMetaForm(data, initial=initial, **choices)
    if request.method == "POST" and form.is_valid() and meta.is_valid():
        row = actions.record_technique(
            request.user,
            episode,
            code,
            form.answers(),
            request=request,
            **meta.chosen(),
        )
        if from_session is not None:
            message = gettext("%(technique)s recorded.") % {"technique": definition.name}
            return sessions.part_saved(request, episode, from_session.number, "techniques", message)
        messages.success(
            request, gettext("%(technique)s recorded.") % {"technique": definition.name}
        )
        return redirect("clinic:technique", pk=row.pk)
    panel = {
        "definition": definition,
        "form": form,
        "meta": meta,
        "has_sessions": bool(choices["sessions"]),
        "url": request.get_full_path(),
    }
    refused = bool(form.errors or meta.errors)
    if from_session is not None and sessions.is_htmx(request):
        return sessions.technique_panel(
            request, episode, from_session.number, panel, status=422 if refused else 200
        )
    return _page(
        request,
        "technique_form.html",
        episode,
        action="technique.form_viewed",
        from_session=from_session,
        status=400 if refused else 200,
        **panel,
    )


def _from_session(request, sessions_of_episode):
    """The episode's session named by `?session=<number>`, or None."""
    number = request.GET.get("session", "")
    return next((s for s in sessions_of_episode if str(s.number) == number), None)


@require_GET
@access.staff_required
def technique_detail(request, pk):
    row = queries.technique_record_for(request.user, pk)
    return _page(
        request,
        "technique_detail.html",
        row.episode,
        action="technique.viewed",
        obj=row,
        row=row,
        definition=row.definition,
        sections=display_answers(row.definition, row.answers),
    )
