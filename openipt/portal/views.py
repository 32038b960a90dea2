"""Client pages: always scoped to the signed-in client through access.portal_client."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from openipt.accounts.actions import InvitationInvalid, find_invitation
from openipt.accounts.actions import accept_invitation as accept
from openipt.accounts.forms import AcceptInvitationForm
from openipt.audit.record import record
from openipt.caseload import access


@access.client_required
def home(request):
    client = access.portal_client(request.user)
    episode = client.episodes.select_related("clinician").filter(status="open").first()
    record(request.user, "portal.home_viewed", client, client=client, request=request)
    return render(
        request, "portal/home.html", {"client": client, "episode": episode, "nav": "home"}
    )


@never_cache
def accept_invitation(request, token):
    """Anyone holding the one-time link may use it once; nothing is created otherwise."""
    try:
        invitation = find_invitation(token)
    except InvitationInvalid as problem:
        return render(request, "portal/invitation.html", {"problem": str(problem)}, status=410)
    form = AcceptInvitationForm(request.POST or None, client=invitation.client)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept(
                token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except InvitationInvalid as problem:
            return render(request, "portal/invitation.html", {"problem": str(problem)}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your account is ready.")
        return redirect("portal:home")
    return render(request, "portal/invitation.html", {"form": form, "client": invitation.client})
