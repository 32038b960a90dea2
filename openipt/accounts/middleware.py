"""Second factor: staff (when the deployment requires it) and anyone who has set up an
authenticator reach nothing but the setup and verification pages until they have
proved a second factor in this session."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from .second_factor import has_confirmed_totp

# Set at sign-in when the user has a confirmed authenticator, so the check below costs
# no query per request.
ENROLLED_SESSION_KEY = "second_factor_enrolled"

# Pages a signed-in but not yet verified user may reach.
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
        if user is None or not user.is_authenticated or user.is_verified():
            return False
        required = settings.OPENIPT_REQUIRE_2FA and user.is_staff_member
        if not (required or request.session.get(ENROLLED_SESSION_KEY)):
            return False
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return False
        return request.path not in {reverse(name) for name in OPEN_URL_NAMES}

    def _redirect(self, request):
        if has_confirmed_totp(request.user):
            return redirect("accounts:two_factor_verify")
        return redirect("accounts:two_factor_setup")


# Exports carry client data whoever asks for them.
EXPORT_CONTENT_TYPES = ("application/pdf", "application/json", "application/fhir+json")


class NoStoreMiddleware:
    """Responses that may carry client data are never kept by the browser or a proxy
    (`Cache-Control: no-store`): every response to someone signed in, and every PDF or
    JSON export. Static files are served before this runs (WhiteNoise) and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if signed_in or content_type in EXPORT_CONTENT_TYPES:
            add_never_cache_headers(response)
        return response


class PersonLanguageMiddleware:
    """A signed-in person reads every page in the language they chose on their account
    page (or at invitation, for a client); without a choice, LocaleMiddleware's answer
    from the browser stands. Runs after AuthenticationMiddleware, inside LocaleMiddleware,
    so the response's Content-Language names the language actually used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = person_language(getattr(request, "user", None))
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


def person_language(user):
    """The person's own language when it is one this deployment offers, else ''."""
    if user is None or not user.is_authenticated:
        return ""
    return user.language if user.language in dict(settings.LANGUAGES) else ""
