from django.urls import path

from bulletin.views import activities, calls, members_area, news, toolkit

app_name = "bulletin"

urlpatterns = [
    # Activities: public pages and calendars.
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/calendar.ics", activities.activity_list_calendar, name="activity_list_ics"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/calendar.ics", activities.activity_calendar, name="activity_ics"),
    # Activities: the editors' pages.
    path("my/activities/", activities.my_activities, name="my_activities"),
    path(
        "my/organisations/<int:pk>/activities/new/",
        activities.activity_create,
        name="activity_create",
    ),
    path("my/activities/<int:pk>/", activities.activity_edit, name="activity_edit"),
    path("my/activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    # News.
    path("news/", news.news_list, name="news_list"),
    path("news/feed/", news.news_feed, name="news_feed"),
    path("news/topics/<slug:topic>/", news.news_list, name="news_topic"),
    path("news/topics/<slug:topic>/feed/", news.news_feed, name="news_topic_feed"),
    path("news/<slug:slug>/", news.news_detail, name="news_detail"),
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
