from django.urls import path

from .views import course, sessions, supervision

urlpatterns = [
    path("episodes/<int:pk>/course/", course.course_view, name="course"),
    path("episodes/<int:pk>/course/intake/", course.intake, name="course_intake"),
    path("episodes/<int:pk>/course/start/", course.start, name="course_start"),
    path("episodes/<int:pk>/course/contract/", course.contract, name="course_contract"),
    path("episodes/<int:pk>/course/phases/", course.boundaries, name="course_boundaries"),
    path("episodes/<int:pk>/course/sessions/new/", sessions.schedule, name="course_schedule"),
    path(
        "episodes/<int:pk>/course/sessions/<int:number>/",
        sessions.session_view,
        name="course_session",
    ),
    path(
        "episodes/<int:pk>/course/sessions/<int:number>/reschedule/",
        sessions.reschedule,
        name="course_reschedule",
    ),
    path(
        "episodes/<int:pk>/course/sessions/<int:number>/cancel/",
        sessions.cancel,
        name="course_cancel_session",
    ),
    path("episodes/<int:pk>/course/end/", course.end, name="course_end"),
    path("episodes/<int:pk>/course/escalate/", course.escalate, name="course_escalate"),
    path("episodes/<int:pk>/course/fidelity/", course.course_fidelity, name="course_fidelity"),
    path("fidelity/", supervision.team_fidelity, name="fidelity"),
]
