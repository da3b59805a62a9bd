from django.urls import path

from bulletin.views import activities, news

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
]
