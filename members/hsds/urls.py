"""Open data's routes, two includes of one room.

`urlpatterns` (namespace `hsds`): the HSDS 3.x API, outside the language prefix at
/api/hsds/… (`?lang=el|en`). `downloads` (namespace `opendata`): the files, inside it at
/<lang>/data/.
"""

from django.urls import path, re_path

from members.hsds import figures, views

app_name = "hsds"

# HSDS paths have no trailing slash; one is tolerated.
urlpatterns = [
    re_path(r"^$", views.about, name="about"),
    path("openapi.json", views.openapi, name="openapi"),
    re_path(r"^services/?$", views.services, name="services"),
    re_path(r"^services/(?P<pk>[^/]+)/?$", views.service_detail, name="service_detail"),
    re_path(r"^organizations/?$", views.organizations, name="organizations"),
    re_path(
        r"^organizations/(?P<pk>[^/]+)/?$", views.organization_detail, name="organization_detail"
    ),
    re_path(r"^service_at_locations/?$", views.service_at_locations, name="service_at_locations"),
    re_path(
        r"^service_at_locations/(?P<pk>[^/]+)/?$",
        views.service_at_location_detail,
        name="service_at_location_detail",
    ),
    re_path(r"^taxonomies/?$", views.taxonomies, name="taxonomies"),
    re_path(r"^taxonomies/(?P<pk>[^/]+)/?$", views.taxonomy_detail, name="taxonomy_detail"),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_term_list, name="taxonomy_terms"),
    re_path(
        r"^taxonomy_terms/(?P<pk>[^/]+)/?$", views.taxonomy_term_detail, name="taxonomy_term_detail"
    ),
]

downloads = (
    [
        path("", views.downloads, name="downloads"),
        path("hsds-profile/", views.profile, name="profile"),
        # The directory in figures.
        path("figures/", figures.figures_page, name="figures"),
        path("figures/<slug:figure>.csv", figures.figure_csv, name="figure_csv"),
        path("<str:name>", views.download, name="download"),
    ],
    "opendata",
)
