"""A group's sessions and what follows from them (docs/groups.md): the one page that records
a whole session, the progress sheet, the outcomes, ending the group, the weekly supervision
notes and the FHIR export. Gates, audit and refusals as in groups.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from openipt.audit.record import record, record_clients_shown
from openipt.caseload import access
from openipt.fhir.group import group_resource
from openipt.groups import actions, charts, queries
from openipt.groups.forms import (
    AcknowledgeForm,
    EndGroupForm,
    GroupSessionForm,
    SupervisionNoteForm,
)
from openipt.measures import actions as measure_actions
from openipt.measures import queries as measure_queries

from .groups import add_refusal, can_change, changeable_group, group_page


def _prorate(group, lines):
    codes = {code for line in lines for code in line.outstanding}
    return {code: measure_actions.prorates(group.organisation, code) for code in codes}


@access.staff_required
def session_page(request, pk, number):
    # Its organisation's rules (what it prorates, its start and end measures), not the
    # people and the site the group page shows; saving reads what it needs itself.
    group = queries.group_for(
        request.user, pk, access.need_for(request), shown_with=("organisation",)
    )
    sessions = queries.sessions_of(group)
    group_session = queries.session_in(group, sessions, number)
    sheet = queries.session_sheet(group, group_session, sessions)
    changeable = can_change(group)
    form = None
    if changeable:
        form = GroupSessionForm(
            request.POST or None,
            group_session=group_session,
            agenda=sheet["agenda"],
            lines=sheet["lines"],
            task_records=sheet["task_records"],
            prorate=_prorate(group, sheet["lines"]),
            milestone=sheet["milestone"],
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("This group has ended, so its sessions cannot change.")
        if form.is_valid():
            saved = actions.record_group_session(
                request.user,
                group_session,
                request=request,
                rows=form.member_rows_data(actions.MemberRow),
                **form.session_data(),
            )
            _say_what_was_saved(request, group_session, saved)
            return redirect("clinic:group_session", pk=group.pk, number=number)
    return group_page(
        request,
        "session.html",
        group,
        action="group_session.viewed",
        clients=[line.member.client for line in sheet["lines"]],
        obj=group_session,
        group_session=group_session,
        form=form,
        guides=True,
        **sheet,
    )


def _say_what_was_saved(request, group_session, saved):
    messages.success(
        request, gettext("Session %(number)s saved.") % {"number": group_session.number}
    )
    if saved.flags:
        messages.warning(
            request,
            ngettext(
                "%(count)s safety answer(s) need a one-to-one follow-up before the member "
                "leaves: see the prompts on their rows.",
                "%(count)s safety answer(s) need a one-to-one follow-up before the member "
                "leaves: see the prompts on their rows.",
                len(saved.flags),
            )
            % {"count": len(saved.flags)},
        )


@access.staff_required
def progress(request, pk):
    group = queries.group_for(request.user, pk)
    sheet = queries.progress_sheet(group)
    return group_page(
        request,
        "progress.html",
        group,
        action="group.progress_viewed",
        clients=[row.member.client for row in sheet["rows"]],
        chart=charts.phq9_lines(group, sheet["rows"]),
        **sheet,
    )


@access.staff_required
def outcomes(request, pk):
    group = queries.group_for(request.user, pk)
    outcome = queries.group_outcome(group, measure_queries.improvement_rule())
    return group_page(
        request,
        "outcomes.html",
        group,
        action="group.outcomes_viewed",
        clients=[member.member.client for member in outcome.members],
        outcome=outcome,
        rule=measure_queries.improvement_rule(),
    )


@access.staff_required
def end(request, pk):
    group = changeable_group(request, pk)
    overview = queries.group_overview(group)
    listed = {member.pk for member, _ in overview["to_follow_up"]}
    joined = [m for m in overview["members"] if m.is_current and m.has_joined]
    for member in joined:
        member.to_follow_up = member.pk in listed
    form = EndGroupForm(request.POST or None, members=joined)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.end_group(
                request.user,
                group,
                status=data["status"],
                ended_on=data["ended_on"],
                reason=data["reason"],
                leaving=form.leaving(),
                request=request,
            )
        except actions.ChangeRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                gettext(
                    "The group has ended and each member's course with it. Offer each member "
                    "their relapse-prevention plan (links below)."
                ),
            )
            return redirect("clinic:group", pk=group.pk)
    return group_page(
        request,
        "end.html",
        group,
        action="group.end_form_viewed",
        clients=[member.client for member in joined],
        form=form,
    )


@access.staff_required
def notes(request, pk):
    group = queries.group_for(request.user, pk, access.need_for(request))
    members = queries.members_queryset(group)
    form = SupervisionNoteForm(request.POST or None, members=members) if can_change(group) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("This group has ended, so its notes cannot change.")
        if form.is_valid():
            try:
                actions.write_supervision_note(
                    request.user, group, request=request, **form.cleaned_data
                )
            except actions.ChangeRefused as refused:
                add_refusal(form, refused)
            else:
                messages.success(
                    request, gettext("Supervision note saved; your supervisor is told.")
                )
                return redirect("clinic:group_notes", pk=group.pk)
    written = queries.notes_of(group)
    if access.REVIEW in group.permissions:
        for note in written:
            note.acknowledge = AcknowledgeForm(prefix=f"note{note.pk}")
    return group_page(
        request,
        "notes.html",
        group,
        action="group.notes_viewed",
        clients=[member.client for note in written for member in note.discuss],
        form=form,
        notes=written,
    )


@access.supervisor_required
def acknowledge_note(request, pk, note):
    group = queries.group_for(request.user, pk, access.REVIEW)
    found = queries.note_of(group, note)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AcknowledgeForm(request.POST, prefix=f"note{found.pk}")
    if form.is_valid():
        try:
            actions.acknowledge_supervision_note(
                request.user, found, comment=form.cleaned_data["comment"], request=request
            )
        except actions.NoteAlreadyAcknowledged:
            messages.info(request, gettext("This note had already been acknowledged."))
        else:
            messages.success(request, gettext("Note acknowledged."))
    return redirect("clinic:group_notes", pk=group.pk)


@require_GET
@access.staff_required
def fhir(request, pk):
    group = queries.group_for(request.user, pk)
    members = queries.joined_members(group)
    resource = group_resource(group, members, organisation_slug=group.organisation.slug)
    if members:
        clients = [member.client for member in members]
        record_clients_shown(request.user, "group.fhir_exported", clients, request=request)
    else:
        record(request.user, "group.fhir_exported", group, request=request)
    response = JsonResponse(
        resource, content_type="application/fhir+json", json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="group-{group.pk}.fhir.json"'
    return response
