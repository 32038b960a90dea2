"""Staff pages for the IPT case: interpersonal inventory, support map, timeline, problem
areas with goals and strategies, and the written formulation.

Every page goes through the episode gate (view: treating clinician and supervisor;
change: treating clinician only; the organisation admin never sees clinical content)
and records an audit event when it shows the client's record.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe

from openipt.audit.record import record
from openipt.caseload import access
from openipt.formulation import actions, queries
from openipt.formulation.forms import (
    AREA_DETAILS,
    AreaDetailsForm,
    ChooseAreaForm,
    DisputeStageForm,
    FormulationForm,
    GoalForm,
    GoalReviewForm,
    LifeEventForm,
    PersonForm,
    StrategiesForm,
)
from openipt.formulation.models import Area, Goal, Shareable


def _episode(request, pk, *, change=False):
    need = access.CHANGE_CLINICAL if change else access.VIEW_CLINICAL
    return access.episode_for(request.user, pk, need=need)


def _seen(request, episode, what):
    record(
        request.user, f"formulation.{what}_viewed", episode, client=episode.client, request=request
    )


def _page(request, template, episode, **context):
    context.update(
        episode=episode,
        client=episode.client,
        can_change=access.CHANGE_CLINICAL in episode.permissions,
        nav="clients",
    )
    return render(request, f"clinic/formulation/{template}", context)


def _svg(markup):
    # The SVG builders (formulation/maps.py, timeline.py) escape every piece of text.
    return mark_safe(markup)  # noqa: S308


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _map(episode, people, **options):
    options.setdefault("centre_label", episode.client.given_name)
    return _svg(queries.support_map_svg(people, **options))


# --- overview ---------------------------------------------------------------------------


@access.staff_required
def overview(request, pk):
    episode = _episode(request, pk)
    people = queries.people_of(episode)
    _seen(request, episode, "overview")
    return _page(
        request,
        "overview.html",
        episode,
        people=people,
        support_map=_map(episode, people),
        rows=queries.versions_by_circle(people),
        areas=queries.areas_of(episode),
        latest=queries.latest_formulation(episode),
        sharing=queries.sharing_of(episode),
        event_count=len(queries.events_of(episode)),
        subnav="overview",
    )


# --- inventory --------------------------------------------------------------------------


@access.staff_required
def inventory(request, pk):
    episode = _episode(request, pk)
    people = queries.people_of(episode)
    _seen(request, episode, "inventory")
    return _page(request, "inventory.html", episode, people=people, subnav="inventory")


def _person_details(form):
    data = dict(form.cleaned_data)
    return data.pop("recorded_on"), data.pop("session"), data


@access.staff_required
def inventory_add(request, pk):
    episode = _episode(request, pk, change=True)
    form = PersonForm(request.POST or None, episode=episode)
    if request.method == "POST" and form.is_valid():
        recorded_on, session, details = _person_details(form)
        actions.add_person(
            request.user,
            episode,
            recorded_on=recorded_on,
            session=session,
            request=request,
            **details,
        )
        messages.success(request, f"{details['label']} added to the inventory.")
        return redirect("clinic:inventory", pk=episode.pk)
    _seen(request, episode, "inventory")
    return _page(request, "person_form.html", episode, form=form, subnav="inventory")


@access.staff_required
def inventory_edit(request, pk, person):
    episode = _episode(request, pk, change=True)
    person = get_object_or_404(episode.inventory_people, pk=person)
    current = person.versions.order_by("-recorded_on", "-id").first()
    initial = {name: getattr(current, name) for name in actions.PERSON_FIELDS} if current else {}
    form = PersonForm(request.POST or None, episode=episode, initial=initial)
    if request.method == "POST" and form.is_valid():
        recorded_on, session, details = _person_details(form)
        actions.update_person(
            request.user,
            person,
            recorded_on=recorded_on,
            session=session,
            request=request,
            **details,
        )
        messages.success(request, f"New version of {details['label']} saved; earlier ones kept.")
        return redirect("clinic:inventory", pk=episode.pk)
    _seen(request, episode, "inventory")
    context = {"form": form, "person": person, "current": current, "subnav": "inventory"}
    return _page(request, "person_form.html", episode, **context)


@access.staff_required
def inventory_compare(request, pk):
    episode = _episode(request, pk)
    people = queries.people_of(episode)
    for person in people:
        person.comparison = queries.comparison(person)
    _seen(request, episode, "inventory_comparison")
    return _page(
        request,
        "compare.html",
        episode,
        people=people,
        moved=[p for p in people if p.moved],
        updated=[p for p in people if len(p.history) > 1],
        recorded_once=[p for p in people if len(p.history) == 1],
        start_map=_map(
            episode, people, version="start", id_prefix="map-start", title="At the start"
        ),
        start_rows=queries.versions_by_circle(people, "start"),
        end_map=_map(episode, people, show_moves=True, id_prefix="map-now", title="Now"),
        end_rows=queries.versions_by_circle(people),
        subnav="compare",
    )


@access.staff_required
def support_map(request, pk):
    episode = _episode(request, pk)
    people = queries.people_of(episode)
    _seen(request, episode, "support_map")
    return _page(
        request,
        "map.html",
        episode,
        people=people,
        support_map=_map(episode, people),
        rows=queries.versions_by_circle(people),
        sharing=queries.sharing_of(episode),
        subnav="map",
    )


# --- timeline ---------------------------------------------------------------------------


@access.staff_required
def timeline(request, pk):
    episode = _episode(request, pk)
    people = queries.people_of(episode)
    events = queries.events_of(episode)
    labels = queries.person_labels(people)
    definition, scores = queries.symptom_scores(episode)
    for event in events:
        event.label = queries.event_label(event, labels)
        event.person_label = labels.get(event.person_id, "")
    _seen(request, episode, "timeline")
    return _page(
        request,
        "timeline.html",
        episode,
        events=events,
        scores=scores,
        measure=definition,
        chart=_svg(queries.timeline_svg(events, labels, definition, scores)),
        subnav="timeline",
    )


@access.staff_required
def timeline_add(request, pk):
    episode = _episode(request, pk, change=True)
    people = queries.people_of(episode)
    form = LifeEventForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        actions.add_life_event(request.user, episode, request=request, **form.event_fields())
        messages.success(request, "Added to the timeline.")
        return redirect("clinic:timeline", pk=episode.pk)
    _seen(request, episode, "timeline")
    return _page(request, "event_form.html", episode, form=form, subnav="timeline")


@access.staff_required
def timeline_remove(request, pk, event):
    episode = _episode(request, pk, change=True)
    event = get_object_or_404(episode.life_events, pk=event, removed_at__isnull=True)
    if refused := _post_only(request):
        return refused
    actions.remove_life_event(request.user, event, request=request)
    messages.success(request, "Taken off the timeline.")
    return redirect("clinic:timeline", pk=episode.pk)


# --- problem areas ----------------------------------------------------------------------


@access.staff_required
def problem_areas(request, pk):
    episode = _episode(request, pk, change=request.method == "POST")
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
        messages.success(request, f"{chosen.get_area_display()} chosen.")
        return redirect("clinic:problem_area", pk=episode.pk, area=chosen.pk)
    _seen(request, episode, "problem_areas")
    return _page(
        request,
        "areas.html",
        episode,
        assessment=assessment,
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
        AreaDetailsForm(area=area.area, people=people, initial=_details_initial(area)),
    )
    forms.setdefault("stage_form", DisputeStageForm(episode=episode, prefix="stage"))
    forms.setdefault("goal_form", GoalForm(prefix="goal"))
    forms.setdefault(
        "strategies_form",
        StrategiesForm(area=area.area, initial={"keys": area.planned_strategies}),
    )
    bound_review = forms.pop("review_form", None)
    for goal in area.goal_list:
        if bound_review is not None and bound_review.goal_pk == goal.pk:
            goal.review_form = bound_review
        else:
            goal.review_form = GoalReviewForm(
                episode=episode, prefix=f"review-{goal.pk}", initial={"status": goal.status}
            )
    _seen(request, episode, "problem_area")
    response = _page(
        request,
        "area_detail.html",
        episode,
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
    episode = _episode(request, pk, change=changing)
    area = _area(episode, area, active_only=changing)
    people = queries.people_of(episode)
    if changing:
        form = AreaDetailsForm(request.POST, area=area.area, people=people)
        if form.is_valid():
            actions.update_problem_area(request.user, area, request=request, **form.cleaned_data)
            messages.success(request, "Details saved.")
            return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
        return _area_page(request, episode, area, people, details_form=form)
    return _area_page(request, episode, area, people)


@access.staff_required
def dispute_stage_add(request, pk, area):
    episode = _episode(request, pk, change=True)
    area = _area(episode, area)
    if refused := _post_only(request):
        return refused
    if area.area != Area.ROLE_DISPUTE:
        messages.error(request, "Stages are recorded only for a role dispute; nothing was saved.")
        return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
    form = DisputeStageForm(request.POST, episode=episode, prefix="stage")
    if form.is_valid():
        actions.record_dispute_stage(request.user, area, request=request, **form.cleaned_data)
        messages.success(request, "Stage recorded.")
        return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
    people = queries.people_of(episode)
    return _area_page(request, episode, area, people, stage_form=form)


@access.staff_required
def goal_add(request, pk, area):
    episode = _episode(request, pk, change=True)
    area = _area(episode, area)
    if refused := _post_only(request):
        return refused
    form = GoalForm(request.POST, prefix="goal")
    if form.is_valid():
        actions.add_goal(request.user, area, text=form.cleaned_data["text"], request=request)
        messages.success(request, "Goal added.")
        return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
    return _area_page(request, episode, area, queries.people_of(episode), goal_form=form)


@access.staff_required
def goal_review(request, pk, goal):
    episode = _episode(request, pk, change=True)
    goal = get_object_or_404(
        Goal.objects.filter(problem_area__episode=episode, problem_area__set_aside_at__isnull=True),
        pk=goal,
    )
    if refused := _post_only(request):
        return refused
    form = GoalReviewForm(request.POST, episode=episode, prefix=f"review-{goal.pk}")
    area = _area(episode, goal.problem_area_id)
    if form.is_valid():
        actions.review_goal(request.user, goal, request=request, **form.cleaned_data)
        messages.success(request, "Goal review saved.")
        return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
    form.goal_pk = goal.pk
    return _area_page(request, episode, area, queries.people_of(episode), review_form=form)


@access.staff_required
def area_strategies(request, pk, area):
    episode = _episode(request, pk, change=True)
    area = _area(episode, area)
    if refused := _post_only(request):
        return refused
    form = StrategiesForm(request.POST, area=area.area)
    if form.is_valid():
        keys = form.cleaned_data["keys"]
        actions.set_planned_strategies(request.user, area, keys=keys, request=request)
        messages.success(request, "Strategy checklist saved.")
        return redirect("clinic:problem_area", pk=episode.pk, area=area.pk)
    return _area_page(request, episode, area, queries.people_of(episode), strategies_form=form)


@access.staff_required
def problem_area_set_aside(request, pk, area):
    episode = _episode(request, pk, change=True)
    area = _area(episode, area)
    if refused := _post_only(request):
        return refused
    actions.set_aside_problem_area(request.user, area, request=request)
    messages.success(request, f"{area.get_area_display()} set aside. Its record is kept.")
    return redirect("clinic:problem_areas", pk=episode.pk)


# --- the written formulation ------------------------------------------------------------


@access.staff_required
def formulation_edit(request, pk):
    episode = _episode(request, pk, change=True)
    latest = queries.latest_formulation(episode)
    fresh_draft = queries.draft_for(episode)
    use_draft = latest is None or request.GET.get("start") == "draft"
    initial = {"text": fresh_draft if use_draft else latest.text}
    form = FormulationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_formulation(
            request.user, episode, text=form.cleaned_data["text"], request=request
        )
        messages.success(request, "Formulation saved as a new version.")
        return redirect("clinic:formulation", pk=episode.pk)
    _seen(request, episode, "formulation")
    return _page(
        request,
        "formulation_form.html",
        episode,
        form=form,
        latest=latest,
        use_draft=use_draft,
        fresh_draft=fresh_draft,
        subnav="formulation",
    )


@access.staff_required
def formulation_versions(request, pk):
    episode = _episode(request, pk)
    versions = list(
        episode.formulation_versions.select_related("written_by").order_by("-created_at", "-id")
    )
    sharing = queries.sharing_of(episode)
    _seen(request, episode, "formulation_versions")
    return _page(
        request,
        "versions.html",
        episode,
        versions=versions,
        sharing=sharing,
        subnav="formulation",
    )


@access.staff_required
def formulation_sharing(request, pk):
    episode = _episode(request, pk, change=True)
    if refused := _post_only(request):
        return refused
    item = request.POST.get("item")
    shared = request.POST.get("shared") == "yes"
    if item not in Shareable.values:
        messages.error(request, "Nothing was changed: choose what to share.")
        return redirect("clinic:formulation", pk=episode.pk)
    try:
        actions.decide_sharing(request.user, episode, item=item, shared=shared, request=request)
    except actions.NothingToShare:
        messages.error(request, "Save a formulation first; there is nothing to share yet.")
        return redirect("clinic:formulation", pk=episode.pk)
    what = Shareable(item).label.lower()
    if shared:
        messages.success(request, f"The {what} is now shared with {episode.client.given_name}.")
    else:
        messages.success(request, f"The {what} is no longer shared.")
    return redirect("clinic:formulation", pk=episode.pk)
