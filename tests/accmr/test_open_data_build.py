"""The open-data files follow the content without any request building them: a committed change
queues a build (accmr.cache.CONTENT_CHANGED_HOOKS -> members.hsds.files.queue_build), a burst of
changes queues one build, run by the worker after OPEN_DATA_BUILD_DELAY; until the first build a
download is 503 with Retry-After (issue 14)."""

import datetime as dt
import gzip
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from members.hsds import files
from members.models import Organisation
from tests.pages import make_sample_records

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/el/data/" + files.bulk_file_name("organizations", "el")
TASK_PATH = "members.hsds.files.build_open_data_task"


@pytest.fixture
def builds_on_change(settings):
    settings.OPEN_DATA_BUILD_ON_CHANGE = True
    settings.SITE_URL = "http://testserver"
    settings.SIMPLE_HISTORY_ENABLED = False
    make_sample_records()  # inside the test's transaction: nothing committed, nothing built
    return Organisation.objects.get(slug="example-organisation")


def _names_in_the_download(client) -> list[str]:
    response = client.get(ORGANISATIONS)
    assert response.status_code == 200
    lines = gzip.decompress(b"".join(response.streaming_content)).splitlines()
    return [json.loads(line)["name"] for line in lines]


def _rename(organisation, name, capture) -> None:
    with capture(execute=True):  # the commit: on_commit callbacks run
        organisation.name_el = name
        organisation.save()


def test_a_committed_change_builds_the_files_with_the_immediate_backend(
    client, builds_on_change, django_capture_on_commit_callbacks, monkeypatch
):
    before = client.get(ORGANISATIONS)
    assert before.status_code == 503
    assert int(before["Retry-After"]) > 0

    _rename(builds_on_change, "Όνομα μετά την αλλαγή", django_capture_on_commit_callbacks)

    monkeypatch.setattr(files, "build_bulk", lambda *a, **k: pytest.fail("built on request"))
    assert _names_in_the_download(client) == ["Όνομα μετά την αλλαγή"]


def test_no_build_is_queued_by_a_change_that_is_rolled_back(
    client, builds_on_change, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # never committed
        builds_on_change.name_el = "Ποτέ"
        builds_on_change.save()
    assert client.get(ORGANISATIONS).status_code == 503
    assert files.read_manifest() is None


def _run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_a_burst_of_changes_queues_one_build_that_the_worker_runs_after_the_delay(
    client, builds_on_change, settings, in_process_commands, django_capture_on_commit_callbacks
):
    """As in production: the database backend, tasks waiting for a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OPEN_DATA_BUILD_DELAY = 120
    started = timezone.now()
    for n in range(5):
        _rename(builds_on_change, f"Όνομα {n}", django_capture_on_commit_callbacks)

    queued = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert queued.count() == 1
    build = queued.get()
    wait = build.run_after - started
    assert dt.timedelta(seconds=119) < wait < dt.timedelta(seconds=130)
    _run_worker()  # too early: the task waits for its time
    assert client.get(ORGANISATIONS).status_code == 503

    queued.update(run_after=timezone.now())  # the two minutes have passed
    _run_worker()
    build.refresh_from_db()
    assert build.status == "SUCCESSFUL"
    assert _names_in_the_download(client) == ["Όνομα 4"]  # every change of the burst

    # A change after the build queues the next one.
    _rename(builds_on_change, "Όνομα 5", django_capture_on_commit_callbacks)
    assert queued.count() == 2
    queued.update(run_after=timezone.now())
    _run_worker()
    assert _names_in_the_download(client) == ["Όνομα 5"]


def test_no_build_is_queued_when_turned_off(
    client, builds_on_change, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OPEN_DATA_BUILD_ON_CHANGE = False
    _rename(builds_on_change, "Άλλο όνομα", django_capture_on_commit_callbacks)
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH).exists()
