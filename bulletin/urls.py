from django.urls import path

from bulletin.views import calls, members_area, toolkit

app_name = "bulletin"

urlpatterns = [
    # Open calls for support.
    path("calls/", calls.call_list, name="call_list"),
    path("calls/<int:pk>/", calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/answer/", calls.call_answer, name="call_answer"),
    path("my/calls/", calls.my_calls, name="my_calls"),
    path("my/organisations/<int:pk>/calls/new/", calls.call_create, name="call_create"),
    path("my/calls/<int:pk>/close/", calls.call_close, name="call_close"),
    # The toolkit.
    path("toolkit/", toolkit.publication_list, name="publication_list"),
    path("toolkit/<slug:slug>/", toolkit.publication_detail, name="publication_detail"),
    path(
        "my/organisations/<int:pk>/publications/new/",
        toolkit.publication_propose,
        name="publication_propose",
    ),
    # The members-only tier and the digest.
    path("my/members/", members_area.members_home, name="members_home"),
    path("my/members/directory/", members_area.members_directory, name="members_directory"),
    path(
        "my/organisations/<int:pk>/for-members/",
        members_area.organisation_members_info,
        name="organisation_members_info",
    ),
    path(
        "my/services/<int:pk>/for-members/",
        members_area.service_members_info,
        name="service_members_info",
    ),
    path("my/digest/", members_area.digest_settings, name="digest_settings"),
    path(
        "account/digest/unsubscribe/<str:token>/",
        members_area.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
]
