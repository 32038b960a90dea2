"""The client's view of their therapy: the formulation and support map their clinician
has shared. Always scoped to the signed-in client; another client's episode is a 404."""

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from openipt.audit.record import record
from openipt.caseload import access
from openipt.formulation import queries


@access.client_required
def therapy(request):
    client = access.portal_client(request.user)
    episodes = list(client.episodes.select_related("clinician").order_by("-opened_on", "-id"))
    sharing = queries.sharing_by_episode(episodes)
    for episode in episodes:
        episode.sharing = sharing[episode.pk]
    record(request.user, "portal.therapy_viewed", client, client=client, request=request)
    context = {"client": client, "episodes": episodes, "nav": "therapy"}
    return render(request, "portal/formulation/therapy.html", context)


@access.client_required
def therapy_episode(request, pk):
    client = access.portal_client(request.user)
    episode = access.own_record(
        client, client.episodes.select_related("clinician"), pk, what="course of therapy"
    )
    sharing = queries.sharing_of(episode)
    people = queries.people_of(episode) if sharing.map_shared else []
    support_map = None
    if sharing.map_shared:
        # maps.py escapes every piece of text it draws.
        # A wide and a narrow drawing; CSS shows the one that fits the screen (issue 19).
        you = pgettext("the client at the centre of their support map", "You")
        title = gettext("Your support map")
        support_map = mark_safe(  # noqa: S308
            queries.support_map_svg(people, centre_label=you, title=title)
            + queries.narrow_support_map_svg(people, centre_label=you, title=title)
        )
    record(request.user, "portal.formulation_viewed", episode, client=client, request=request)
    context = {
        "client": client,
        "episode": episode,
        "sharing": sharing,
        "people": people,
        "support_map": support_map,
        "nav": "therapy",
    }
    return render(request, "portal/formulation/episode.html", context)
