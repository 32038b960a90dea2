"""Second factor for staff: when required, staff reach nothing but the setup and
verification pages until they have proved a second factor in this session."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Pages a signed-in but not yet verified staff member may reach.
OPEN_URL_NAMES = (
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:logout",
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_second_factor(request):
            return self._redirect(request)
        return self.get_response(request)

    def _needs_second_factor(self, request):
        user = getattr(request, "user", None)
        if not settings.OPENIPT_REQUIRE_2FA or user is None or not user.is_authenticated:
            return False
        if not user.is_staff_member or user.is_verified():
            return False
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return False
        return request.path not in {reverse(name) for name in OPEN_URL_NAMES}

    def _redirect(self, request):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect("accounts:two_factor_verify")
        return redirect("accounts:two_factor_setup")
