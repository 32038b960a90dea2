"""The member's own view of their group (docs/groups.md): its schedule, their own attendance,
scores and homework. Never another member's name, score, note or attendance: the page is
built from the signed-in client's own membership only."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext

from openipt.audit.record import record
from openipt.caseload import access
from openipt.groups import queries


@access.client_required
def my_group(request):
    client = access.portal_client(request.user)
    membership = queries.own_membership(client)
    if membership is None:
        raise Http404(gettext("You are not in a group."))
    record(request.user, "portal.group_viewed", membership, client=client, request=request)
    context = {
        "client": client,
        "membership": membership,
        "nav": "group",
        **queries.own_group_page(membership),
    }
    return render(request, "portal/group.html", context)
