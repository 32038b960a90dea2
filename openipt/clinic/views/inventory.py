"""Staff pages for the interpersonal inventory, the support map and the timeline of an
episode. Viewing is for the treating clinician and their supervisor, changing for the
treating clinician; every page is audited as it is rendered."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext

from openipt.caseload import access
from openipt.formulation import actions, queries
from openipt.formulation.forms import (
    LifeEventForm,
    PersonForm,
)

from .formulation_pages import formulation_page, refuse_unless_post, support_map_markup, svg
from .pages import gated_episode

# --- inventory --------------------------------------------------------------------------


@access.staff_required
def inventory(request, pk):
    """The inventory as a table, or (?by=area) grouped by problem area."""
    episode = gated_episode(request, pk, change=False)
    people = queries.people_of(episode)
    by_area = request.GET.get("by") == "area"
    groups = []
    if by_area:
        areas = queries.areas_of(episode)
        groups = queries.grouped_by_area(people, queries.events_of(episode), areas)
    return formulation_page(
        request,
        "inventory.html",
        episode,
        action="formulation.inventory_viewed",
        people=people,
        by_area=by_area,
        groups=groups,
        subnav="inventory",
    )


def _person_details(form):
    data = dict(form.cleaned_data)
    return data.pop("recorded_on"), data.pop("session"), data


@access.staff_required
def inventory_add(request, pk):
    episode = gated_episode(request, pk, change=True)
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
        messages.success(
            request, gettext("%(name)s added to the inventory.") % {"name": details["label"]}
        )
        return redirect("clinic:inventory", pk=episode.pk)
    return formulation_page(
        request,
        "person_form.html",
        episode,
        action="formulation.inventory_viewed",
        form=form,
        subnav="inventory",
    )


@access.staff_required
def inventory_edit(request, pk, person):
    episode = gated_episode(request, pk, change=True)
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
        messages.success(
            request,
            gettext("New version of %(name)s saved; earlier ones kept.")
            % {"name": details["label"]},
        )
        return redirect("clinic:inventory", pk=episode.pk)
    context = {"form": form, "person": person, "current": current, "subnav": "inventory"}
    return formulation_page(
        request, "person_form.html", episode, action="formulation.inventory_viewed", **context
    )


@access.staff_required
def inventory_compare(request, pk):
    episode = gated_episode(request, pk, change=False)
    people = queries.people_of(episode)
    for person in people:
        person.comparison = queries.comparison(person)
    return formulation_page(
        request,
        "compare.html",
        episode,
        action="formulation.inventory_comparison_viewed",
        people=people,
        moved=[p for p in people if p.moved],
        updated=[p for p in people if len(p.history) > 1],
        recorded_once=[p for p in people if len(p.history) == 1],
        start_map=support_map_markup(
            episode, people, version="start", id_prefix="map-start", title=gettext("At the start")
        ),
        start_rows=queries.versions_by_circle(people, "start"),
        end_map=support_map_markup(
            episode, people, show_moves=True, id_prefix="map-now", title=gettext("Now")
        ),
        end_rows=queries.versions_by_circle(people),
        subnav="compare",
    )


@access.staff_required
def support_map(request, pk):
    episode = gated_episode(request, pk, change=False)
    people = queries.people_of(episode)
    return formulation_page(
        request,
        "map.html",
        episode,
        action="formulation.support_map_viewed",
        people=people,
        support_map=support_map_markup(episode, people),
        rows=queries.versions_by_circle(people),
        sharing=queries.sharing_of(episode),
        subnav="map",
    )


# --- timeline ---------------------------------------------------------------------------


@access.staff_required
def timeline(request, pk):
    episode = gated_episode(request, pk, change=False)
    people = queries.people_of(episode)
    events = queries.events_of(episode)
    labels = queries.person_labels(people)
    definition, scores = queries.symptom_scores(episode)
    for event in events:
        event.label = queries.event_label(event, labels)
        event.person_label = labels.get(event.person_id, "")
    return formulation_page(
        request,
        "timeline.html",
        episode,
        action="formulation.timeline_viewed",
        events=events,
        scores=scores,
        measure=definition,
        chart=svg(queries.timeline_svg(events, labels, definition, scores)),
        subnav="timeline",
    )


@access.staff_required
def timeline_add(request, pk):
    episode = gated_episode(request, pk, change=True)
    people = queries.people_of(episode)
    form = LifeEventForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        actions.add_life_event(request.user, episode, request=request, **form.event_fields())
        messages.success(request, gettext("Added to the timeline."))
        return redirect("clinic:timeline", pk=episode.pk)
    return formulation_page(
        request,
        "event_form.html",
        episode,
        action="formulation.timeline_viewed",
        form=form,
        subnav="timeline",
    )


@access.staff_required
def timeline_remove(request, pk, event):
    episode = gated_episode(request, pk, change=True)
    event = get_object_or_404(episode.life_events, pk=event, removed_at__isnull=True)
    if refused := refuse_unless_post(request):
        return refused
    actions.remove_life_event(request.user, event, request=request)
    messages.success(request, gettext("Taken off the timeline."))
    return redirect("clinic:timeline", pk=episode.pk)
