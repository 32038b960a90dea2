"""The client's homework and relapse-prevention plan."""

from django.urls import path

from .views import worksheets as views

urlpatterns = [
    path("homework/", views.homework_list, name="homework"),
    path("homework/<int:pk>/", views.homework_detail, name="homework_detail"),
    path("homework/<int:pk>/pdf/", views.homework_pdf, name="homework_pdf"),
    path("relapse-plan/", views.relapse_plan, name="relapse_plan"),
    path("relapse-plan/<int:pk>/pdf/", views.relapse_plan_pdf, name="relapse_plan_pdf"),
]
