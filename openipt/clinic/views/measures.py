"""Staff pages for measures: recording a questionnaire, its result, risk flags, the progress
report (PDF) and the FHIR export. Every page goes through a gate; pages that show a client's
record write an audit event."""

from datetime import date

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from openipt.accounts.models import Organisation
from openipt.audit.record import record
from openipt.caseload import access
from openipt.fhir.questionnaire_response import administration_bundle
from openipt.measures import actions, queries
from openipt.measures.forms import AdministrationForm, ResolutionForm, recordable_instruments
from openipt.measures.instruments.base import InvalidAnswers


@access.staff_required
def measure_new(request, pk):
    episode = access.episode_for(request.user, pk, need=access.CHANGE_CLINICAL)
    offered = recordable_instruments()
    code = request.GET.get("instrument", "")
    context = {"episode": episode, "client": episode.client, "nav": "clients"}
    if code not in offered:
        record(request.user, "measure.form_viewed", episode, client=episode.client, request=request)
        return render(request, "clinic/measures/choose.html", {**context, "offered": offered})
    organisation = Organisation.objects.get(pk=episode.organisation_id)
    prorate = actions.prorates(organisation, code)
    data = request.POST if request.method == "POST" else None
    form = AdministrationForm(data, definition=offered[code], episode=episode, prorate=prorate)
    if request.method == "POST" and form.is_valid():
        try:
            administration = _record(request, episode, code, form)
        except InvalidAnswers as refused:
            # Only if the organisation's proration choice changed while the form was open.
            form.add_instrument_errors(refused.errors)
        else:
            return redirect("clinic:measure", pk=administration.pk)
    if request.method != "POST":
        record(request.user, "measure.form_viewed", episode, client=episode.client, request=request)
    context.update(form=form, definition=offered[code], prorate=prorate)
    return render(request, "clinic/measures/record.html", context)


def _record(request, episode, code, form):
    data = form.cleaned_data
    administration = actions.record_administration(
        request.user,
        episode,
        code,
        form.answers(),
        administered_on=data["administered_on"],
        respondent=data["respondent"],
        session=data["session"],
        request=request,
    )
    name, total, band = administration.instrument_name, administration.total, administration.band
    text = f"{name} recorded: {total} ({band})."
    if administration.risk_flags.exists():
        messages.warning(
            request,
            text + " A safety answer needs your follow-up: see the safety flag below.",
        )
    else:
        messages.success(request, text)
    return administration


@access.staff_required
def measure_detail(request, pk):
    administration = queries.administration_for(request.user, pk)
    episode = administration.episode
    record(request.user, "measure.viewed", administration, client=episode.client, request=request)
    context = {
        "administration": administration,
        "episode": episode,
        "client": episode.client,
        "flags": list(administration.risk_flags.all()),
        "items": list(administration.answered_items()),
        "nav": "clients",
    }
    return render(request, "clinic/measures/administration.html", context)


@require_GET
@access.staff_required
def measure_fhir(request, pk):
    administration = queries.administration_for(request.user, pk)
    client = administration.episode.client
    bundle = administration_bundle(administration, client=client)
    record(request.user, "measure.fhir_exported", administration, client=client, request=request)
    return JsonResponse(
        bundle, content_type="application/fhir+json", json_dumps_params={"indent": 2}
    )


@access.staff_required
def risk_flag(request, pk):
    posting = request.method == "POST"
    need = access.CHANGE_CLINICAL if posting else access.VIEW_CLINICAL
    flag = queries.risk_flag_for(request.user, pk, need=need)
    if posting and request.POST.get("action") == "acknowledge":
        if actions.acknowledge_risk_flag(request.user, flag, request=request):
            messages.success(request, "Flag acknowledged. Record your follow-up when it is done.")
        return redirect("clinic:risk_flag", pk=flag.pk)
    can_resolve = flag.is_open and access.CHANGE_CLINICAL in flag.episode.permissions
    form = ResolutionForm(request.POST if posting else None) if can_resolve else None
    status = 200
    if posting and not flag.is_open:
        messages.error(request, "This flag was already resolved; nothing was changed.")
        status = 409
    elif posting and form.is_valid():
        try:
            actions.resolve_risk_flag(request.user, flag, request=request, **form.cleaned_data)
        except actions.FlagAlreadyResolved:
            messages.error(request, "This flag was resolved a moment ago; nothing was changed.")
            return redirect("clinic:risk_flag", pk=flag.pk)
        messages.success(request, "Follow-up recorded. The flag is resolved.")
        return redirect("clinic:risk_flag", pk=flag.pk)
    elif not posting:
        record(request.user, "risk_flag.viewed", flag, client=flag.client, request=request)
    context = {
        "flag": flag,
        "episode": flag.episode,
        "client": flag.client,
        "form": form,
        "can_acknowledge": flag.acknowledged_at is None and can_resolve,
        "nav": "clients",
    }
    return render(request, "clinic/measures/risk_flag.html", context, status=status)


@require_GET
@access.staff_required
def progress_report(request, pk):
    episode = access.episode_for(request.user, pk, need=access.VIEW_CLINICAL)
    context = {
        "episode": episode,
        "client": episode.client,
        "today": date.today(),
        **queries.episode_page(episode),
    }
    html = render_to_string("clinic/measures/progress_report.html", context, request=request)
    pdf = render_pdf(html)
    record(
        request.user, "progress_report.downloaded", episode, client=episode.client, request=request
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"progress-report-{episode.client.reference}-{date.today():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The report's own print stylesheet: a document layout, independent of the web pages' CSS
# (templates may not hold <style>, and the web stylesheet has rules WeasyPrint ignores).
REPORT_CSS = """
@page { size: A4; margin: 14mm 14mm 16mm;
  @bottom-left { content: "Confidential"; font-size: 8pt; color: #4a5360; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt;
    color: #4a5360; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.35;
  color: #1b1f24; }
h1 { font-size: 17pt; margin: 0 0 3mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 1mm 2mm;
  border-bottom: 0.3mm solid #c9d1db; }
thead th { background: #eef2f6; }
caption { text-align: left; font-weight: 700; padding: 0 0 1mm; }
.report-facts th { width: 42mm; font-weight: 400; color: #4a5360; }
.report-confidential, .report-footer { color: #4a5360; font-size: 8pt; }
.outcome-sentence { font-size: 11.5pt; font-weight: 700; margin: 0 0 4mm; }
.report-chart { margin-top: 4mm; }
.chart { break-inside: avoid; margin-bottom: 3mm; }
svg.trajectory { width: 100%; height: auto; }
"""


def render_pdf(html):
    """The report as PDF bytes. Nothing is fetched: no file, no network, no data: URL."""
    no_fetching = URLFetcher(allowed_protocols=())
    document = HTML(string=html, url_fetcher=no_fetching)
    return document.write_pdf(stylesheets=[CSS(string=REPORT_CSS)])
