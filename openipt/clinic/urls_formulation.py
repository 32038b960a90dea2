"""Formulation pages of an episode: inventory, support map, timeline, problem areas, goals
and the written formulation (views in views/formulation.py)."""

from django.urls import path

from .views import formulation, inventory, problem_areas

urlpatterns = [
    path("episodes/<int:pk>/formulation/", formulation.overview, name="formulation"),
    path(
        "episodes/<int:pk>/formulation/write/",
        formulation.formulation_edit,
        name="formulation_edit",
    ),
    path(
        "episodes/<int:pk>/formulation/versions/",
        formulation.formulation_versions,
        name="formulation_versions",
    ),
    path(
        "episodes/<int:pk>/formulation/sharing/",
        formulation.formulation_sharing,
        name="formulation_sharing",
    ),
    path("episodes/<int:pk>/inventory/", inventory.inventory, name="inventory"),
    path("episodes/<int:pk>/inventory/add/", inventory.inventory_add, name="inventory_add"),
    path(
        "episodes/<int:pk>/inventory/<int:person>/edit/",
        inventory.inventory_edit,
        name="inventory_edit",
    ),
    path(
        "episodes/<int:pk>/inventory/compare/",
        inventory.inventory_compare,
        name="inventory_compare",
    ),
    path("episodes/<int:pk>/support-map/", inventory.support_map, name="support_map"),
    path("episodes/<int:pk>/timeline/", inventory.timeline, name="timeline"),
    path("episodes/<int:pk>/timeline/add/", inventory.timeline_add, name="timeline_add"),
    path(
        "episodes/<int:pk>/timeline/<int:event>/remove/",
        inventory.timeline_remove,
        name="timeline_remove",
    ),
    path("episodes/<int:pk>/problem-areas/", problem_areas.problem_areas, name="problem_areas"),
    path(
        "episodes/<int:pk>/problem-areas/<int:area>/",
        problem_areas.problem_area,
        name="problem_area",
    ),
    path(
        "episodes/<int:pk>/problem-areas/<int:area>/stage/",
        problem_areas.dispute_stage_add,
        name="dispute_stage_add",
    ),
    path(
        "episodes/<int:pk>/problem-areas/<int:area>/goals/", problem_areas.goal_add, name="goal_add"
    ),
    path(
        "episodes/<int:pk>/problem-areas/<int:area>/strategies/",
        problem_areas.area_strategies,
        name="area_strategies",
    ),
    path(
        "episodes/<int:pk>/problem-areas/<int:area>/set-aside/",
        problem_areas.problem_area_set_aside,
        name="problem_area_set_aside",
    ),
    path(
        "episodes/<int:pk>/goals/<int:goal>/review/", problem_areas.goal_review, name="goal_review"
    ),
]
