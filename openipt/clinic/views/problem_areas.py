"""Staff pages for problem areas: the decision support, each area's details, role-dispute
stages, goals and the strategy checklist. Viewing is for the treating clinician and their
supervisor, changing for the treating clinician; every page is audited as it is rendered."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext

from openipt.caseload import access
from openipt.formulation import actions, queries
from openipt.formulation.forms import (
    AREA_DETAILS,
    AreaDetailsForm,
    ChooseAreaForm,
    DisputeStageForm,
    GoalForm,
    GoalReviewForm,
    OptionalGoalForm,
    StrategiesForm,
)
from openipt.formulation.models import Area

from .formulation_pages import formulation_page, refuse_unless_post
from .pages import gated_episode

# --- problem areas ----------------------------------------------------------------------


@access.staff_required
def problem_areas(request, pk):
    episode = gated_episode(request, pk, change=request.method == "POST")
    people = queries.people_of(episode)
    assessment = queries.assess(people, queries.events_of(episode))
    areas = queries.areas_of(episode, active_only=False)
    active = [area for area in areas if area.is_active]
    initial = {"area": assessment.areas[0]} if assessment.areas else {}
    form = ChooseAreaForm(request.POST or None, active_areas=active, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = actions.choose_problem_area(
            request.user,
            episode,
            area=form.cleaned_data["area"],
            chosen_on=form.cleaned_data["chosen_on"],
            assessment=assessment,
            request=request,
        )
        messages.success(request, gettext("%(area)s chosen.") % {"area": chosen.get_area_display()})
        return redirect("clinic:problem_area", pk=episode.pk, area=chosen.pk)
    return formulation_page(
        request,
        "areas.html",
        episode,
        action="formulation.problem_areas_viewed",
        assessment=assessment,
        ratings=queries.rated(people),
        non_death_losses_as_grief=episode.organisation.non_death_losses_as_grief,
        active=active,
        set_aside=[area for area in areas if not area.is_active],
        form=form,
        subnav="areas",
    )


def _area(episode, pk, *, active_only=True):
    for area in queries.areas_of(episode, active_only=active_only):
        if area.pk == pk:
            return area
    raise Http404("No such problem area.")


def _stage_of(area):
    """The latest recorded stage of a role dispute (areas_of loads it), else blank."""
    return area.current_stage.stage if area.current_stage else ""


def _details_initial(area):
    initial = {name: getattr(area, name) for name in AREA_DETAILS[area.area]}
    for name in ("deceased_person", "other_party"):
        if name in initial:
            initial[name] = getattr(area, f"{name}_id")
    return initial


def _area_page(request, episode, area, people, status=200, **forms):
    labels = queries.person_labels(people)
    area.deceased_label = labels.get(area.deceased_person_id, "")
    area.other_party_label = labels.get(area.other_party_id, "")
    forms.setdefault(
        "details_form",
        AreaDetailsForm(
            area=area.area,
            people=people,
            initial=_details_initial(area),
            non_death_losses_as_grief=episode.organisation.non_death_losses_as_grief,
        ),
    )
    forms.setdefault("stage_form", DisputeStageForm(episode=episode, prefix="stage"))
    forms.setdefault("goal_form", OptionalGoalForm(prefix="goal"))
    forms.setdefault(
        "strategies_form",
        StrategiesForm(
            area=area.area, stage=_stage_of(area), initial={"keys": area.planned_strategies}
        ),
    )
    bound_review = forms.pop("review_form", None)
    for goal in area.goal_list:
        if bound_review is not None and bound_review.goal_pk == goal.pk:
            goal.review_form = bound_review
        else:
            goal.review_form = GoalReviewForm(
                episode=episode, prefix=f"review-{goal.pk}", initial={"status": goal.status}
            )
    response = formulation_page(
        request,
        "area_detail.html",
        episode,
        action="formulation.problem_area_viewed",
        area=area,
        is_dispute=area.area == Area.ROLE_DISPUTE,
        subnav="areas",
        **forms,
    )
    response.status_code = status
    return response


@access.staff_required
def problem_area(request, pk, area):
    changing = request.method == "POST"
    episode = gated_episode(request, pk, change=changing)
    area = _area(episode, area, active_only=changing)
    people = queries.people_of(episode)
    if not changing:
        return _area_page(request, episode, area, people)
    forms = _bound_area_forms(request, episode, area, people)
    if not all(form.is_valid() for form in forms.values()):
        return _area_page(request, episode, area, people, **forms)
    actions.save_problem_area(
        request.user,
        area,
        details=forms["details_form"].cleaned_data,
        goal_text=forms["goal_form"].cleaned_data["text"],
        strategy_keys=forms["strategies_form"].cleaned_data["keys"],
        request=request,
    )
    messages.success(request, gettext("Problem area saved."))
    return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)


def _bound_area_forms(request, episode, area, people):
    """The page's one form is three Django forms (details, new goal, checklist) over one
    POST: all must be valid before anything is saved."""
    return {
        "details_form": AreaDetailsForm(
            request.POST,
            area=area.area,
            people=people,
            non_death_losses_as_grief=episode.organisation.non_death_losses_as_grief,
        ),
        "goal_form": OptionalGoalForm(request.POST, prefix="goal"),
        "strategies_form": StrategiesForm(request.POST, area=area.area, stage=_stage_of(area)),
    }


@access.staff_required
def dispute_stage_add(request, pk, area):
    episode = gated_episode(request, pk, change=True)
    area = _area(episode, area)
    if refused := refuse_unless_post(request):
        return refused
    if area.area != Area.ROLE_DISPUTE:
        messages.error(
            request, gettext("Stages are recorded only for a role dispute; nothing was saved.")
        )
        return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
    form = DisputeStageForm(request.POST, episode=episode, prefix="stage")
    if form.is_valid():
        actions.record_dispute_stage(request.user, area, request=request, **form.cleaned_data)
        messages.success(request, gettext("Stage recorded."))
        return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
    people = queries.people_of(episode)
    return _area_page(request, episode, area, people, stage_form=form)


@access.staff_required
def goal_add(request, pk, area):
    episode = gated_episode(request, pk, change=True)
    area = _area(episode, area)
    if refused := refuse_unless_post(request):
        return refused
    form = GoalForm(request.POST, prefix="goal")
    if form.is_valid():
        actions.add_goal(request.user, area, text=form.cleaned_data["text"], request=request)
        messages.success(request, gettext("Goal added."))
        return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
    return _area_page(request, episode, area, queries.people_of(episode), goal_form=form)


@access.staff_required
def goal_review(request, pk, goal):
    episode = gated_episode(request, pk, change=True)
    goal = get_object_or_404(queries.active_goals_of(episode), pk=goal)
    if refused := refuse_unless_post(request):
        return refused
    form = GoalReviewForm(request.POST, episode=episode, prefix=f"review-{goal.pk}")
    area = _area(episode, goal.problem_area_id)
    if form.is_valid():
        actions.review_goal(request.user, goal, request=request, **form.cleaned_data)
        messages.success(request, gettext("Goal review saved."))
        return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
    form.goal_pk = goal.pk
    return _area_page(request, episode, area, queries.people_of(episode), review_form=form)


@access.staff_required
def area_strategies(request, pk, area):
    episode = gated_episode(request, pk, change=True)
    area = _area(episode, area)
    if refused := refuse_unless_post(request):
        return refused
    form = StrategiesForm(request.POST, area=area.area, stage=_stage_of(area))
    if form.is_valid():
        keys = form.cleaned_data["keys"]
        actions.set_planned_strategies(request.user, area, keys=keys, request=request)
        messages.success(request, gettext("Strategy checklist saved."))
        return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
    return _area_page(request, episode, area, queries.people_of(episode), strategies_form=form)


@access.staff_required
def problem_area_set_aside(request, pk, area):
    episode = gated_episode(request, pk, change=True)
    area = _area(episode, area)
    if refused := refuse_unless_post(request):
        return refused
    actions.set_aside_problem_area(request.user, area, request=request)
    messages.success(
        request,
        gettext("%(area)s set aside. Its record is kept.") % {"area": area.get_area_display()},
    )
    return redirect("clinic:problem_areas", pk=episode.pk)
