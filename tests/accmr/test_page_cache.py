"""The whole-page cache for anonymous visitors (accmr.cache) and its invalidation."""

import pytest
from django.apps import apps

from accmr import cache as page_cache
from tests import factories
from tests.pages import visit_twice

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.accmr.page_cache_urls"),
    pytest.mark.usefixtures("page_cache_on"),
]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the version bump) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_second_anonymous_visit_is_served_from_cache_without_queries(
    client, django_assert_num_queries
):
    factories.make_organisation(name="Άλφα")
    _, second = visit_twice(client, "/cached/names/", django_assert_num_queries)
    assert "Άλφα" in second.content.decode()


def test_security_headers_are_added_to_a_cached_page_too(client):
    client.get("/cached/names/")
    response = client.get("/cached/names/")
    assert response["X-Page-Cache"] == "hit"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_saving_a_record_makes_the_next_visit_fresh(client, commit):
    organisation = factories.make_organisation(name="Παλιό όνομα")
    client.get("/cached/names/")
    with commit():
        organisation.name_el = "Νέο όνομα"
        organisation.save()
    response = client.get("/cached/names/")
    assert response["X-Page-Cache"] == "miss"
    assert "Νέο όνομα" in response.content.decode()
    assert "Παλιό όνομα" not in response.content.decode()


def test_deleting_a_record_makes_the_next_visit_fresh(client, commit):
    organisation = factories.make_organisation(name="Προς διαγραφή")
    assert "Προς διαγραφή" in client.get("/cached/names/").content.decode()
    with commit():
        organisation.delete()
    assert "Προς διαγραφή" not in client.get("/cached/names/").content.decode()


def test_a_change_bumps_the_version_only_when_its_transaction_commits(
    django_capture_on_commit_callbacks,
):
    before = page_cache.content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.make_organisation()
    assert page_cache.content_version() == before
    for callback in callbacks:
        callback()
    assert page_cache.content_version() > before


def test_a_many_to_many_change_bumps_the_version(commit):
    service = factories.make_service()
    language = factories.make_language()
    before = page_cache.content_version()
    with commit():
        service.languages.add(language)
    assert page_cache.content_version() > before


# One way to create a row of each content model; a new content model needs a line here.
MAKERS = {
    "members.OrganisationType": lambda: factories.make_org_type(slug="cache-test"),
    "members.ServiceCategory": factories.make_category,
    "members.PopulationGroup": factories.make_population_group,
    "members.Language": factories.make_language,
    "members.Organisation": factories.make_organisation,
    "members.Location": factories.make_location,
    "members.Service": factories.make_service,
    "members.Schedule": lambda: factories.add_hours(factories.make_service(), 0, "09:00", "13:00"),
    "members.Closure": lambda: factories.add_closure(factories.make_service(), "2026-12-24"),
    "network.Municipality": factories.make_municipality,
    "network.Structure": factories.make_structure,
    "network.GoodPractice": factories.make_practice,
    "bulletin.Activity": factories.make_activity,
    "bulletin.NewsPost": factories.make_news_post,
    "bulletin.OpenCall": factories.make_call,
    "bulletin.Publication": factories.make_publication,
}


@pytest.mark.parametrize("label", page_cache.CONTENT_MODELS)
def test_saving_and_deleting_each_content_model_bumps_the_version(label, commit):
    maker = MAKERS[label]
    before = page_cache.content_version()
    with commit():
        row = maker()
    assert row._meta.label == label
    after_save = page_cache.content_version()
    assert after_save > before
    with commit():
        row.delete()
    assert page_cache.content_version() > after_save


def test_every_model_of_the_content_apps_is_classified_for_invalidation():
    classified = set(page_cache.CONTENT_MODELS) | set(page_cache.NOT_CONTENT_MODELS)
    models = {
        model._meta.label
        for app in ("members", "network", "bulletin")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }
    assert models - classified == set(), "add new models to CONTENT_MODELS or NOT_CONTENT_MODELS"
    assert set(MAKERS) == set(page_cache.CONTENT_MODELS)


def test_a_lost_version_restarts_above_every_earlier_version(settings):
    from django.core.cache import caches

    first = page_cache.content_version()
    page_cache.bump_content_version()
    bumped = page_cache.content_version()
    caches["version"].delete(page_cache.VERSION_KEY)
    assert page_cache.content_version() > bumped > first


def test_each_language_and_query_string_is_cached_separately(client):
    greek = client.get("/cached/names/", HTTP_ACCEPT_LANGUAGE="el")
    english = client.get("/cached/names/", HTTP_ACCEPT_LANGUAGE="en")
    filtered = client.get("/cached/names/?category=health", HTTP_ACCEPT_LANGUAGE="el")
    assert greek.content.decode().startswith("el|")
    assert english.content.decode().startswith("en|")
    assert filtered.content.decode().startswith("el|category=health|")
    assert {greek["X-Page-Cache"], english["X-Page-Cache"], filtered["X-Page-Cache"]} == {"miss"}
    assert client.get("/cached/names/", HTTP_ACCEPT_LANGUAGE="en").content == english.content


def test_logged_in_visitors_bypass_the_cache(client):
    factories.make_organisation(name="Πριν")
    client.get("/cached/names/")
    assert client.get("/cached/names/")["X-Page-Cache"] == "hit"
    client.force_login(factories.make_user())
    response = client.get("/cached/names/")
    assert "X-Page-Cache" not in response
    assert "Πριν" in response.content.decode()


def test_a_logged_in_visit_does_not_fill_the_cache_for_anonymous_visitors(client):
    client.force_login(factories.make_user())
    client.get("/cached/names/")
    client.logout()
    assert client.get("/cached/names/")["X-Page-Cache"] == "miss"


def test_a_visitor_with_a_waiting_message_bypasses_the_cache_and_sees_it(client):
    client.get("/cached/names/")
    client.get("/cached/message/")
    response = client.get("/cached/names/")
    assert "X-Page-Cache" not in response
    assert [str(m) for m in response.wsgi_request._messages] == ["Thank you"]


@pytest.mark.parametrize(
    "url",
    [
        "/cached/form/",
        "/cached/cookie/",
        "/cached/message/",
        "/cached/private/",
        "/cached/session/",
        "/cached/missing/",
    ],
)
def test_personal_private_or_failed_responses_are_never_cached(client, url):
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_posts_are_never_served_from_the_cache(client):
    client.get("/cached/names/")
    response = client.post("/cached/names/")
    assert "X-Page-Cache" not in response


def test_a_head_request_is_answered_from_a_cached_get(client):
    client.get("/cached/names/")
    assert client.head("/cached/names/")["X-Page-Cache"] == "hit"


def test_the_page_cache_setting_turns_it_off(client, settings):
    settings.PAGE_CACHE = False
    client.get("/cached/names/")
    assert "X-Page-Cache" not in client.get("/cached/names/")


def test_remembered_figures_last_until_the_content_changes(settings):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert page_cache.remember("figure", compute) == 1
    assert page_cache.remember("figure", compute) == 1
    page_cache.bump_content_version()
    assert page_cache.remember("figure", compute) == 2
    settings.PAGE_CACHE = False
    assert page_cache.remember("figure", compute) == 3
    assert page_cache.remember("figure", compute) == 4
    # Without a shared version, only a caller that accepts an older figure gets one kept.
    page_cache.bump_content_version()
    assert page_cache.remember("figure", compute, seconds=60) == 5
    assert page_cache.remember("figure", compute, seconds=60) == 5


def test_the_order_of_the_parameters_makes_no_second_entry(client):
    first = client.get("/cached/names/?category=health&category=law")
    second = client.get("/cached/names/?category=health&category=law")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")


def test_a_made_up_parameter_is_served_but_never_stored(client):
    """An attacker cannot fill the cache with `?junk=1`, `?junk=2`, … copies of one page."""
    from django.core.cache import cache

    client.get("/cached/names/")  # the version key and one page
    before = len(cache._cache)
    for number in range(20):
        response = client.get(f"/cached/names/?junk={number}")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "skip"
    assert len(cache._cache) == before
    # …and the clean page is still served from the cache.
    assert client.get("/cached/names/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "url", ["/el/services/?zzz=1", "/en/organisations/?utm_source=x", "/el/search/?q=x&made_up=1"]
)
def test_the_public_lists_do_not_store_made_up_parameters(client, url):
    assert client.get(url)["X-Page-Cache"] == "skip"


def test_the_public_lists_store_their_own_filters_in_any_order(client):
    first = client.get("/en/services/?q=legal&page=1")
    second = client.get("/en/services/?page=1&q=legal")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")


def test_the_api_stores_its_own_parameters_but_not_made_up_ones(client):
    first = client.get("/api/hsds/services?per_page=5&lang=en")
    second = client.get("/api/hsds/services?lang=en&per_page=5")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert client.get("/api/hsds/services?lang=en&junk=1")["X-Page-Cache"] == "skip"
