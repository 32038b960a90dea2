from django.urls import include, path

from openipt.clinic.views import records as clinic_views

urlpatterns = [
    path("", clinic_views.home, name="home"),
    path("accounts/", include("openipt.accounts.urls")),
    path("portal/", include("openipt.portal.urls")),
    path("", include("openipt.clinic.urls")),
]
