"""Scheduled jobs without cron lines: run_schedule queues what is due, each run is recorded,
failures show on the dashboard, and every job can be run by hand."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from accmr import schedule
from accmr.models import ScheduledJob
from tests.factories import make_coordinator, make_editor, make_organisation

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 16, 10, 0, tzinfo=dt.UTC)  # 13:00 in Athens


@pytest.fixture
def counted_job():
    """A test job, daily at 03:00 Athens time, that counts its runs (or fails when told)."""
    runs = {"count": 0, "fail": False}
    others = dict(schedule.JOBS)
    schedule.JOBS.clear()

    def count():
        if runs["fail"]:
            raise RuntimeError("disk full")
        runs["count"] += 1
        return f"run {runs['count']}"

    schedule.job("test_counter", at=dt.time(3, 0), description="Count")(count)
    yield runs
    schedule.JOBS.clear()
    schedule.JOBS.update(others)


def test_the_portal_registers_its_jobs():
    assert {
        "export_open_data",
        "freshness_reminders",
        "clear_sessions",
        "trim_login_records",
        "prune_task_results",
    } <= set(schedule.JOBS)


def test_a_new_job_is_planned_for_its_next_slot_not_run_at_once(counted_job):
    assert "test_counter" not in schedule.queue_due_jobs(NOW)
    record = ScheduledJob.objects.get(name="test_counter")
    assert record.next_run_at == dt.datetime(2025, 6, 17, 0, 0, tzinfo=dt.UTC)  # 03:00 Athens
    assert counted_job["count"] == 0


def test_a_due_job_runs_once_and_is_recorded(counted_job):
    schedule.queue_due_jobs(NOW)
    later = NOW + dt.timedelta(hours=15)
    with time_machine.travel(later, tick=False):
        assert schedule.queue_due_jobs(later) == ["test_counter"]
        assert schedule.queue_due_jobs(later) == []  # claimed: a second scheduler queues nothing
    assert counted_job["count"] == 1
    record = ScheduledJob.objects.get(name="test_counter")
    assert record.last_succeeded_at == later and record.last_result == "run 1"
    assert record.next_run_at == dt.datetime(2025, 6, 18, 0, 0, tzinfo=dt.UTC)
    assert not record.failing


def test_a_failing_job_is_recorded_and_shown_on_the_dashboard(client, counted_job):
    counted_job["fail"] = True
    record = schedule.run_job("test_counter")
    assert record.failing and "RuntimeError: disk full" in record.last_error

    client.force_login(make_coordinator())
    page = client.get("/admin/dashboard/").content.decode()
    assert "disk full" in page and "job-failed" in page

    counted_job["fail"] = False
    assert not schedule.run_job("test_counter").failing


def test_a_job_can_be_run_by_hand(counted_job, capsys):
    call_command("run_job", "test_counter")
    assert counted_job["count"] == 1
    assert ScheduledJob.objects.get(name="test_counter").last_result == "run 1"
    counted_job["fail"] = True
    with pytest.raises(CommandError, match="disk full"):
        call_command("run_job", "test_counter")
    with pytest.raises(CommandError, match="No job named"):
        call_command("run_job", "no_such_job")


def test_run_schedule_once_queues_the_due_jobs(counted_job, in_process_commands):
    ScheduledJob.objects.create(name="test_counter", next_run_at=timezone.now())
    call_command("run_schedule", once=True)
    assert counted_job["count"] == 1


def test_trimming_log_in_records_keeps_the_last_90_days():
    old, recent = timezone.now() - dt.timedelta(days=91), timezone.now() - dt.timedelta(days=89)
    for when in (old, recent):
        for model in (AccessLog, AccessFailureLog):
            row = model.objects.create(username="x", ip_address="127.0.0.1", user_agent="")
            model.objects.filter(pk=row.pk).update(attempt_time=when)
    schedule.run_job("trim_login_records")
    schedule.run_job("trim_login_records")  # idempotent
    assert AccessLog.objects.get().attempt_time == recent
    assert AccessFailureLog.objects.get().attempt_time == recent


def test_clearing_sessions_removes_only_expired_ones():
    Session.objects.create(
        session_key="old", session_data="", expire_date=timezone.now() - dt.timedelta(days=1)
    )
    Session.objects.create(
        session_key="live", session_data="", expire_date=timezone.now() + dt.timedelta(days=1)
    )
    assert not schedule.run_job("clear_sessions").failing
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


def test_freshness_reminders_remind_once(settings):
    organisation = make_organisation(last_checked=None)
    make_editor(organisation)
    first = schedule.run_job("freshness_reminders")
    second = schedule.run_job("freshness_reminders")
    assert (first.last_result, second.last_result) == (
        "1 organisations reminded",
        "0 organisations reminded",
    )
    assert len(mail.outbox) == 1


def test_the_open_data_export_runs_as_a_job(settings, tmp_path):
    settings.SITE_URL = "https://portal.example"
    make_organisation()
    record = schedule.run_job("export_open_data")
    assert not record.failing, record.last_error
    assert record.last_result.endswith("files written")
