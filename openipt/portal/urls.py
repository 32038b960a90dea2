from django.urls import include, path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
    # Topic URL modules share the "portal" namespace.
    path("", include("openipt.portal.urls_formulation")),
    path("", include("openipt.portal.urls_worksheets")),
]
