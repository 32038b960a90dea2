"""The client's view of their formulation and support map (only what is shared)."""

from django.urls import path

from .views import therapy as views

urlpatterns = [
    path("therapy/", views.therapy, name="therapy"),
    path("therapy/<int:pk>/", views.therapy_episode, name="therapy_episode"),
]
