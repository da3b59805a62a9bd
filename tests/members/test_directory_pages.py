"""An organisation's and a service's public page: content, fallback, drafts, queries."""

import datetime as dt

import pytest

from members.models import ServiceStatus, Status
from members.templatetags.directory import map_url
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["el", "en"])
def test_organisation_page_shows_everything_public(client, lang):
    organisation = factories.make_organisation(
        name="Δίκτυο Αλφα",
        name_en="Alpha Network",
        slug="alpha-network",
        short_name="ALPHA",
        description_el="Περιγραφή.",
        description_en="A description.",
        website="https://alpha.example.org",
        email="info@alpha.example.org",
        phone="210 0000000",
        facebook="https://facebook.com/alpha",
        is_member=True,
        member_since=dt.date(2019, 6, 1),
        tax_number="123456789",
        staff_notes="Εσωτερική σημείωση",
    )
    factories.make_service(name="Υπηρεσία Α", name_en="Service A", organisation=organisation)
    factories.make_location(organisation=organisation, latitude="37.98", longitude="23.73")
    response = client.get(f"/{lang}/organisations/alpha-network/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "ALPHA",
        "https://alpha.example.org",
        "info@alpha.example.org",
        '<a href="tel:+302100000000">21 0000 0000</a>',  # E.164 link, national format
        "https://facebook.com/alpha",
        "openstreetmap.org/?mlat=37.98",
    ):
        assert text in page
    assert ("Alpha Network" if lang == "en" else "Δίκτυο Αλφα") in page
    assert ("Service A" if lang == "en" else "Υπηρεσία Α") in page
    # Coordinators' fields never show.
    assert "123456789" not in page
    assert "Εσωτερική σημείωση" not in page


def test_organisation_page_has_last_checked_and_out_of_date_notice(client):
    fresh = factories.make_organisation(slug="fresh", last_checked=dt.date.today())
    old = factories.make_organisation(
        slug="old", last_checked=dt.date.today() - dt.timedelta(days=400)
    )
    fresh_page = client.get("/en/organisations/fresh/").content.decode()
    old_page = client.get("/en/organisations/old/").content.decode()
    assert "Last checked on" in fresh_page
    assert "may be out of date" not in fresh_page
    assert "may be out of date" in old_page
    assert fresh.is_outdated() is False and old.is_outdated() is True


def test_location_without_coordinates_links_to_an_openstreetmap_search(client):
    organisation = factories.make_organisation(slug="no-point")
    factories.make_location(
        organisation=organisation, address_el="Αγίου Ισιδώρου 4", postcode="11471"
    )
    page = client.get("/el/organisations/no-point/").content.decode()
    assert "https://www.openstreetmap.org/search?query=" in page


def test_organisation_page_lists_only_published_services(client):
    organisation = factories.make_organisation(slug="org")
    factories.make_service(name="Δημόσια", organisation=organisation)
    factories.make_service(
        name="Προσωρινά κλειστή", organisation=organisation, status=ServiceStatus.CLOSED
    )
    factories.make_service(name="Πρόχειρη", organisation=organisation, status=ServiceStatus.DRAFT)
    factories.make_service(
        name="Καταργημένη", organisation=organisation, status=ServiceStatus.RETIRED
    )
    page = client.get("/el/organisations/org/").content.decode()
    assert "Δημόσια" in page and "Προσωρινά κλειστή" in page
    assert "Πρόχειρη" not in page and "Καταργημένη" not in page


@pytest.mark.parametrize("lang", ["el", "en"])
def test_draft_organisation_and_its_services_are_404(client, lang):
    organisation = factories.make_organisation(slug="hidden", status=Status.DRAFT)
    factories.make_service(slug="hidden-service", organisation=organisation)
    assert client.get(f"/{lang}/organisations/hidden/").status_code == 404
    assert client.get(f"/{lang}/services/hidden-service/").status_code == 404


@pytest.mark.parametrize("status", [ServiceStatus.DRAFT, ServiceStatus.RETIRED])
def test_draft_and_retired_services_are_404(client, status):
    factories.make_service(slug="gone", status=status)
    assert client.get("/el/services/gone/").status_code == 404


def test_unknown_slugs_are_404(client):
    assert client.get("/el/organisations/nobody/").status_code == 404
    assert client.get("/en/services/nothing/").status_code == 404


@pytest.mark.parametrize("lang", ["el", "en"])
def test_service_page_shows_description_eligibility_access_hours_and_contact(
    client, lang, monday_morning
):
    organisation = factories.make_organisation(
        name="Πάροχος", name_en="Provider", phone="210 1111111"
    )
    legal = factories.make_category(slug="legal", name="Νομική συνδρομή", name_en="Legal aid")
    service = factories.make_service(
        slug="legal-aid",
        name="Νομική βοήθεια",
        name_en="Legal help",
        organisation=organisation,
        category=legal,
        subcategory=factories.make_category(
            slug="asylum", parent=legal, name_en="Asylum procedure"
        ),
        description_el="Βοήθεια για το άσυλο.",
        description_en="Help with asylum.",
        eligibility_el="Αιτούντες άσυλο.",
        eligibility_en="Asylum seekers.",
        access_walk_in=True,
        access_referral=True,
    )
    service.languages.add(factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi"))
    service.population_groups.add(factories.make_population_group())
    service.locations.add(factories.make_location(organisation=organisation, community=2))
    factories.add_hours(service, 0, "09:00", "17:00")
    response = client.get(f"/{lang}/services/legal-aid/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<th scope="row">' in page and '<th scope="col">' in page
    assert "09:00–17:00" in page
    assert "tel:+302101111111" in page  # the organisation's phone, as the service has none
    if lang == "en":
        for text in (
            "Legal help",
            "Help with asylum.",
            "Asylum seekers.",
            "Legal aid",
            "Asylum procedure",
            "Farsi",
            "Provider",
            "2nd Municipal Community",
            "no appointment needed",
            "Only with a referral",
            "Open now",
            "until 17:00",
            "Monday (today)",
            "Closed",
        ):
            assert text in page, text


def test_service_page_prefers_the_services_own_contact(client):
    organisation = factories.make_organisation(phone="210 1111111", email="org@example.org")
    factories.make_service(slug="own", organisation=organisation, phone="210 2222222")
    page = client.get("/en/services/own/").content.decode()
    assert "tel:+302102222222" in page
    assert "tel:+302101111111" not in page


def test_service_page_says_when_it_opens_next(client, monday_morning):
    service = factories.make_service(slug="later")
    factories.add_hours(service, 3, "10:00", "12:00")  # Thursday
    page = client.get("/en/services/later/").content.decode()
    assert "Closed now; opens on Thursday at 10:00" in page


def test_temporarily_closed_service_shows_a_notice(client, monday_morning):
    service = factories.make_service(slug="paused", status=ServiceStatus.CLOSED)
    factories.add_hours(service, 0, "09:00", "17:00")
    page = client.get("/en/services/paused/").content.decode()
    assert "Temporarily closed" in page
    assert "Open now" not in page


def test_service_without_hours_or_location_says_so(client):
    factories.make_service(slug="remote")
    page = client.get("/en/services/remote/").content.decode()
    assert "No opening hours are listed" in page
    assert "No physical location" in page


def test_english_page_shows_greek_text_marked_where_no_english_exists(client):
    organisation = factories.make_organisation(
        slug="greek-only", name="Μόνο ελληνικά", description_el="Μόνο ελληνική περιγραφή."
    )
    factories.make_service(
        slug="greek-service",
        name="Ελληνική υπηρεσία",
        organisation=organisation,
        description_el="Περιγραφή υπηρεσίας.",
    )
    for url in ("/en/organisations/greek-only/", "/en/services/greek-service/"):
        page = client.get(url).content.decode()
        assert '<span lang="el">Μόνο ελληνικά</span>' in page or (
            '<span lang="el">Ελληνική υπηρεσία</span>' in page
        )
        assert "(in Greek)" in page
    list_page = client.get("/en/services/").content.decode()
    assert '<span lang="el">Ελληνική υπηρεσία</span>' in list_page


def test_no_greek_note_when_the_english_text_exists(client):
    factories.make_organisation(
        slug="both", name="Ελληνικά", name_en="English", description_el="Α", description_en="B"
    )
    page = client.get("/en/organisations/both/").content.decode()
    assert "(in Greek)" not in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'lang="el"' not in main


def test_greek_page_never_marks_greek_text(client):
    factories.make_organisation(slug="el-page", name="Ελληνικά", description_el="Α")
    page = client.get("/el/organisations/el-page/").content.decode()
    assert "fallback-note" not in page


def test_detail_pages_hold_the_json_ld_blocks_and_few_queries(
    client, django_assert_max_num_queries
):
    organisation = factories.make_organisation(slug="org")
    service = factories.make_service(slug="svc", organisation=organisation)
    service.languages.add(factories.make_language())
    service.locations.add(factories.make_location(organisation=organisation))
    factories.add_hours(service, 0, "09:00", "17:00")
    # organisation; its published services; their hours; their coming closures; its locations;
    # its coming activities (bulletin).
    with django_assert_max_num_queries(6):
        assert client.get("/el/organisations/org/").status_code == 200
    # service with provider and categories; hours; coming closures; locations; languages;
    # population groups.
    with django_assert_max_num_queries(6):
        assert client.get("/en/services/svc/").status_code == 200


def test_map_link_points_at_coordinates_or_searches_the_address():
    with_point = factories.make_location(latitude="37.983800", longitude="23.739800")
    without = factories.make_location(address_el="Αγίου Ισιδώρου 4", postcode="11471")
    assert map_url(with_point).startswith("https://www.openstreetmap.org/?mlat=37.983800")
    assert map_url(without) == (
        "https://www.openstreetmap.org/search?query="
        "%CE%91%CE%B3%CE%AF%CE%BF%CF%85+%CE%99%CF%83%CE%B9%CE%B4%CF%8E%CF%81%CE%BF%CF%85+4"
        "%2C+11471%2C+%CE%91%CE%B8%CE%AE%CE%BD%CE%B1"
    )


def test_never_checked_records_say_they_are_not_confirmed(client):
    factories.make_organisation(slug="unchecked", last_checked=None)
    factories.make_service(slug="unchecked-service", last_checked=None)
    for url in ("/en/organisations/unchecked/", "/en/services/unchecked-service/"):
        page = client.get(url).content.decode()
        assert "has not been confirmed yet" in page
        assert "Not checked yet." in page


def test_detail_pages_keep_their_record_until_the_content_changes(
    client,
    settings,
    monday_morning,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    settings.DATA_CACHE_SECONDS = 60
    organisation = factories.make_organisation(slug="org")
    service = factories.make_service(slug="svc", organisation=organisation, name_en="Legal aid")
    factories.add_hours(service, 0, "09:00", "17:00")  # Monday
    for path in ("/en/services/svc/", "/en/organisations/org/"):
        assert "Open now" in client.get(path).content.decode()
    # Read again: the record and its related rows are remembered; only the organisation's
    # coming activities (bulletin) are read on each request.
    with django_assert_max_num_queries(0):
        assert client.get("/en/services/svc/").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/en/organisations/org/").status_code == 200

    # What changes with the clock is worked out on each request from the remembered hours.
    monday_morning.move_to(
        dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    )
    for path in ("/en/services/svc/", "/en/organisations/org/"):
        page = client.get(path).content.decode()
        assert "Open now" not in page and "Monday at 09:00" in page, path

    # The week of hours is kept per day: the next day marks its own row as today's.
    assert "Monday (today)" in client.get("/en/services/svc/").content.decode()
    monday_morning.move_to(
        dt.datetime(2025, 3, 11, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    )
    page = client.get("/en/services/svc/").content.decode()
    assert "Tuesday (today)" in page and "Monday (today)" not in page

    # A change shows at once.
    with django_capture_on_commit_callbacks(execute=True):
        factories.add_hours(service, 1, "10:00", "12:00")  # Tuesday
        service.name_en = "Legal advice"
        service.save()
    for path in ("/en/services/svc/", "/en/organisations/org/"):
        page = client.get(path).content.decode()
        assert "Legal advice" in page and "Legal aid" not in page, path
        assert "today at 10:00" in page, path
