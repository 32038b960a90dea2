"""Client pages: always scoped to the signed-in client through access.portal_client."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from openipt.accounts.actions import InvitationInvalid, SignOutFirst, find_invitation
from openipt.accounts.actions import accept_invitation as accept
from openipt.accounts.crisis import crisis_information, crisis_information_for
from openipt.accounts.forms import AcceptInvitationForm
from openipt.accounts.staff import ChangeRefused
from openipt.audit.record import record
from openipt.caseload import access
from openipt.groups import queries as group_queries
from openipt.languages import use_language
from openipt.measures import queries as measure_queries
from openipt.measures.due import due_for_client
from openipt.measures.instruments import srm5
from openipt.protocol import appointments
from openipt.worksheets import queries as worksheet_queries

from ..forms import SelfAssessmentForm
from ..self_assessment import QUESTIONS, assess


@access.client_required
def home(request):
    client = access.portal_client(request.user)
    record(request.user, "portal.home_viewed", client, client=client, request=request)
    context = {
        "client": client,
        "courses": _courses(client),
        "homework_due": list(worksheet_queries.portal_homework_to_do(client)[:5]),
        "latest_comments": list(worksheet_queries.latest_comments_for(client)[:3]),
        "membership": group_queries.own_membership(client),
        "nav": "home",
    }
    return render(request, "portal/home.html", context)


def _courses(client):
    """Each open episode (a client may have more than one at once) with its next
    appointment, the questionnaires due in it and whether it keeps the rhythm diary."""
    episodes = due_for_client(client)
    upcoming = appointments.next_appointment_by_episode([row.episode for row in episodes])
    return [
        {
            "episode": row.episode,
            "next_appointment": upcoming.get(row.episode.pk),
            "due": row.due,
            "keeps_diary": measure_queries.course_uses(row.episode, srm5.CODE),
        }
        for row in episodes
    ]


@never_cache
def accept_invitation(request, token):
    """Anyone holding the one-time link may use it once; nothing is created otherwise."""
    try:
        invitation = find_invitation(token, signed_in_as=request.user)
    except InvitationInvalid as problem:
        return _invitation_problem(request, problem)
    # The page is in the language chosen for the client at invitation (docs/languages.md).
    use_language(request, invitation.language)
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
        except ChangeRefused as problem:  # the username was taken a moment ago
            form.add_error(None, problem)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, gettext("Your account is ready."))
            return redirect("portal:home")
    return render(request, "portal/invitation.html", {"form": form, "client": invitation.client})


def _invitation_problem(request, problem):
    # A known link's refusal is worded in the invitation's language: the page speaks it too.
    use_language(request, problem.language)
    context = {"problem": str(problem), "sign_out_first": isinstance(problem, SignOutFirst)}
    return render(request, "portal/invitation.html", context, status=problem.status)


def crisis(request):
    """Help now. Public on purpose: nobody should have to sign in to find it."""
    if request.user.is_authenticated:
        record(request.user, "portal.crisis_viewed", request=request)
    context = {"crisis": crisis_information_for(request.user), "nav": "crisis"}
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
        "answered": sum(1 for answer in form.cleaned_data.values() if answer) if result else 0,
        "crisis": crisis_information(None),
    }
    return render(request, "portal/self_assessment.html", context)
