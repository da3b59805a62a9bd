from django.urls import path

from members import editor_views, views

app_name = "members"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path(
        "organisations/<slug:slug>/report/",
        views.organisation_report,
        name="organisation_report",
    ),
    path("services/", views.service_list, name="service_list"),
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("services/<slug:slug>/print/", views.service_print, name="service_print"),
    # The editors' pages (member self-service).
    path("my/", editor_views.dashboard, name="dashboard"),
    path("my/organisations/<int:pk>/", editor_views.organisation_edit, name="organisation_edit"),
    path(
        "my/organisations/<int:pk>/pending-logo.png",
        editor_views.pending_logo,
        name="pending_logo",
    ),
    path(
        "my/organisations/<int:pk>/confirm/",
        editor_views.organisation_confirm,
        name="organisation_confirm",
    ),
    path(
        "my/organisations/<int:pk>/services/new/",
        editor_views.service_create,
        name="service_create",
    ),
    path("my/services/<int:pk>/", editor_views.service_edit, name="service_edit"),
    path("my/services/<int:pk>/hours/", editor_views.service_hours, name="service_hours"),
    path("my/services/<int:pk>/closures/", editor_views.service_closures, name="service_closures"),
    path(
        "my/services/<int:pk>/public-holidays/",
        editor_views.service_public_holidays,
        name="service_public_holidays",
    ),
    path("my/closures/<int:pk>/delete/", editor_views.closure_delete, name="closure_delete"),
    path("my/services/<int:pk>/status/", editor_views.service_status, name="service_status"),
    path("my/changes/<int:pk>/withdraw/", editor_views.change_withdraw, name="change_withdraw"),
    path(
        "my/organisations/<int:pk>/locations/new/",
        editor_views.location_create,
        name="location_create",
    ),
    path("my/locations/<int:pk>/", editor_views.location_edit, name="location_edit"),
    path(
        "my/confirmations/<int:pk>/undo/",
        editor_views.confirmation_undo,
        name="confirmation_undo",
    ),
    path("my/reports/<int:pk>/answer/", editor_views.report_answer, name="report_answer"),
    # Under account/ since the first invitations: the links already sent must keep working.
    path(
        "account/invitation/<str:token>/",
        editor_views.invitation_accept,
        name="invitation_accept",
    ),
]
