from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice_detail"),
    path("<slug:slug>/", views.municipality_detail, name="municipality_detail"),
    path("<slug:slug>/services/", views.municipality_services, name="municipality_services"),
]
