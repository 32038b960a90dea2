from django.urls import path

from .views import measures, rhythm

urlpatterns = [
    path("episodes/<int:pk>/measures/new/", measures.measure_new, name="measure_new"),
    path("episodes/<int:pk>/progress-report.pdf", measures.progress_report, name="progress_report"),
    path("episodes/<int:pk>/rhythm/", rhythm.rhythm_weeks, name="rhythm_weeks"),
    path("episodes/<int:pk>/rhythm/new/", rhythm.rhythm_week_new, name="rhythm_week_new"),
    path("measures/<int:pk>/", measures.measure_detail, name="measure"),
    path("measures/<int:pk>/fhir/", measures.measure_fhir, name="measure_fhir"),
    path("risk-flags/<int:pk>/", measures.risk_flag, name="risk_flag"),
    path("risk-flags/<int:pk>/reassign/", measures.risk_flag_reassign, name="risk_flag_reassign"),
]
