"""Client pages: always scoped to the signed-in client through access.portal_client."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from openipt.accounts.actions import InvitationInvalid, SignOutFirst, find_invitation
from openipt.accounts.actions import accept_invitation as accept
from openipt.accounts.crisis import crisis_information
from openipt.accounts.forms import AcceptInvitationForm
from openipt.audit.record import record
from openipt.caseload import access

from .forms import SelfAssessmentForm
from .self_assessment import QUESTIONS, assess
from .views_measures import home_context


@access.client_required
def home(request):
    client = access.portal_client(request.user)
    episode = client.episodes.select_related("clinician").filter(status="open").first()
    record(request.user, "portal.home_viewed", client, client=client, request=request)
    context = {"client": client, "episode": episode, "nav": "home"}
    context.update(home_context(client, episode))
    return render(request, "portal/home.html", context)


@never_cache
def accept_invitation(request, token):
    """Anyone holding the one-time link may use it once; nothing is created otherwise."""
    try:
        invitation = find_invitation(token, signed_in_as=request.user)
    except InvitationInvalid as problem:
        return _invitation_problem(request, problem)
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
            return _invitation_problem(request, problem)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your account is ready.")
        return redirect("portal:home")
    return render(request, "portal/invitation.html", {"form": form, "client": invitation.client})


def _invitation_problem(request, problem):
    context = {"problem": str(problem), "sign_out_first": isinstance(problem, SignOutFirst)}
    return render(request, "portal/invitation.html", context, status=problem.status)


def crisis(request):
    """Help now. Public on purpose: nobody should have to sign in to find it."""
    organisation = None
    if request.user.is_authenticated and request.user.is_client:
        organisation = request.user.organisation
        record(request.user, "portal.crisis_viewed", request=request)
    context = {"crisis": crisis_information(organisation), "nav": "crisis"}
    return render(request, "portal/crisis.html", context)


def self_assessment(request):
    """'Is IPT for me?': public, anonymous, nothing stored."""
    form = SelfAssessmentForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = assess(form.cleaned_data)
    texts = {question.key: question.text for question in QUESTIONS}
    context = {
        "form": form,
        "result": result,
        "fit_texts": [texts[key] for key in result.fit_reasons] if result else [],
        "other_texts": [texts[key] for key in result.other_reasons] if result else [],
        "crisis": crisis_information(None),
    }
    return render(request, "portal/self_assessment.html", context)
