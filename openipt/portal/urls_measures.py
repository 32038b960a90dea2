"""Questionnaires and the rhythm diary at home, my progress and my data."""

from django.urls import path

from .views import data, questionnaires, rhythm

urlpatterns = [
    path("questionnaires/", questionnaires.questionnaires, name="questionnaires"),
    path(
        "questionnaires/<int:episode>/<str:code>/",
        questionnaires.questionnaire,
        name="questionnaire",
    ),
    path(
        "questionnaires/sent/<int:pk>/",
        questionnaires.questionnaire_done,
        name="questionnaire_done",
    ),
    path("rhythm-diary/<int:episode>/", rhythm.diary, name="rhythm_diary"),
    path("rhythm-diary/<int:episode>/day/<int:day>/", rhythm.diary_day, name="rhythm_day"),
    path("my-progress/", questionnaires.progress, name="progress"),
    path("my-data/", data.my_data, name="my_data"),
    path("my-data/summary.pdf", data.my_data_pdf, name="my_data_pdf"),
    path("my-data/export.json", data.my_data_json, name="my_data_json"),
]
