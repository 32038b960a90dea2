from django.urls import path

from .views import group_sessions, groups

urlpatterns = [
    path("groups/", groups.group_list, name="groups"),
    path("groups/new/", groups.group_new, name="group_new"),
    path("groups/<int:pk>/", groups.group_detail, name="group"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group_edit"),
    path("groups/<int:pk>/members/new/", groups.member_new, name="group_member_new"),
    path("groups/<int:pk>/members/<int:member>/", groups.member_detail, name="group_member"),
    path(
        "groups/<int:pk>/members/<int:member>/pre-group/<int:number>/",
        groups.pre_group_session,
        name="group_pre_session",
    ),
    path(
        "groups/<int:pk>/members/<int:member>/decision/",
        groups.member_decision,
        name="group_member_decision",
    ),
    path(
        "groups/<int:pk>/members/<int:member>/leave/",
        groups.member_leave,
        name="group_member_leave",
    ),
    path(
        "groups/<int:pk>/sessions/<int:number>/",
        group_sessions.session_page,
        name="group_session",
    ),
    path("groups/<int:pk>/progress/", group_sessions.progress, name="group_progress"),
    path("groups/<int:pk>/outcomes/", group_sessions.outcomes, name="group_outcomes"),
    path("groups/<int:pk>/end/", group_sessions.end, name="group_end"),
    path("groups/<int:pk>/supervision/", group_sessions.notes, name="group_notes"),
    path(
        "groups/<int:pk>/supervision/<int:note>/acknowledge/",
        group_sessions.acknowledge_note,
        name="group_note_acknowledge",
    ),
    path("groups/<int:pk>/fhir/", group_sessions.fhir, name="group_fhir"),
]
