"""Staff pages for measures: recording a questionnaire, its result, risk flags, the progress
report (PDF) and the FHIR export. Every page goes through a gate; pages that show a client's
record write an audit event."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from openipt.audit.record import record
from openipt.caseload import access
from openipt.caseload.queries import team_clinicians
from openipt.fhir.questionnaire_response import administration_bundle
from openipt.measures import actions, instruments, queries
from openipt.measures.forms import AdministrationForm, ReassignForm, ResolutionForm
from openipt.measures.instruments import translations
from openipt.measures.instruments.base import InvalidAnswers
from openipt.measures.report import progress_report_download

from .pages import gated_episode, render_episode_page


@access.staff_required
def measure_new(request, pk):
    episode = gated_episode(request, pk, change=True)
    offered = instruments.recordable()
    code = request.GET.get("instrument", "")
    if code not in offered:
        return render_episode_page(
            request,
            "clinic/measures/choose.html",
            episode,
            action="measure.form_viewed",
            offered=offered,
        )
    prorate = actions.prorates(episode.organisation, code)
    data = request.POST if request.method == "POST" else None
    initial = None if data else queries.record_form_defaults(episode, timezone.localdate())
    form = AdministrationForm(
        data, definition=offered[code], episode=episode, prorate=prorate, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            administration = _record(request, episode, code, form)
        except InvalidAnswers as refused:
            # Only if the organisation's proration choice changed while the form was open.
            form.add_instrument_errors(refused.errors)
        else:
            return redirect("clinic:measure", pk=administration.pk)
    return render_episode_page(
        request,
        "clinic/measures/record.html",
        episode,
        action="measure.form_viewed",
        form=form,
        definition=offered[code],
        prorate=prorate,
        english_only=translations.english_only_reason(instruments.get(code), get_language()),
    )


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
    facts = {
        "name": administration.instrument_name,
        "total": administration.total,
        "band": administration.band_display,
    }
    if administration.risk_flags.exists():
        text = gettext(
            "%(name)s recorded: %(total)s (%(band)s). A safety answer needs your follow-up: "
            "see the safety flag below."
        )
        messages.warning(request, text % facts)
    else:
        messages.success(request, gettext("%(name)s recorded: %(total)s (%(band)s).") % facts)
    return administration


@access.staff_required
def measure_detail(request, pk):
    administration = queries.administration_for(request.user, pk)
    return render_episode_page(
        request,
        "clinic/measures/administration.html",
        administration.episode,
        action="measure.viewed",
        obj=administration,
        administration=administration,
        flags=list(administration.risk_flags.all()),
        items=list(administration.answered_items()),
    )


@require_GET
@access.staff_required
def measure_fhir(request, pk):
    administration = queries.administration_for(request.user, pk)
    client = administration.episode.client
    bundle = administration_bundle(administration, client=client)
    record(request.user, "measure.fhir_exported", administration, client=client, request=request)
    response = JsonResponse(
        bundle, content_type="application/fhir+json", json_dumps_params={"indent": 2}
    )
    filename = f"{client.reference}-{administration.instrument}-{administration.pk}.fhir.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@access.staff_required
def risk_flag(request, pk):
    posting = request.method == "POST"
    need = access.FOLLOW_UP if posting else access.VIEW_CLINICAL
    flag = queries.risk_flag_for(request.user, pk, need=need)
    if posting and request.POST.get("action") == "acknowledge":
        if actions.acknowledge_risk_flag(request.user, flag, request=request):
            messages.success(
                request, gettext("Flag acknowledged. Record your follow-up when it is done.")
            )
        return redirect("clinic:risk_flag", pk=flag.pk)
    can_follow_up = flag.is_open and access.FOLLOW_UP in flag.permissions
    form = ResolutionForm(request.POST if posting else None) if can_follow_up else None
    status = 200
    if posting and not flag.is_open:
        messages.error(request, gettext("This flag was already resolved; nothing was changed."))
        status = 409
    elif posting and form.is_valid():
        try:
            actions.resolve_risk_flag(request.user, flag, request=request, **form.cleaned_data)
        except actions.FlagAlreadyResolved:
            messages.error(
                request, gettext("This flag was resolved a moment ago; nothing was changed.")
            )
            return redirect("clinic:risk_flag", pk=flag.pk)
        messages.success(request, gettext("Follow-up recorded. The flag is resolved."))
        return redirect("clinic:risk_flag", pk=flag.pk)
    return render_episode_page(
        request,
        "clinic/measures/risk_flag.html",
        flag.episode,
        action="risk_flag.viewed",
        obj=flag,
        status=status,
        flag=flag,
        form=form,
        can_acknowledge=flag.acknowledged_at is None and can_follow_up,
        can_reassign=flag.is_open and access.REASSIGN in flag.permissions,
        follow_up_by=access.follow_up_clinician(flag),
    )


@access.staff_required
def risk_flag_reassign(request, pk):
    """A supervisor hands an open flag's follow-up to another clinician of their team."""
    flag = queries.risk_flag_for(request.user, pk, need=access.REASSIGN)
    if not flag.is_open:
        messages.info(
            request, gettext("This flag is resolved, so its follow-up cannot be handed on.")
        )
        return redirect("clinic:risk_flag", pk=flag.pk)
    team = team_clinicians(request.user)
    form = ReassignForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["clinician"]
        try:
            actions.reassign_risk_flag(request.user, flag, to=to, request=request)
        except actions.NotInTheTeam as refused:
            form.add_error("clinician", str(refused))
        except actions.FlagAlreadyResolved:
            messages.error(
                request, gettext("This flag was resolved a moment ago; nothing was changed.")
            )
            return redirect("clinic:risk_flag", pk=flag.pk)
        else:
            messages.success(
                request,
                gettext("%(name)s now follows this flag up.") % {"name": to.display_name},
            )
            return redirect("clinic:risk_flag", pk=flag.pk)
    return render_episode_page(
        request,
        "clinic/measures/risk_flag_reassign.html",
        flag.episode,
        action="risk_flag.reassign_form_viewed",
        obj=flag,
        status=400 if form.errors else 200,
        flag=flag,
        form=form,
        follow_up_by=access.follow_up_clinician(flag),
    )


@require_GET
@access.staff_required
def progress_report(request, pk):
    episode = gated_episode(request, pk, change=False)
    response = progress_report_download(episode, request)
    record(
        request.user, "progress_report.downloaded", episode, client=episode.client, request=request
    )
    return response
