from django.urls import path

from members import views
from members.editor.views import dashboard, hours, invitations, locations, organisation, services

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
    path("my/", dashboard.dashboard, name="dashboard"),
    path("my/organisations/<int:pk>/", organisation.organisation_edit, name="organisation_edit"),
    path(
        "my/organisations/<int:pk>/pending-logo.png",
        organisation.pending_logo,
        name="pending_logo",
    ),
    path(
        "my/organisations/<int:pk>/confirm/",
        organisation.organisation_confirm,
        name="organisation_confirm",
    ),
    path(
        "my/organisations/<int:pk>/services/new/",
        services.service_create,
        name="service_create",
    ),
    path("my/services/<int:pk>/", services.service_edit, name="service_edit"),
    path("my/services/<int:pk>/hours/", hours.service_hours, name="service_hours"),
    path("my/services/<int:pk>/closures/", hours.service_closures, name="service_closures"),
    path(
        "my/services/<int:pk>/public-holidays/",
        hours.service_public_holidays,
        name="service_public_holidays",
    ),
    path("my/closures/<int:pk>/delete/", hours.closure_delete, name="closure_delete"),
    path("my/services/<int:pk>/status/", services.service_status, name="service_status"),
    path("my/changes/<int:pk>/withdraw/", dashboard.change_withdraw, name="change_withdraw"),
    path(
        "my/organisations/<int:pk>/locations/new/",
        locations.location_create,
        name="location_create",
    ),
    path("my/locations/<int:pk>/", locations.location_edit, name="location_edit"),
    path(
        "my/confirmations/<int:pk>/undo/",
        organisation.confirmation_undo,
        name="confirmation_undo",
    ),
    path("my/reports/<int:pk>/answer/", dashboard.report_answer, name="report_answer"),
    # Under account/ since the first invitations: the links already sent must keep working.
    path(
        "account/invitation/<str:token>/",
        invitations.invitation_accept,
        name="invitation_accept",
    ),
]
