from django.urls import include, path

from .views import group, home, messages

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("invitation/<str:token>/", home.accept_invitation, name="invitation"),
    path("help-now/", home.crisis, name="crisis"),
    path("is-ipt-for-me/", home.self_assessment, name="self_assessment"),
    path("group/", group.my_group, name="group"),
    path("reminders/", messages.reminders, name="reminders"),
    # Public: the token in a message's stop link, and the SMS provider's signature.
    path("stop/<str:token>/", messages.stop, name="stop"),
    path("sms/inbound/", messages.sms_inbound, name="sms_inbound"),
    # Topic URL modules share the "portal" namespace.
    path("", include("openipt.portal.urls_formulation")),
    path("", include("openipt.portal.urls_worksheets")),
    path("", include("openipt.portal.urls_measures")),
]
