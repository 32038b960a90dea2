from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
]
