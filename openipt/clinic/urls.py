from django.urls import path

from . import views

app_name = "clinic"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("clients/", views.client_list, name="clients"),
    path("clients/new/", views.client_new, name="client_new"),
    path("clients/<int:pk>/", views.client_detail, name="client"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:pk>/episodes/new/", views.episode_new, name="episode_new"),
    path("clients/<int:pk>/audit/", views.client_audit, name="client_audit"),
    path("clients/<int:pk>/invite/", views.client_invite, name="client_invite"),
    path("episodes/<int:pk>/", views.episode_detail, name="episode"),
    path("supervision/", views.supervision, name="supervision"),
]
