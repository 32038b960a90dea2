"""Sign-in, second factor, recovery codes and password pages."""

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice

from openipt.audit.record import client_ip, record
from openipt.languages import use_language

from . import actions, second_factor
from .actions import (
    InvitationInvalid,
    SignOutFirst,
    accept_staff_invitation,
    change_password,
    find_staff_invitation,
    record_failed_sign_in,
    reset_password,
)
from .forms import AcceptStaffInvitationForm, LanguageForm, TokenForm
from .middleware import ENROLLED_SESSION_KEY
from .staff import ChangeRefused
from .tasks import send_password_reset_email

# Wrong codes allowed in one session before the session is ended.
MAX_CODE_ATTEMPTS = 5


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        if second_factor.has_confirmed_totp(user):
            self.request.session[ENROLLED_SESSION_KEY] = True
        record(user, "account.signed_in", request=self.request)
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        username, password = form.data.get("username"), form.data.get("password")
        if username and password:  # an attempt, not a half-filled form
            record_failed_sign_in(username, request=self.request)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timeout") == "1"
        return context


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record(request.user, "account.signed_out", request=request)
    logout(request)
    messages.success(request, gettext("You have signed out."))
    return redirect("accounts:login")


@never_cache
def staff_invitation(request, token):
    """A new staff member chooses a username and password with the admin's one-time link;
    the account is made only then. Nothing is created from an unusable link."""
    try:
        invitation = find_staff_invitation(token, signed_in_as=request.user)
    except InvitationInvalid as problem:
        return _unusable_link(request, problem)
    # The page is in the language the admin chose for them (docs/languages.md).
    use_language(request, invitation.language)
    form = AcceptStaffInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_staff_invitation(
                token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except InvitationInvalid as problem:
            return _unusable_link(request, problem)
        except ChangeRefused as problem:  # the username was taken a moment ago
            form.add_error(None, problem)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, gettext("Your account is ready."))
            return redirect("home")
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/staff_invitation.html", context)


def _unusable_link(request, problem):
    # A known link's refusal is worded in the invitation's language: the page speaks it too.
    use_language(request, problem.language)
    context = {"problem": str(problem), "sign_out_first": isinstance(problem, SignOutFirst)}
    return render(request, "accounts/staff_invitation.html", context, status=problem.status)


@login_required
def account(request, feed_address=None):
    context = {
        "has_totp": second_factor.has_confirmed_totp(request.user),
        "has_feed": actions.has_calendar_feed(request.user),
        "feed_address": feed_address,
        "nav": "account",
        "base": _base(request),
    }
    return render(request, "accounts/account.html", context)


@login_required
def language(request):
    """The language this person reads OpenIPT in; their browser's until they choose."""
    form = LanguageForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["language"]
        actions.choose_language(request.user, chosen, request=request)
        # This response is already in the old language: the next page uses the new one.
        with translation.override(chosen or translation.get_language()):
            messages.success(request, gettext("Your language is saved."))
        return redirect("accounts:language")
    return render(
        request, "accounts/language.html", {"form": form, "nav": "account", "base": _base(request)}
    )


@login_required
@require_POST
def calendar_feed(request):
    """Turn the private calendar address on (a new one, shown once) or off."""
    if request.POST.get("feed") == "off":
        actions.turn_off_calendar_feed(request.user, request=request)
        messages.success(
            request, gettext("Your calendar address is turned off; it no longer works.")
        )
        return redirect("accounts:account")
    token = actions.turn_on_calendar_feed(request.user, request=request)
    address = request.build_absolute_uri(reverse("clinic:calendar_feed", args=[token]))
    return account(request, feed_address=address)


@login_required
def two_factor_setup(request):
    if not second_factor.may_set_up(request):
        messages.info(request, gettext("Enter a code from your current authenticator first."))
        return redirect("accounts:two_factor_verify")
    device = second_factor.pending_device(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        time_step = second_factor.matching_time_step(device, form.cleaned_data["token"])
        if time_step is not None:
            codes = second_factor.confirm_totp(
                request.user, device, time_step=time_step, request=request
            )
            otp_login(request, device)
            return _show_recovery_codes(request, codes)
        form.add_error(
            "token", gettext("That code is not right. Check the time on your phone and try again.")
        )
    context = {
        "form": form,
        "replacing": second_factor.has_confirmed_totp(request.user),
        # segno builds the SVG from our own provisioning URL; nothing user-typed is in it.
        "qr": mark_safe(second_factor.qr_svg(device)),  # noqa: S308
        "secret": device.bin_key.hex(),
        "base": _base(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session.pop("otp_failures", None)
            if isinstance(device, StaticDevice):
                record(request.user, "account.recovery_code_used", request=request)
            else:
                record(request.user, "account.second_factor_verified", request=request)
            return redirect(next_page(request))
        return _failed_code(request, form)
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "base": _base(request)}
    )


def next_page(request, default="home"):
    """The page named by `next` when it is on this site, otherwise `default`.

    Every `next` the product follows goes through here (the sign-in page uses Django's
    LoginView, which makes the same check): a link crafted elsewhere, such as
    ?next=https://evil.example/ or ?next=//evil.example, must not send someone off-site
    just after they proved who they are."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(default)


def _failed_code(request, form):
    failures = request.session.get("otp_failures", 0) + 1
    record(request.user, "account.second_factor_failed", request=request)
    if failures >= MAX_CODE_ATTEMPTS:
        logout(request)
        messages.error(request, gettext("Too many wrong codes. Please sign in again."))
        return redirect("accounts:login")
    request.session["otp_failures"] = failures
    form.add_error("token", gettext("That code is not right."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "base": _base(request)}
    )


@login_required
@require_POST
def recovery_codes(request):
    if not second_factor.has_confirmed_totp(request.user):
        return redirect("accounts:two_factor_setup")
    codes = second_factor.regenerate_recovery_codes(request.user, request=request)
    return _show_recovery_codes(request, codes)


def _show_recovery_codes(request, codes):
    context = {"codes": codes, "base": _base(request)}
    return render(request, "accounts/recovery_codes.html", context)


def _base(request):
    return "portal/base.html" if request.user.is_client else "base.html"


class LayoutForPersonMixin:
    """Clients see the portal layout, staff the staff layout."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"base": _base(self.request)}


class PasswordChangeView(LayoutForPersonMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        change_password(self.request.user, form.cleaned_data["new_password1"], request=self.request)
        # Stay signed in here; other sessions of this account end with the old password.
        update_session_auth_hash(self.request, self.request.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(LayoutForPersonMixin, auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


password_change = PasswordChangeView.as_view()
password_change_done = PasswordChangeDoneView.as_view()


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an address and answers the same way, after the same work, whether or not
    it belongs to an account: the mail task does the looking up (accounts/tasks.py)."""

    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        send_password_reset_email.enqueue(
            form.cleaned_data["email"],
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
            ip=client_ip(self.request),
        )
        return HttpResponseRedirect(self.get_success_url())


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        reset_password(self.user, form.cleaned_data["new_password1"], request=self.request)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
