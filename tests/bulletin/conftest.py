import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.factories import make_coordinator, make_editor, make_organisation, make_user

PASSWORD = "correct horse battery"

# Wednesday 25 March 2026, noon in Athens (EET, UTC+2). Summer time (EEST, UTC+3) starts
# on Sunday 29 March 2026 at 03:00, so a weekly activity crosses the change the same week.
NOW = dt.datetime(2026, 3, 25, 10, 0, tzinfo=dt.UTC)


def athens(*args) -> dt.datetime:
    """An aware date-time from Athens clock values."""
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


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
def editor(org):
    return make_editor(
        org, email="editor@example.org", password=PASSWORD, full_name="Ελένη Συντάκτρια"
    )


@pytest.fixture
def other_editor(other_org):
    return make_editor(other_org, email="other@example.org", password=PASSWORD)


@pytest.fixture
def outsider(db):
    """A logged-in account with no organisation."""
    return make_user(email="nobody@example.org")


@pytest.fixture
def coordinator(db):
    return make_coordinator(email="coordinator@example.org")
