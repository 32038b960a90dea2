"""Group pages: the list of groups, a new group, a group, its members and their pre-group
sessions (docs/groups.md). The session page, the progress sheet, the outcomes, ending and
supervision are in group_sessions.py.

Every page goes through the group gate (`groups.queries.group_for`): the facilitator and
co-facilitator see and change a group, the supervisor of either sees it, the organisation
admin sees its administrative fields only (no member is named to them). A page that names
members writes an audit event naming each of them; every change goes through
groups.actions, whose refusals are shown next to the field they name.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext

from openipt.audit.record import record, record_clients_shown
from openipt.caseload import access
from openipt.groups import actions, queries
from openipt.groups.forms import (
    AddMemberForm,
    DecisionForm,
    FocusForm,
    GroupDetailsForm,
    GroupForm,
    LeaveForm,
    PreGroupForm,
)
from openipt.groups.models import MemberStatus
from openipt.protocol.queries import latest_intake

from .course import asked_phq9, warn_of_safety_answer


def group_page(request, template, group, *, action, clients=(), obj=None, status=200, **context):
    """A page of one group, after its audit event: one event naming each member shown (the
    admin, who sees no member, leaves one event about the group)."""
    if request.method in ("GET", "HEAD"):
        shown = list(clients) if clinical(group) else []
        if shown:
            record_clients_shown(request.user, action, shown, request=request)
        else:
            record(request.user, action, obj or group, request=request)
    context = {
        "group": group,
        "can_change": can_change(group),
        "clinical": clinical(group),
        "nav": "groups",
        **context,
    }
    return render(request, f"clinic/groups/{template}", context, status=status)


def clinical(group):
    return access.VIEW_CLINICAL in group.permissions


def can_change(group):
    return access.CHANGE_CLINICAL in group.permissions and not group.has_ended


def changeable_group(request, pk):
    """The group to change (its facilitators), or 403; an ended group cannot change."""
    group = queries.group_for(request.user, pk, access.CHANGE_CLINICAL)
    if group.has_ended:
        raise PermissionDenied("This group has ended, so it can no longer change.")
    return group


def add_refusal(form, refused):
    """Put an action's refusal (accounts.staff.ChangeRefused) next to its field."""
    for name, texts in refused.message_dict.items():
        form.add_error(name if name in form.fields else None, texts)


# --- the list and a new group ----------------------------------------------------------------


@access.staff_required
def group_list(request):
    groups = list(queries.visible_groups(request.user))
    rows = queries.oversight(request.user, groups)
    shown = [flag.client for row in rows for flag in row.open_flags]
    shown += [member.client for row in rows for member, _ in row.to_follow_up]
    record_clients_shown(request.user, "groups.listed", shown, request=request)
    context = {"rows": rows, "nav": "groups"}
    return render(request, "clinic/groups/list.html", context)


@access.clinician_required
def group_new(request):
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            group = actions.create_group(request.user, request=request, **form.cleaned_data)
        except actions.ChangeRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                ngettext(
                    "Group created, with %(count)s session.",
                    "Group created, with %(count)s sessions.",
                    group.planned_sessions,
                )
                % {"count": group.planned_sessions},
            )
            return redirect("clinic:group", pk=group.pk)
    if request.method == "GET":
        record(request.user, "group.new_form_viewed", request=request)
    return render(request, "clinic/groups/new.html", {"form": form, "nav": "groups"})


# --- one group ---------------------------------------------------------------------------------


@access.staff_required
def group_detail(request, pk):
    group = queries.group_for(request.user, pk, access.VIEW_ADMIN)
    overview = queries.group_overview(group)
    members = overview["members"]
    return group_page(
        request,
        "group.html",
        group,
        action="group.viewed",
        clients=[member.client for member in members],
        **overview,
    )


@access.staff_required
def group_edit(request, pk):
    group = changeable_group(request, pk)
    initial = {name: getattr(group, name) for name in actions.GROUP_FIELDS}
    form = GroupDetailsForm(
        request.POST or None,
        initial=initial,
        organisation_id=group.organisation_id,
        current_site=group.site,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_group(request.user, group, request=request, **form.cleaned_data)
        except actions.ChangeRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, gettext("Group details saved."))
            return redirect("clinic:group", pk=group.pk)
    return group_page(request, "edit.html", group, action="group.edit_form_viewed", form=form)


# --- members ---------------------------------------------------------------------------------


@access.staff_required
def member_new(request, pk):
    group = changeable_group(request, pk)
    clients = queries.clients_to_add(request.user)
    form = AddMemberForm(request.POST or None, clients=clients)
    if request.method == "POST" and form.is_valid():
        try:
            member = actions.add_member(
                request.user, group, form.cleaned_data["client"], request=request
            )
        except actions.ChangeRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request, gettext("Added for screening. Record the pre-group session next.")
            )
            return redirect("clinic:group_pre_session", pk=group.pk, member=member.pk, number=1)
    return group_page(
        request,
        "member_new.html",
        group,
        action="group.add_member_form_viewed",
        clients=list(form.fields["client"].queryset) if request.method == "GET" else (),
        form=form,
    )


@access.staff_required
def member_detail(request, pk, member):
    group = queries.group_for(request.user, pk, access.need_for(request))
    member = queries.member_of(group, member)
    focus = FocusForm(
        request.POST or None,
        initial={"problem_area": member.problem_area, "goal": member.goal},
    )
    if request.method == "POST":
        if not can_change(group):
            raise PermissionDenied("This group has ended, so it can no longer change.")
        if focus.is_valid():
            actions.set_member_focus(request.user, member, request=request, **focus.cleaned_data)
            messages.success(request, gettext("Problem area and goal saved."))
            return redirect("clinic:group_member", pk=group.pk, member=member.pk)
    return group_page(
        request,
        "member.html",
        group,
        action="group.member_viewed",
        clients=[member.client],
        member=member,
        focus=focus,
        pre_group=queries.pre_group_of(member),
        pre_group_numbers=range(1, group.definition.group.pre_group_sessions + 1),
        acceptance_problem=actions.acceptance_problem(member)
        if member.status == MemberStatus.SCREENED
        else None,
        decision=DecisionForm(modality=group.definition)
        if member.status == MemberStatus.SCREENED
        else None,
        leave=LeaveForm()
        if member.status in (MemberStatus.ACCEPTED, MemberStatus.ACTIVE)
        else None,
        statuses=MemberStatus,
    )


@access.staff_required
def pre_group_session(request, pk, member, number):
    group = changeable_group(request, pk)
    member = queries.member_of(group, member)
    fmt = group.definition.group
    if not 1 <= number <= fmt.pre_group_sessions:
        raise PermissionDenied(
            f"{group.modality_name} has {fmt.pre_group_sessions} pre-group sessions."
        )
    if member.status != MemberStatus.SCREENED:
        messages.info(request, gettext("Pre-group sessions come before the decision."))
        return redirect("clinic:group_member", pk=group.pk, member=member.pk)
    episode = member.episode
    form = PreGroupForm(
        request.POST or None, parent_allowed=fmt.parent_at_second_pre_group and number == 2
    )
    phq9 = asked_phq9(request, episode)
    if (
        request.method == "POST"
        and all([form.is_valid(), phq9.is_valid()])
        and phq9.confirm_if_repeated(episode, day=form.cleaned_data["screened_on"])
    ):
        data = form.cleaned_data
        meeting = actions.PreGroupMeeting(
            number=number,
            parent_present=bool(data.get("parent_present")),
            ground_rules_agreed=data["ground_rules_agreed"],
            consent_given=data["consent_given"],
        )
        try:
            saved = actions.record_pre_group_session(
                request.user,
                member,
                meeting,
                screen=form.screen_data(),
                phq9_answers=phq9.answers_given(),
                referral=form.referral_data(),
                request=request,
            )
        except actions.ChangeRefused as refused:
            add_refusal(form, refused)
        else:
            warn_of_safety_answer(request, saved.phq9)
            if saved.intake_screen.exclusions:
                messages.warning(
                    request,
                    gettext(
                        "The screen found an exclusion: the referral is recorded and the "
                        "person is not joining the group."
                    ),
                )
            else:
                messages.success(
                    request, gettext("Pre-group session %(number)s saved.") % {"number": number}
                )
            return redirect("clinic:group_member", pk=group.pk, member=member.pk)
    return group_page(
        request,
        "pre_group.html",
        group,
        action="group.pre_group_form_viewed",
        clients=[member.client],
        obj=member,
        member=member,
        number=number,
        form=form,
        phq9=phq9,
        earlier=latest_intake(episode),
    )


@access.staff_required
def member_decision(request, pk, member):
    group = changeable_group(request, pk)
    member = queries.member_of(group, member)
    form = DecisionForm(request.POST or None, modality=group.definition)
    if request.method == "POST" and form.is_valid():
        try:
            actions.decide(request.user, member, request=request, **form.cleaned_data)
        except actions.ChangeRefused as refused:
            add_refusal(form, refused)
        else:
            accepted = form.cleaned_data["accept"]
            messages.success(
                request,
                gettext("Accepted into the group.") if accepted else gettext("Declined."),
            )
            return redirect("clinic:group_member", pk=group.pk, member=member.pk)
    return group_page(
        request,
        "decision.html",
        group,
        action="group.decision_form_viewed",
        clients=[member.client],
        obj=member,
        member=member,
        form=form,
    )


@access.staff_required
def member_leave(request, pk, member):
    group = changeable_group(request, pk)
    member = queries.member_of(group, member)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.leave_group(request.user, member, request=request, **form.cleaned_data)
        except actions.ChangeRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                gettext("%(name)s has left the group; their course has ended.")
                % {"name": member.client.full_name},
            )
            return redirect("clinic:group_member", pk=group.pk, member=member.pk)
    return group_page(
        request,
        "leave.html",
        group,
        action="group.leave_form_viewed",
        clients=[member.client],
        obj=member,
        member=member,
        form=form,
    )
