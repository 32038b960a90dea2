"""Worksheets, homework, technique records, assertive statements, relapse-prevention plans."""

from django.urls import path

from .views import worksheets as views

urlpatterns = [
    path("worksheets/", views.worksheet_library, name="worksheets"),
    path("worksheets/<slug:code>/blank/", views.worksheet_blank, name="worksheet_blank"),
    path("worksheets/<slug:code>/blank.pdf", views.worksheet_blank_pdf, name="worksheet_blank_pdf"),
    path("episodes/<int:pk>/homework/", views.homework_list, name="homework"),
    path("episodes/<int:pk>/homework/assign/", views.homework_assign, name="homework_assign"),
    path("homework/<int:pk>/", views.homework_detail, name="homework_detail"),
    path("homework/<int:pk>/pdf/", views.homework_pdf, name="homework_pdf"),
    path("episodes/<int:pk>/relapse-plan/", views.relapse_plan, name="relapse_plan"),
    path("episodes/<int:pk>/statements/", views.statements, name="statements"),
    path(
        "episodes/<int:pk>/statements/preview/", views.statement_preview, name="statement_preview"
    ),
    path("episodes/<int:pk>/techniques/", views.techniques, name="techniques"),
    path(
        "episodes/<int:pk>/techniques/<slug:code>/new/", views.technique_new, name="technique_new"
    ),
    path("techniques/<int:pk>/", views.technique_detail, name="technique"),
]
