"""HSDS 3.x open data API, outside the language prefix: /api/hsds/… (`?lang=el|en`)."""

from django.urls import re_path

from members import api

app_name = "hsds"

# HSDS paths have no trailing slash; one is tolerated.
urlpatterns = [
    re_path(r"^$", api.about, name="about"),
    re_path(r"^services/?$", api.services, name="services"),
    re_path(r"^services/(?P<pk>[^/]+)/?$", api.service_detail, name="service_detail"),
    re_path(r"^organizations/?$", api.organizations, name="organizations"),
    re_path(
        r"^organizations/(?P<pk>[^/]+)/?$", api.organization_detail, name="organization_detail"
    ),
    re_path(r"^service_at_locations/?$", api.service_at_locations, name="service_at_locations"),
    re_path(r"^taxonomies/?$", api.taxonomies, name="taxonomies"),
    re_path(r"^taxonomy_terms/?$", api.taxonomy_term_list, name="taxonomy_terms"),
]
