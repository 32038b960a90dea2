"""What every staff page about one episode shares: the gate, the audit event of showing the
client's record, and the layout's context. One place, so the pages cannot drift apart."""

from django.shortcuts import render

from openipt.audit.record import record
from openipt.caseload import access


def gated_episode(request, pk, *, change):
    """The episode through the gate: to change it (the treating clinician) or to view it
    (the treating clinician and their supervisor). 404 outside the organisation, 403 inside."""
    need = access.CHANGE_CLINICAL if change else access.VIEW_CLINICAL
    return access.episode_for(request.user, pk, need=need)


def shown(request, episode, action, obj=None):
    """The audit event of a page that shows this episode's client's record."""
    record(
        request.user,
        action,
        obj if obj is not None else episode,
        client=episode.client,
        request=request,
    )


def can_change(episode):
    return access.CHANGE_CLINICAL in episode.permissions


def render_episode_page(request, template, episode, *, action, obj=None, status=200, **context):
    """The page with what the episode layout needs (the episode, its client, whether the
    viewer may change it, the "Clients" menu item marked), after writing its audit event:
    every page of an episode shows the client's record, so showing one is recorded. A
    refused change shows again the page just recorded, and writes nothing."""
    if request.method in ("GET", "HEAD"):
        shown(request, episode, action, obj)
    context = {
        "episode": episode,
        "client": episode.client,
        "can_change": can_change(episode),
        "nav": "clients",
        **context,
    }
    return render(request, template, context, status=status)
