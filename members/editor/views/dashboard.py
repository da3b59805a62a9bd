"""The editor's dashboard (/<lang>/my/): their organisations, services, pending and
returned changes, and the problem reports forwarded to them (with the answer and
withdraw actions)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, ExpressionWrapper, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from accmr.lib.translated_fields import english_missing_q
from members import services
from members.changes import Decision, change_title, describe_change
from members.editor import access
from members.editor.forms import ProblemAnswerForm
from members.models import (
    STALE_AFTER_DAYS,
    ChangeRequest,
    Confirmation,
    Location,
    Organisation,
    ProblemReport,
    Service,
    ServiceStatus,
)

RECENT_DECISIONS = 10


def _english_missing(queryset):
    """Annotate `english_missing` with the rule the coordinators' dashboard counts by."""
    return queryset.annotate(
        english_missing=ExpressionWrapper(
            english_missing_q(queryset.model), output_field=BooleanField()
        )
    )


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    organisations = list(
        _english_missing(Organisation.objects.for_editor(request.user))
        .select_related("type")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=_english_missing(Service.objects.order_by("status", "name")),
            ),
            Prefetch("locations", queryset=Location.objects.order_by("id")),
            Prefetch(
                "change_requests",
                queryset=ChangeRequest.objects.exclude(state=ChangeRequest.State.WITHDRAWN)
                .select_related("service", "location", "reviewed_by")
                .order_by("-submitted_at"),
            ),
            Prefetch(
                "problem_reports",
                queryset=ProblemReport.objects.forwarded_to(request.user)
                .select_related("service")
                .distinct()
                .order_by("-created_at"),
                to_attr="forwarded_reports",
            ),
            Prefetch(
                "confirmations",
                queryset=Confirmation.objects.filter(
                    undone_at__isnull=True,
                    confirmed_at__gte=timezone.make_aware(dt.datetime.combine(today, dt.time.min)),
                ).order_by("-confirmed_at"),
                to_attr="confirmed_today",
            ),
        )
        .order_by("name")
    )
    cards = []
    for org in organisations:
        changes = list(org.change_requests.all())
        pending = [c for c in changes if c.state == ChangeRequest.State.PENDING]
        reviewed = [c for c in changes if c.state == ChangeRequest.State.REVIEWED][
            :RECENT_DECISIONS
        ]
        days = (today - org.last_checked).days if org.last_checked else None
        # A coordinator's revert is a reviewed change too; it is told as "reverted", not as
        # an accepted change of the editor's.
        decided = [
            (c, row)
            for c in reviewed
            if not any(d.get("reverts") for d in c.decisions.values())
            for row in describe_change(c)
        ]
        services_list = list(org.services.all())
        pending_services = {c.service_id for c in pending if c.service_id}
        profile_waiting = any(
            not (c.service_id or c.location_id or c.creates_location) for c in pending
        )
        cards.append(
            {
                "organisation": org,
                "services": services_list,
                "locations": list(org.locations.all()),
                "pending": [(c, change_title(c), _pending_rows(c)) for c in pending],
                "returned": [(c, r) for c, r in decided if r.decision == Decision.RETURNED],
                "accepted": [
                    (c, r) for c, r in decided if r.decision == Decision.ACCEPTED and not r.reverted
                ],
                "reverted": [(c, r) for c, r in decided if r.reverted],
                "days_since_checked": days,
                "is_stale": days is None or days > STALE_AFTER_DAYS,
                "is_outdated": org.is_outdated(today),
                "pending_services": pending_services,
                "confirm_covers": [
                    s
                    for s in services_list
                    if s.pk not in pending_services
                    and s.status not in (ServiceStatus.DRAFT, ServiceStatus.RETIRED)
                ],
                "profile_waiting": profile_waiting,
                "waiting_titles": [change_title(c) for c in pending],
                "confirmation": org.confirmed_today[0] if org.confirmed_today else None,
                "reports": org.forwarded_reports,
            }
        )
    return render(
        request,
        "members/editor/dashboard.html",
        {"cards": cards, "answer_form": ProblemAnswerForm()},
    )


def _pending_rows(change: ChangeRequest) -> list:
    """The fields of a pending change, in words; none for a new service (its title says it)."""
    rows = describe_change(change)
    if change.service_id and change.service.status == ServiceStatus.DRAFT:
        return [r for r in rows if r.name != "status"]
    return rows


@login_required
@require_POST
def change_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    change = access.change_for_editor(request, pk)
    services.change_request_withdraw(change_request=change, user=request.user)
    messages.info(request, gettext("The proposed change was withdrawn."))
    return redirect("members:dashboard")


# ---------------------------------------------------------------------------
# Locations: new ones and changes, through the same review


@login_required
@require_POST
def report_answer(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ProblemReport.objects.forwarded_to(request.user).distinct(), pk=pk)
    form = ProblemAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["answer"][0])
        return redirect(f"{reverse('members:dashboard')}#report-{report.pk}")
    services.problem_report_answer(
        report=report, user=request.user, answer=form.cleaned_data["answer"]
    )
    messages.success(request, gettext("Thank you. Your answer was sent to the coordinators."))
    return redirect("members:dashboard")


# ---------------------------------------------------------------------------
# Accepting an invitation (the way in for a new editor)
