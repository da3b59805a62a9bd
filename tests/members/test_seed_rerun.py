"""Running `seed_demo` again (a second `make run`) must leave the data as it was."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from members.models import Organisation, Schedule, Service
from tests.conftest import rolled_back_after_the_module

pytestmark = pytest.mark.django_db
ACCMR_SLUG = "athens-coordination-center-for-migrant-refugee-issues"
FIRST_DAY = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """The first seed_demo, on FIRST_DAY, run once for TestSeedingAgain (as tests/conftest.py's
    sample_records_of_module, in a transaction rolled back after the class's last test; each
    test's own second seed is gone before the next one)."""
    with rolled_back_after_the_module(django_db_blocker):
        with time_machine.travel(FIRST_DAY):
            call_command("seed_demo", stdout=io.StringIO())
        yield


def _history_rows() -> tuple[int, int, int]:
    return (
        Organisation.history.count(),
        Service.history.count(),
        Organisation.objects.get(slug=ACCMR_SLUG).locations.first().history.count(),
    )


class TestSeedingAgain:
    """After a first seed_demo on FIRST_DAY (made once for the class)."""

    def test_seeding_again_writes_no_history_and_keeps_the_hours(self, seeded):
        history = _history_rows()
        schedule_ids = set(Schedule.objects.values_list("pk", flat=True))

        with time_machine.travel(FIRST_DAY):  # the same day as the first seed
            call_command("seed_demo", stdout=io.StringIO())

        assert _history_rows() == history
        assert set(Schedule.objects.values_list("pk", flat=True)) == schedule_ids

    def test_seeding_on_a_later_day_does_not_claim_the_records_were_checked(self, seeded):
        with time_machine.travel(dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC)):
            call_command("seed_demo", stdout=io.StringIO())

        accmr = Organisation.objects.get(slug=ACCMR_SLUG)
        assert accmr.last_checked == dt.date(2026, 1, 5)
        assert set(accmr.services.values_list("last_checked", flat=True)) == {dt.date(2026, 1, 5)}

    def test_seeding_again_still_restores_a_fact_the_seed_owns(self, seeded):
        Organisation.objects.filter(slug=ACCMR_SLUG).update(website="https://wrong.example")

        call_command("seed_demo", stdout=io.StringIO())

        assert Organisation.objects.get(slug=ACCMR_SLUG).website == "https://www.accmr.gr"


def test_demo_accounts_are_for_development_only(settings):
    from django.core.management import CommandError

    from accmr.models import User

    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo", "--demo-accounts", stdout=io.StringIO())
    assert not User.objects.exists()


def test_demo_accounts_can_log_in_where_their_role_allows(settings, client):
    from accmr.models import User

    settings.DEBUG = True
    settings.OTP_REQUIRED_FOR_STAFF = False
    out = io.StringIO()
    call_command("seed_demo", "--demo-accounts", stdout=out)
    call_command("seed_demo", "--demo-accounts", stdout=io.StringIO())  # idempotent
    assert User.objects.count() == 2
    assert "coordinator@demo.invalid" in out.getvalue()

    coordinator = User.objects.get(email="coordinator@demo.invalid")
    assert coordinator.is_staff and not coordinator.is_superuser
    assert coordinator.check_password("demo-accmr-2026")
    client.force_login(coordinator)
    assert client.get("/admin/members/changerequest/").status_code == 200
    client.logout()

    editor = User.objects.get(email="editor@demo.invalid")
    assert not editor.is_staff
    organisation = editor.editor_memberships.get().organisation
    assert organisation.is_member and not organisation.is_trusted
    assert editor.check_password("demo-accmr-2026")
    client.force_login(editor)
    assert client.get(f"/el/my/organisations/{organisation.pk}/").status_code == 200
    assert client.get("/admin/").status_code == 302  # no back office for editors
