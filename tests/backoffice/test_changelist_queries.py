"""Admin lists make the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Location, Organisation, Service
from tests.factories import (
    make_category,
    make_coordinator,
    make_municipality,
    make_org_type,
    make_structure,
)

pytestmark = pytest.mark.django_db

URLS = [
    "/admin/members/organisation/",
    "/admin/members/organisation/?status__exact=published&q=οργανωση",
    "/admin/members/service/",
    "/admin/members/service/?english_missing=yes",
    "/admin/members/location/",
    "/admin/network/municipality/",
    "/admin/accmr/user/",
    "/admin/dashboard/",
]


def _add_rows(count: int, start: int) -> None:
    """Many organisations with two services and a location each (bulk, for speed)."""
    org_type = make_org_type()
    category = make_category(slug="legal")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name_el=f"Οργάνωση {n}",
            name_en=f"Organisation {n}" if n % 2 else "",
            slug=f"org-{n}",
            type=org_type,
            status="published",
            search_text=f"οργανωση {n}",
        )
        for n in range(start, start + count)
    )
    Service.objects.bulk_create(
        Service(
            organisation=o, name_el=f"Υπηρεσία {o.pk}-{i}", slug=f"s-{o.pk}-{i}", category=category
        )
        for o in organisations
        for i in range(2)
    )
    Location.objects.bulk_create(
        Location(organisation=o, address_el="Οδός 1") for o in organisations
    )
    for o in organisations[:20]:
        make_structure(municipality=make_municipality(), organisation=o)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", URLS)
def test_a_list_costs_the_same_queries_with_3_or_300_organisations(
    client, url, django_assert_max_num_queries
):
    client.force_login(make_coordinator())
    _add_rows(3, 0)
    few = _queries(client, url)
    _add_rows(297, 3)
    # At most: session, user, permissions (2), the count, the filtered count, the page of
    # rows (with select_related), each filter's choices, the session save: under 20. The
    # dashboard (as in tests/backoffice/test_dashboard.py): session, user, user and group
    # permissions (2), organisations and services by status (2), pending changes (count,
    # latest), stale (count, oldest), English missing (2), reports (count, latest, by age),
    # calls and publications waiting for review (2), municipalities, structures, services per
    # organisation, scheduled jobs' records, failed e-mails (count, latest), and the session
    # save (3): 26.
    with django_assert_max_num_queries(few):
        client.get(url)
    assert few <= (26 if url == "/admin/dashboard/" else 20)
