import pytest

from accmr.models import User
from tests.factories import make_coordinator, make_editor, make_organisation, make_user


@pytest.fixture
def org(db):
    return make_organisation(
        name="Οργάνωση Α", name_en="Organisation A", slug="organisation-a", is_member=True
    )


@pytest.fixture
def other_org(db):
    return make_organisation(
        name="Οργάνωση Β", name_en="Organisation B", slug="organisation-b", is_member=True
    )


@pytest.fixture
def editor(org) -> User:
    return make_editor(org, email="editor@example.org", full_name="Ελένη Συντάκτρια")


@pytest.fixture
def other_editor(other_org) -> User:
    return make_editor(other_org, email="other@example.org")


@pytest.fixture
def outsider(db) -> User:
    """A logged-in account with no organisation."""
    return make_user(email="nobody@example.org")


@pytest.fixture
def coordinator(db) -> User:
    return make_coordinator(email="coordinator@example.org")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
