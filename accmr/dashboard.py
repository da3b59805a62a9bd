"""What the coordinators' dashboard shows, in a fixed number of queries.

Queries, whatever the number of rows: organisations by status, services by status, pending
proposed changes (count and the latest ten), stale organisations (count and the ten oldest),
organisations and services with English missing (two counts), unresolved reports (count, the
latest ten, and by age), calls and publications waiting for review (two counts), and per network
municipality: municipalities, their structures, services per organisation (three queries);
the scheduled jobs' last runs (one query); e-mails that could not be sent (count and the
latest ten).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from accmr import schedule
from accmr.lib.translated_fields import english_missing_q
from accmr.models import FailedEmail, ScheduledJob
from bulletin.models import OpenCall, Publication
from members.models import (
    STALE_AFTER_DAYS,
    ChangeRequest,
    Organisation,
    ProblemReport,
    Service,
    ServiceStatus,
    Status,
)
from network.models import Municipality, Structure

LATEST = 10


@dataclass
class MunicipalityFreshness:
    municipality: Municipality
    services: int
    checked: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.checked / self.services) if self.services else None


def _by_status(queryset, choices) -> list[dict]:
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("id")))
    return [
        {"value": value, "label": label, "count": counts.get(value, 0)} for value, label in choices
    ]


def municipality_freshness(today: dt.date) -> list[MunicipalityFreshness]:
    """Per municipality: its live services (through its structures' organisations and its
    own record) and how many of them were checked within the last six months."""
    cutoff = today - dt.timedelta(days=STALE_AFTER_DAYS)
    municipalities = list(Municipality.objects.order_by("name"))
    organisations = {m.pk: {m.organisation_id} - {None} for m in municipalities}
    structures = Structure.objects.filter(organisation__isnull=False)
    for municipality_id, organisation_id in structures.values_list(
        "municipality_id", "organisation_id"
    ):
        organisations[municipality_id].add(organisation_id)
    all_ids = set().union(*organisations.values()) if organisations else set()
    per_organisation = {
        row["organisation_id"]: row
        for row in Service.objects.filter(organisation_id__in=all_ids)
        .exclude(status=ServiceStatus.RETIRED)
        .order_by()
        .values("organisation_id")
        .annotate(total=Count("id"), checked=Count("id", filter=Q(last_checked__gte=cutoff)))
    }
    rows = []
    for municipality in municipalities:
        counted = [
            per_organisation[o] for o in organisations[municipality.pk] if o in per_organisation
        ]
        rows.append(
            MunicipalityFreshness(
                municipality=municipality,
                services=sum(r["total"] for r in counted),
                checked=sum(r["checked"] for r in counted),
            )
        )
    return rows


def collect(today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    pending = ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING)
    stale = Organisation.objects.stale(today)
    reports = ProblemReport.objects.open()
    return {
        "today": today,
        "organisation_statuses": _by_status(Organisation.objects.all(), Status.choices),
        "service_statuses": _by_status(Service.objects.all(), ServiceStatus.choices),
        "pending_count": pending.count(),
        "pending_latest": list(
            pending.select_related("organisation", "service", "submitted_by").order_by(
                "-submitted_at"
            )[:LATEST]
        ),
        "stale_count": stale.count(),
        "stale_oldest": list(
            stale.select_related("type").order_by(F("last_checked").asc(nulls_first=True), "id")[
                :LATEST
            ]
        ),
        "organisations_english_missing": Organisation.objects.filter(
            english_missing_q(Organisation)
        ).count(),
        "services_english_missing": Service.objects.filter(english_missing_q(Service)).count(),
        "reports_count": reports.count(),
        "reports_by_age": reports_by_age(today),
        "reports_latest": list(
            reports.select_related("organisation", "service").order_by("-created_at")[:LATEST]
        ),
        "municipalities": municipality_freshness(today),
        "stale_after_days": STALE_AFTER_DAYS,
        "calls_pending": OpenCall.objects.pending_review().count(),
        "publications_pending": Publication.objects.filter(state=Publication.State.PENDING).count(),
        "scheduled_jobs": scheduled_jobs(),
        "failed_emails_count": FailedEmail.objects.count(),
        "failed_emails_latest": list(FailedEmail.objects.order_by("-failed_at")[:LATEST]),
    }


REPORT_AGES = (7, 30)  # open reports: under a week, up to a month, older


def reports_by_age(today: dt.date) -> dict[str, int]:
    """Open reports counted by age in one query: "new" (under 7 days), "month" (7 to 30
    days), "old" (over 30 days)."""
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    week_ago = start - dt.timedelta(days=REPORT_AGES[0] - 1)
    month_ago = start - dt.timedelta(days=REPORT_AGES[1])
    return ProblemReport.objects.open().aggregate(
        new=Count("id", filter=Q(created_at__gte=week_ago)),
        month=Count("id", filter=Q(created_at__lt=week_ago, created_at__gte=month_ago)),
        old=Count("id", filter=Q(created_at__lt=month_ago)),
    )


@dataclass
class JobStatus:
    job: schedule.Job
    record: ScheduledJob | None


def scheduled_jobs() -> list[JobStatus]:
    """Every registered job with its record (None before its first run)."""
    records = {r.name: r for r in ScheduledJob.objects.filter(name__in=schedule.JOBS)}
    return [JobStatus(job, records.get(name)) for name, job in sorted(schedule.JOBS.items())]
