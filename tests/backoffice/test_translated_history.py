import pytest
from django.utils import translation

from members.models import Organisation, Service
from tests.factories import make_organisation, make_service

pytestmark = pytest.mark.django_db


def test_saving_a_translated_record_keeps_both_languages_in_history():
    organisation = make_organisation(name="Ελληνικό όνομα", name_en="English name")
    organisation.name_en = "New English name"
    organisation.save()

    newest, oldest = organisation.history.all()
    assert (oldest.name_el, oldest.name_en) == ("Ελληνικό όνομα", "English name")
    assert (newest.name_el, newest.name_en) == ("Ελληνικό όνομα", "New English name")


@pytest.mark.parametrize("lang", ["el", "en"])
def test_a_historical_instance_restores_every_language_whatever_the_active_one(lang):
    service = make_service(name="Νομική βοήθεια", name_en="Legal aid")
    service.name_el = "Νομική συνδρομή"
    service.name_en = ""
    service.save()

    with translation.override(lang):
        old = service.history.earliest().instance
    assert (old.name_el, old.name_en) == ("Νομική βοήθεια", "Legal aid")


def test_the_diff_between_two_versions_names_the_changed_language():
    organisation = make_organisation(name="Α", name_en="A")
    organisation.name_en = "B"
    organisation.save()

    newest, oldest = organisation.history.all()
    changes = {c.field: (c.old, c.new) for c in newest.diff_against(oldest).changes}
    assert changes["name_en"] == ("A", "B")
    assert "name_el" not in changes


def test_bulk_history_keeps_the_translated_columns():
    from simple_history.utils import bulk_update_with_history

    organisation = make_organisation(name="Α", name_en="A", status="draft")
    organisation.status = "published"
    bulk_update_with_history([organisation], Organisation, ["status"])

    latest = organisation.history.first()
    assert (latest.status, latest.name_el, latest.name_en) == ("published", "Α", "A")


@pytest.mark.parametrize("model", [Organisation, Service])
def test_history_tracks_the_per_language_columns(model):
    tracked = {field.name for field in model.history.model.tracked_fields}
    assert {"name_el", "name_en", "description_el", "description_en"} <= tracked


def test_bulk_history_for_created_rows_matches_what_a_save_records():
    from accmr.lib.translated_history import bulk_history
    from tests.factories import make_language, make_location

    arabic = make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    service = make_service(name="Νέα", name_en="New")
    service.languages.set([arabic])
    service.history.all().delete()  # start from rows saved without history
    location = make_location()
    location.history.all().delete()

    bulk_history([service], Service)
    bulk_history([location], type(location))

    record = service.history.get()
    assert (record.history_type, record.name_el, record.name_en) == ("+", "Νέα", "New")
    assert list(record.languages.values_list("language__slug", flat=True)) == ["ar"]
    assert location.history.get().address_el == location.address_el
