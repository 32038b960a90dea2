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
    # The parts of the session page, each saved on its own (POST only).
    path(
        "episodes/<int:pk>/course/sessions/<int:number>/attendance/",
        sessions.save_attendance,
        name="session_attendance",
    ),
    path(
        "episodes/<int:pk>/course/sessions/<int:number>/agenda/",
        sessions.save_agenda,
        name="session_agenda",
    ),
    path(
        "episodes/<int:pk>/course/sessions/<int:number>/measures/<str:code>/",
        sessions.save_measure,
        name="session_measure",
    ),
    path(
        "episodes/<int:pk>/course/sessions/<int:number>/homework/<int:homework>/review/",
        sessions.review_homework,
        name="session_homework_review",
    ),
    path(
        "episodes/<int:pk>/course/sessions/<int:number>/homework/new/",
        sessions.set_homework,
        name="session_homework_new",
    ),
    path(
        "episodes/<int:pk>/course/sessions/<int:number>/note/",
        sessions.save_note,
        name="session_note",
    ),
    path(
        "episodes/<int:pk>/course/sessions/<int:number>/note/addenda/",
        sessions.add_addendum,
        name="session_note_addendum",
    ),
    path("notes/<int:pk>/", sessions.progress_note, name="progress_note"),
    path("notes/<int:pk>/cosign/", sessions.cosign_note, name="progress_note_cosign"),
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
    path(
        "episodes/<int:pk>/course/follow-ups/<int:follow_up>/",
        course.follow_up,
        name="course_follow_up",
    ),
    path("episodes/<int:pk>/course/escalate/", course.escalate, name="course_escalate"),
    path("episodes/<int:pk>/course/fidelity/", course.course_fidelity, name="course_fidelity"),
    path("fidelity/", supervision.team_fidelity, name="fidelity"),
    path(
        "alerts/<int:pk>/acknowledge/",
        supervision.acknowledge_alert,
        name="supervisor_alert_acknowledge",
    ),
    path(
        "supervision/start-requests/<int:pk>/decide/",
        supervision.decide_start_request,
        name="start_request_decide",
    ),
]
