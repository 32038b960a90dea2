from django.urls import include, path

from .views import group, home

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("invitation/<str:token>/", home.accept_invitation, name="invitation"),
    path("help-now/", home.crisis, name="crisis"),
    path("is-ipt-for-me/", home.self_assessment, name="self_assessment"),
    path("group/", group.my_group, name="group"),
    # Topic URL modules share the "portal" namespace.
    path("", include("openipt.portal.urls_formulation")),
    path("", include("openipt.portal.urls_worksheets")),
    path("", include("openipt.portal.urls_measures")),
]
