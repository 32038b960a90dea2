"""The client's homework and relapse-prevention plan. Every query starts from
access.portal_client(request.user): another client's homework is a 404."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from openipt.audit.record import record
from openipt.caseload import access
from openipt.worksheets import actions, queries
from openipt.worksheets.forms import AnswersForm, display_answers
from openipt.worksheets.pdf import document_context, homework_document, pdf_response

DRAFT, SUBMIT = "draft", "submit"


@require_GET
@access.client_required
def homework_list(request):
    client = access.portal_client(request.user)
    record(request.user, "portal.homework_listed", client, client=client, request=request)
    context = {
        "client": client,
        "homework": queries.portal_homework(client),
        "today": date.today(),
        "nav": "homework",
    }
    return render(request, "portal/worksheets/homework_list.html", context)


@access.client_required
def homework_detail(request, pk):
    client = access.portal_client(request.user)
    homework = queries.own_homework(client, pk)
    definition = homework.sheet
    if request.method == "POST" and not homework.is_submitted:
        response = _save(request, homework, definition)
        if response is not None:
            return response
        form = request.worksheet_form
    else:
        form = AnswersForm(
            definition, answers=homework.answers, people=queries.inventory_labels(homework.episode)
        )
    record(request.user, "portal.homework_viewed", homework, client=client, request=request)
    context = {
        "client": client,
        "homework": homework,
        "definition": definition,
        "form": form,
        "sections": display_answers(definition, homework.answers),
        "comments": homework.comments.all(),
        "nav": "homework",
    }
    return render(
        request,
        "portal/worksheets/homework_detail.html",
        context,
        status=400 if form.errors else 200,
    )


def _save(request, homework, definition):
    """Save a draft or submit; on invalid input return None with the bound form on the
    request, and nothing saved (an earlier draft stays as it was)."""
    submit = request.POST.get("action") == SUBMIT
    people = queries.inventory_labels(homework.episode)
    form = AnswersForm(
        definition, request.POST, answers=homework.answers, people=people, require=submit
    )
    if not form.is_valid():
        request.worksheet_form = form
        return None
    try:
        if submit:
            actions.submit_homework(request.user, homework, form.answers(), request=request)
            messages.success(
                request, gettext("Thank you: your homework has been sent to your clinician.")
            )
        else:
            actions.save_draft(request.user, homework, form.answers(), request=request)
            messages.success(request, gettext("Draft saved. You can come back to it at any time."))
    except actions.HomeworkClosed:
        # Sent from another window or device after this page was read: it stays as sent.
        messages.info(
            request,
            gettext("This homework had already been sent to your clinician, so nothing changed."),
        )
    return redirect("portal:homework_detail", pk=homework.pk)


@require_GET
@access.client_required
def homework_pdf(request, pk):
    client = access.portal_client(request.user)
    homework = queries.own_homework(client, pk)
    record(request.user, "portal.homework_pdf_downloaded", homework, client=client, request=request)
    context = homework_document(homework)
    return pdf_response(context, f"homework-{homework.pk}")


@require_GET
@access.client_required
def relapse_plan(request):
    client = access.portal_client(request.user)
    plans = list(queries.own_relapse_plans(client))
    for plan in plans:
        plan.sections = display_answers(plan.definition, plan.answers)
    record(request.user, "portal.relapse_plan_viewed", client, client=client, request=request)
    context = {"client": client, "plans": plans, "nav": "homework"}
    return render(request, "portal/worksheets/relapse_plan.html", context)


@require_GET
@access.client_required
def relapse_plan_pdf(request, pk):
    client = access.portal_client(request.user)
    plan = access.own_record(
        client, queries.own_relapse_plans(client), pk, what="plan", client_path="episode__client"
    )
    record(request.user, "portal.relapse_plan_pdf_downloaded", plan, client=client, request=request)
    facts = []
    if plan.booster_on:
        facts.append((gettext("Booster check-in"), date_format(plan.booster_on, "j F Y")))
    title = gettext("My relapse-prevention plan")
    context = document_context(plan.definition, plan.answers, title=title, extra_facts=facts)
    return pdf_response(context, "relapse-prevention-plan")
