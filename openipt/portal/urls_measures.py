from django.urls import path

from . import views_data, views_measures

urlpatterns = [
    path("questionnaires/", views_measures.questionnaires, name="questionnaires"),
    path(
        "questionnaires/<str:code>/",
        views_measures.questionnaire,
        name="questionnaire",
    ),
    path(
        "questionnaires/sent/<int:pk>/",
        views_measures.questionnaire_done,
        name="questionnaire_done",
    ),
    path("my-progress/", views_measures.progress, name="progress"),
    path("my-data/", views_data.my_data, name="my_data"),
    path("my-data/summary.pdf", views_data.my_data_pdf, name="my_data_pdf"),
    path("my-data/export.json", views_data.my_data_json, name="my_data_json"),
]
