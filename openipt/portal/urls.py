from django.urls import include, path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
    path("help-now/", views.crisis, name="crisis"),
    path("is-ipt-for-me/", views.self_assessment, name="self_assessment"),
    # Topic URL modules share the "portal" namespace.
    path("", include("openipt.portal.urls_formulation")),
    path("", include("openipt.portal.urls_worksheets")),
    path("", include("openipt.portal.urls_measures")),
]
