"""Staff pages for the written formulation: the overview of the case, writing a new
version, the versions kept, and what is shared with the client. Viewing is for the
treating clinician and their supervisor, changing for the treating clinician; every page
is audited as it is rendered."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext

from openipt.caseload import access
from openipt.formulation import actions, queries
from openipt.formulation.forms import (
    FormulationForm,
)
from openipt.formulation.models import Shareable

from .formulation_pages import formulation_page, refuse_unless_post, support_map_markup
from .pages import gated_episode

# --- overview ---------------------------------------------------------------------------


@access.staff_required
def overview(request, pk):
    episode = gated_episode(request, pk, change=False)
    people = queries.people_of(episode)
    return formulation_page(
        request,
        "overview.html",
        episode,
        action="formulation.overview_viewed",
        people=people,
        support_map=support_map_markup(episode, people),
        rows=queries.versions_by_circle(people),
        areas=queries.areas_of(episode),
        latest=queries.latest_formulation(episode),
        sharing=queries.sharing_of(episode),
        event_count=len(queries.events_of(episode)),
        subnav="overview",
    )


# --- the written formulation ------------------------------------------------------------


@access.staff_required
def formulation_edit(request, pk):
    episode = gated_episode(request, pk, change=True)
    latest = queries.latest_formulation(episode)
    fresh_draft = queries.draft_for(episode)
    use_draft = latest is None or request.GET.get("start") == "draft"
    initial = {"text": fresh_draft if use_draft else latest.text}
    form = FormulationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_formulation(
            request.user, episode, text=form.cleaned_data["text"], request=request
        )
        messages.success(request, gettext("Formulation saved as a new version."))
        return redirect("clinic:formulation", pk=episode.pk)
    return formulation_page(
        request,
        "formulation_form.html",
        episode,
        action="formulation.formulation_viewed",
        form=form,
        latest=latest,
        use_draft=use_draft,
        fresh_draft=fresh_draft,
        subnav="formulation",
    )


@access.staff_required
def formulation_versions(request, pk):
    episode = gated_episode(request, pk, change=False)
    versions = list(
        episode.formulation_versions.select_related("written_by").order_by("-created_at", "-id")
    )
    sharing = queries.sharing_of(episode)
    return formulation_page(
        request,
        "versions.html",
        episode,
        action="formulation.formulation_versions_viewed",
        versions=versions,
        sharing=sharing,
        subnav="formulation",
    )


@access.staff_required
def formulation_sharing(request, pk):
    episode = gated_episode(request, pk, change=True)
    if refused := refuse_unless_post(request):
        return refused
    item = request.POST.get("item")
    shared = request.POST.get("shared") == "yes"
    if item not in Shareable.values:
        messages.error(request, gettext("Nothing was changed: choose what to share."))
        return redirect("clinic:formulation", pk=episode.pk)
    try:
        actions.decide_sharing(request.user, episode, item=item, shared=shared, request=request)
    except actions.NothingToShare:
        messages.error(request, gettext("Save a formulation first; there is nothing to share yet."))
        return redirect("clinic:formulation", pk=episode.pk)
    messages.success(request, _sharing_message(item, shared, episode.client.given_name))
    return redirect("clinic:formulation", pk=episode.pk)


def _sharing_message(item, shared, name):
    # Whole sentences per item, so each language can word them its own way.
    if item == Shareable.FORMULATION:
        if shared:
            return gettext("The formulation is now shared with %(name)s.") % {"name": name}
        return gettext("The formulation is no longer shared.")
    if shared:
        return gettext("The support map is now shared with %(name)s.") % {"name": name}
    return gettext("The support map is no longer shared.")
