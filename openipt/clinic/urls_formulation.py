"""Formulation pages of an episode: inventory, support map, timeline, problem areas, goals
and the written formulation (views in views/formulation.py)."""

from django.urls import path

from .views import formulation as views

urlpatterns = [
    path("episodes/<int:pk>/formulation/", views.overview, name="formulation"),
    path("episodes/<int:pk>/formulation/write/", views.formulation_edit, name="formulation_edit"),
    path(
        "episodes/<int:pk>/formulation/versions/",
        views.formulation_versions,
        name="formulation_versions",
    ),
    path(
        "episodes/<int:pk>/formulation/sharing/",
        views.formulation_sharing,
        name="formulation_sharing",
    ),
    path("episodes/<int:pk>/inventory/", views.inventory, name="inventory"),
    path("episodes/<int:pk>/inventory/add/", views.inventory_add, name="inventory_add"),
    path(
        "episodes/<int:pk>/inventory/<int:person>/edit/",
        views.inventory_edit,
        name="inventory_edit",
    ),
    path("episodes/<int:pk>/inventory/compare/", views.inventory_compare, name="inventory_compare"),
    path("episodes/<int:pk>/support-map/", views.support_map, name="support_map"),
    path("episodes/<int:pk>/timeline/", views.timeline, name="timeline"),
    path("episodes/<int:pk>/timeline/add/", views.timeline_add, name="timeline_add"),
    path(
        "episodes/<int:pk>/timeline/<int:event>/remove/",
        views.timeline_remove,
        name="timeline_remove",
    ),
    path("episodes/<int:pk>/problem-areas/", views.problem_areas, name="problem_areas"),
    path("episodes/<int:pk>/problem-areas/<int:area>/", views.problem_area, name="problem_area"),
    path(
        "episodes/<int:pk>/problem-areas/<int:area>/stage/",
        views.dispute_stage_add,
        name="dispute_stage_add",
    ),
    path("episodes/<int:pk>/problem-areas/<int:area>/goals/", views.goal_add, name="goal_add"),
    path(
        "episodes/<int:pk>/problem-areas/<int:area>/strategies/",
        views.area_strategies,
        name="area_strategies",
    ),
    path(
        "episodes/<int:pk>/problem-areas/<int:area>/set-aside/",
        views.problem_area_set_aside,
        name="problem_area_set_aside",
    ),
    path("episodes/<int:pk>/goals/<int:goal>/review/", views.goal_review, name="goal_review"),
]
