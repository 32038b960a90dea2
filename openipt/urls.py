from django.urls import include, path

from openipt.clinic.views import records as clinic_views

urlpatterns = [
    path("", clinic_views.home, name="home"),
    path("accounts/", include("openipt.accounts.urls")),
    # Django's set_language: the switcher on pages for people not signed in (POST, CSRF).
    path("i18n/", include("django.conf.urls.i18n")),
    path("portal/", include("openipt.portal.urls")),
    path("", include("openipt.clinic.urls")),
]
