"""Sign-in, second factor, recovery codes and password pages."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from openipt.audit.record import record

from . import second_factor
from .actions import InvitationInvalid, accept_staff_invitation, find_staff_invitation
from .forms import AcceptStaffInvitationForm, TokenForm
from .middleware import ENROLLED_SESSION_KEY

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timeout") == "1"
        return context


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record(request.user, "account.signed_out", request=request)
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:login")


@never_cache
def staff_invitation(request, token):
    """A new staff member chooses a username and password with the admin's one-time link;
    the account is made only then. Nothing is created from an unusable link."""
    try:
        invitation = find_staff_invitation(token)
    except InvitationInvalid as problem:
        return _unusable_link(request, problem)
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
        if request.user.is_authenticated:
            logout(request)  # someone else was signed in on this browser
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your account is ready.")
        return redirect("home")
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/staff_invitation.html", context)


def _unusable_link(request, problem):
    context = {"problem": str(problem)}
    return render(request, "accounts/staff_invitation.html", context, status=410)


@login_required
def account(request):
    context = {
        "has_totp": second_factor.has_confirmed_totp(request.user),
        "nav": "account",
        "base": "portal/base.html" if request.user.is_client else "base.html",
    }
    return render(request, "accounts/account.html", context)


@login_required
def two_factor_setup(request):
    if not second_factor.may_set_up(request):
        messages.info(request, "Enter a code from your current authenticator first.")
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
            "token", "That code is not right. Check the time on your phone and try again."
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
            record(request.user, "account.second_factor_verified", request=request)
            return redirect(request.GET.get("next") or "home")
        return _failed_code(request, form)
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "base": _base(request)}
    )


def _failed_code(request, form):
    failures = request.session.get("otp_failures", 0) + 1
    record(request.user, "account.second_factor_failed", request=request)
    if failures >= MAX_CODE_ATTEMPTS:
        logout(request)
        messages.error(request, "Too many wrong codes. Please sign in again.")
        return redirect("accounts:login")
    request.session["otp_failures"] = failures
    form.add_error("token", "That code is not right.")
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


class PasswordChangeDoneView(LayoutForPersonMixin, auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


password_change = PasswordChangeView.as_view()
password_change_done = PasswordChangeDoneView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
