"""Every record the open data API exposes has a stable UUID of its own, kept in the database."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

BEFORE = [("members", "0004_list_order_indexes")]
AFTER = [("members", "0005_public_uuids")]


@pytest.fixture
def latest_schema_after():
    """Migrate the test database forward to every app's latest migration afterwards: the test
    leaves it at members 0005, and a later test on the same database (a live-server or
    transactional test sees no rollback) would find the newer columns missing."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_rows_distinct_uuids_and_history_the_records_uuid(
    latest_schema_after,
):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    kind = old.get_model("members", "OrganisationType").objects.create(slug="ngo", name_el="ΜΚΟ")
    category = old.get_model("members", "ServiceCategory").objects.create(
        slug="legal", name_el="Νομικά"
    )
    Organisation = old.get_model("members", "Organisation")
    Service = old.get_model("members", "Service")
    organisations = [
        Organisation.objects.create(slug=f"org-{n}", name_el=f"Φορέας {n}", type=kind)
        for n in range(3)
    ]
    for n, organisation in enumerate(organisations):
        Service.objects.create(
            slug=f"svc-{n}", name_el="Υπηρεσία", organisation=organisation, category=category
        )
    History = old.get_model("members", "HistoricalOrganisation")
    for organisation in organisations[:2]:
        for _version in range(2):
            History.objects.create(
                id=organisation.pk,
                slug=organisation.slug,
                name_el=organisation.name_el,
                type_id=kind.pk,
                status="draft",
                created_at="2026-01-01T00:00:00Z",
                history_date="2026-01-01T00:00:00Z",
                history_type="~",
            )
    History.objects.create(  # a version of a record deleted since
        id=999,
        slug="gone",
        name_el="Διαγραμμένος",
        type_id=kind.pk,
        status="draft",
        created_at="2026-01-01T00:00:00Z",
        history_date="2026-01-01T00:00:00Z",
        history_type="-",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    org_uuids = dict(new.get_model("members", "Organisation").objects.values_list("pk", "uuid"))
    service_uuids = list(new.get_model("members", "Service").objects.values_list("uuid", flat=True))
    assert len(set(org_uuids.values())) == 3
    assert len(set(service_uuids)) == 3
    assert all(isinstance(value, uuid.UUID) for value in [*org_uuids.values(), *service_uuids])
    history = new.get_model("members", "HistoricalOrganisation").objects
    for organisation in organisations[:2]:
        versions = set(history.filter(id=organisation.pk).values_list("uuid", flat=True))
        assert versions == {org_uuids[organisation.pk]}
    [deleted] = history.filter(id=999).values_list("uuid", flat=True)
    assert deleted not in org_uuids.values()
    # New rows get their own value from the model's default.
    Organisation = new.get_model("members", "Organisation")
    fresh = Organisation.objects.create(slug="org-new", name_el="Νέος", type_id=kind.pk)
    assert fresh.uuid not in org_uuids.values()


@pytest.mark.django_db
def test_uuids_survive_an_export_and_an_import_into_an_empty_directory():
    from members.imports.resources import LocationResource, OrganisationResource, ServiceResource
    from members.models import Location, Organisation, Service
    from tests.factories import make_location, make_organisation, make_service

    organisation = make_organisation(name="Φορέας", slug="foreas")
    location = make_location(organisation=organisation, address_el="Σόλωνος 1")
    service = make_service(name="Υπηρεσία", organisation=organisation, slug="foreas-ypiresia")
    service.locations.add(location)
    before = {
        "organisation": organisation.uuid,
        "location": location.uuid,
        "service": service.uuid,
    }
    files = [
        (resource(), resource().export())
        for resource in (OrganisationResource, LocationResource, ServiceResource)
    ]
    assert all("uuid" in dataset.headers for _resource, dataset in files)
    Organisation.objects.all().delete()
    assert not Service.objects.exists() and not Location.objects.exists()

    for resource, dataset in files:
        result = resource.import_data(dataset, dry_run=False, raise_errors=True)
        assert not result.has_validation_errors()
    assert Organisation.objects.get(slug="foreas").uuid == before["organisation"]
    assert Location.objects.get(address_el="Σόλωνος 1").uuid == before["location"]
    assert Service.objects.get(slug="foreas-ypiresia").uuid == before["service"]

    # Importing the same files again changes nothing, the uuids included.
    for resource, dataset in files:
        result = resource.import_data(dataset, dry_run=False, raise_errors=True)
        assert {row.import_type for row in result.rows} == {"skip"}
    assert Organisation.objects.get(slug="foreas").uuid == before["organisation"]


@pytest.mark.django_db
def test_an_import_cannot_change_a_uuid_or_take_another_records():
    import tablib

    from members.imports.resources import OrganisationResource
    from tests.factories import make_org_type, make_organisation

    make_org_type()
    first = make_organisation(name="Πρώτος", slug="protos")
    second = make_organisation(name="Δεύτερος", slug="defteros")
    dataset = tablib.Dataset(headers=["uuid", "slug", "name_el", "type"])
    dataset.append([str(uuid.uuid4()), "protos", "Πρώτος", "ngo"])  # changes its uuid
    dataset.append([str(second.uuid), "neos", "Νέος", "ngo"])  # a new record, taken uuid
    dataset.append(["not-a-uuid", "allos", "Άλλος", "ngo"])
    with translation.override("en"):
        result = OrganisationResource().import_data(dataset, dry_run=True)
    messages = [str(row.error_dict.get("uuid")) for row in result.invalid_rows]
    assert len(result.invalid_rows) == 3, messages
    assert str(first.uuid) in messages[0] and "never changes" in messages[0]
    assert "another record" in messages[1]
    assert "not a UUID" in messages[2]
    first.refresh_from_db()
    assert first.uuid != uuid.UUID(dataset[0][0])


@pytest.mark.django_db
def test_every_kind_of_record_gets_its_own_uuid():
    from tests import factories

    organisation = factories.make_organisation()
    service = factories.make_service(organisation=organisation)
    records = [
        organisation,
        service,
        factories.make_location(organisation=organisation),
        factories.add_hours(service, 0, "09:00", "12:00"),
        factories.add_hours(service, 1, "09:00", "12:00"),
        factories.make_category(),
        factories.make_population_group(),
        factories.make_language(),
        organisation.type,
    ]
    values = [record.uuid for record in records]
    assert all(isinstance(value, uuid.UUID) and value.version == 4 for value in values)
    assert len(set(values)) == len(values)
