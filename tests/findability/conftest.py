import pytest


@pytest.fixture(autouse=True)
def _no_history(settings):
    """Saving translated records fails in simple_history until the historical models get
    the per-language columns (fixed on the backoffice branch); history is not what these
    tests are about, so they run without it."""
    settings.SIMPLE_HISTORY_ENABLED = False


@pytest.fixture(autouse=True)
def _no_search_cache(settings):
    """Tests add records between searches; the cache has its own test."""
    settings.SEARCH_CACHE_SECONDS = 0


SECRETS = [
    "SECRET-STAFF-NOTE",
    "DRAFT-ORGANISATION",
    "DRAFT-SERVICE",
    "RETIRED-SERVICE",
    "PROPOSED-CHANGE",
    "focal.point@example.org",
    "Focal Person",
    "editor.person@example.org",
    "123456789",  # tax number
]


@pytest.fixture
def directory():
    """A small public directory with every kind of private data beside it."""
    from members.models import ChangeRequest, ServiceStatus, Status
    from tests.factories import (
        add_hours,
        make_category,
        make_editor,
        make_language,
        make_location,
        make_municipality,
        make_org_type,
        make_organisation,
        make_population_group,
        make_service,
    )

    parent = make_category(slug="legal", name="Νομικά", name_en="Legal")
    child = make_category(
        slug="legal-aid", name="Νομική βοήθεια", name_en="Legal aid", parent=parent
    )
    organisation = make_organisation(
        name="Κέντρο Νομικής Βοήθειας",
        name_en="Legal Aid Centre",
        description_el="Δωρεάν νομική βοήθεια.",
        description_en="Free legal aid.",
        short_name="ΚΝΒ",
        website="https://legal.example.org",
        email="info@legal.example.org",
        phone="+30 210 0000000",
        staff_notes="SECRET-STAFF-NOTE",
        tax_number="123456789",
    )
    location = make_location(
        organisation=organisation, latitude="37.986", longitude="23.733", step_free=True
    )
    service = make_service(
        name="Νομική συμβουλευτική",
        name_en="Legal advice",
        description_el="Συμβουλές για το άσυλο.",
        organisation=organisation,
        category=parent,
        subcategory=child,
        how_to_access_el="Με ραντεβού.",
        eligibility_el="Πρόσφυγες.",
    )
    service.locations.add(location)
    service.languages.add(
        make_language(), make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    )
    service.population_groups.add(make_population_group())
    add_hours(service, 0, "09:00", "17:00")
    closed = make_service(name="Διερμηνεία", organisation=organisation, status=ServiceStatus.CLOSED)
    make_service(name="DRAFT-SERVICE", organisation=organisation, status=ServiceStatus.DRAFT)
    make_service(name="RETIRED-SERVICE", organisation=organisation, status=ServiceStatus.RETIRED)
    draft_org = make_organisation(name="DRAFT-ORGANISATION", status=Status.DRAFT)
    make_service(name="Υπηρεσία πρόχειρου φορέα DRAFT-SERVICE", organisation=draft_org)
    municipal_type = make_org_type(
        slug="municipal", name="Δήμος", name_en="Municipality", is_municipal=True
    )
    municipal = make_organisation(
        name="Δήμος Αθηναίων", name_en="City of Athens", org_type=municipal_type
    )
    make_municipality(
        name="Αθήνα",
        organisation=municipal,
        focal_point_name="Focal Person",
        focal_point_email="focal.point@example.org",
    )
    editor = make_editor(organisation, email="editor.person@example.org")
    ChangeRequest.objects.create(
        organisation=organisation,
        service=service,
        submitted_by=editor,
        proposed={"name_el": "PROPOSED-CHANGE", "description_el": "PROPOSED-CHANGE"},
    )
    return {
        "organisation": organisation,
        "service": service,
        "closed": closed,
        "location": location,
        "municipal": municipal,
        "draft_org": draft_org,
    }


@pytest.fixture
def build_files(settings):
    """Build the open-data files as `export_open_data` does; requests never build them.
    Call it again after changing the data: the files are one version behind until then."""
    from members.hsds.files import build_open_data

    if not settings.SITE_URL:
        settings.SITE_URL = "http://testserver"

    def build() -> dict:
        return build_open_data(force=True)

    return build


@pytest.fixture
def built(directory, build_files):
    """The sample directory with its open-data files built."""
    build_files()
    return directory
