from django.urls import include, path

from .views import calendar, messages, organisation, outcomes, records, sites, staff, supervision

app_name = "clinic"

urlpatterns = [
    path("caseload/", records.caseload, name="caseload"),
    path("clients/", records.client_list, name="clients"),
    path("clients/new/", records.client_new, name="client_new"),
    path("clients/<int:pk>/", records.client_detail, name="client"),
    path("clients/<int:pk>/edit/", records.client_edit, name="client_edit"),
    path("clients/<int:pk>/episodes/new/", records.episode_new, name="episode_new"),
    path("clients/<int:pk>/audit/", records.client_audit, name="client_audit"),
    path("clients/<int:pk>/invite/", records.client_invite, name="client_invite"),
    path("clients/<int:pk>/messages/", messages.client_messages, name="client_messages"),
    path(
        "clients/<int:pk>/password-reset/",
        records.client_password_reset,
        name="client_password_reset",
    ),
    path("clients/<int:pk>/remove/", records.client_remove, name="client_remove"),
    path("episodes/<int:pk>/remove/", records.episode_remove, name="episode_remove"),
    path("episodes/<int:pk>/", records.episode_detail, name="episode"),
    path("calendar/", calendar.week, name="calendar"),
    path("calendar/feed/<str:token>.ics", calendar.feed, name="calendar_feed"),
    path("supervision/", supervision.supervision, name="supervision"),
    path("outcomes/", outcomes.outcomes, name="outcomes"),
    path("outcomes/figures.csv", outcomes.outcomes_csv, name="outcomes_csv"),
    path("outcomes/<slug:figure>/episodes/", outcomes.outcome_episodes, name="outcome_episodes"),
    path("organisation/", organisation.organisation_settings, name="organisation"),
    path(
        "organisation/crisis-languages/",
        organisation.crisis_by_language,
        name="crisis_by_language",
    ),
    path("organisation/messages/", messages.message_settings, name="message_settings"),
    path("organisation/staff/", staff.staff_list, name="staff"),
    path("organisation/staff/invite/", staff.staff_invite, name="staff_invite"),
    path("organisation/staff/<int:pk>/", staff.staff_member, name="staff_member"),
    path("organisation/staff/<int:pk>/reassign/", staff.staff_reassign, name="staff_reassign"),
    path("organisation/staff/<int:pk>/training/", staff.staff_training, name="staff_training"),
    path("organisation/sites/", sites.site_list, name="sites"),
    path("organisation/sites/<int:pk>/", sites.site_detail, name="site"),
    # Topic URL modules share the "clinic" namespace.
    path("", include("openipt.clinic.urls_measures")),
    path("", include("openipt.clinic.urls_course")),
    path("", include("openipt.clinic.urls_formulation")),
    path("", include("openipt.clinic.urls_worksheets")),
    path("", include("openipt.clinic.urls_groups")),
]
