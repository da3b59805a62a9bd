"""The editors' pages under /<lang>/my/: their organisations, services and proposed changes,
and the page where an invited person becomes an editor (/<lang>/account/invitation/<token>/).

Every view loads its object through a helper that filters by the logged-in editor's
memberships, so another organisation's record is a 404 (never a hint that it exists).
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import BooleanField, ExpressionWrapper, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accmr.lib.forms import form_status
from accmr.lib.holidays import upcoming_public_holidays
from accmr.lib.translated_fields import english_missing_q
from accmr.models import User
from members import images, services
from members.changes import (
    Decision,
    change_title,
    describe_change,
    live_value,
    pending_values,
    returned_values,
)
from members.editor_forms import (
    ClosureForm,
    InvitationPasswordForm,
    LocationForm,
    OrganisationProfileForm,
    ProblemAnswerForm,
    PublicHolidaysForm,
    ServiceForm,
    ServiceStatusForm,
    WeekHoursForm,
)
from members.models import (
    STALE_AFTER_DAYS,
    ChangeRequest,
    Closure,
    Confirmation,
    Invitation,
    Location,
    Organisation,
    ProblemReport,
    Service,
    ServiceStatus,
)

RECENT_DECISIONS = 10


def _organisation_for_editor(request: HttpRequest, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.for_editor(request.user), pk=pk)


def _service_for_editor(request: HttpRequest, pk: int) -> Service:
    return get_object_or_404(
        Service.objects.for_editor(request.user).select_related("organisation"), pk=pk
    )


def _location_for_editor(request: HttpRequest, pk: int) -> Location:
    return get_object_or_404(
        Location.objects.filter(
            organisation__in=Organisation.objects.for_editor(request.user)
        ).select_related("organisation"),
        pk=pk,
    )


def _change_for_editor(request: HttpRequest, pk: int) -> ChangeRequest:
    return get_object_or_404(
        ChangeRequest.objects.filter(
            organisation__in=Organisation.objects.for_editor(request.user)
        ),
        pk=pk,
    )


def _returned_initial(returned: dict, pending: dict, skip: tuple[str, ...] = ()) -> dict:
    """Returned fields come back with what the editor proposed (unless something newer is
    waiting for review)."""
    return {k: r.value for k, r in returned.items() if k not in pending and k not in skip}


def _mark_returned(form, returned: dict, pending: dict) -> None:
    """Give each returned field's bound field its ReturnedField, for the note beside it."""
    for name, field_return in returned.items():
        if name in form.fields and name not in pending:
            form[name].returned = field_return


def _publishing_gaps_message(request: HttpRequest, form) -> None:
    for gap in getattr(form, "contact_gaps", []):
        messages.warning(request, gap)
    gaps = form.publishing_gaps()
    if gaps:
        messages.warning(
            request,
            gettext(
                "Your change was sent. To be shown in full the record still needs: {fields}. "
                "Please add it when you can."
            ).format(fields=", ".join(gaps)),
        )


def _saved_message(request: HttpRequest, change: ChangeRequest | None) -> None:
    if change is None:
        messages.info(request, gettext("Nothing was changed."))
    elif change.state == ChangeRequest.State.REVIEWED:
        messages.success(request, gettext("Your changes are published."))
    else:
        messages.success(
            request,
            gettext(
                "Thank you. Your changes were sent for review; the public page keeps the "
                "current version until a coordinator accepts them."
            ),
        )


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
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for_editor(request, pk)
    pending = pending_values(organisation)
    returned = returned_values(organisation)
    form = OrganisationProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=organisation,
        initial={
            **_returned_initial(returned, pending, skip=("logo",)),
            **{k: v for k, v in pending.items() if k != "logo"},
        },
    )
    _mark_returned(form, returned, pending)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        logo = form.cleaned_data.get("logo_upload")
        if logo is not None:
            values["logo"] = images.store_logo(logo)
        change = services.change_request_submit(
            user=request.user, organisation=organisation, values=values
        )
        _saved_message(request, change)
        _publishing_gaps_message(request, form)
        return redirect("members:dashboard")
    organisation.refresh_from_db()  # the form may have set attributes on the instance
    return render(
        request,
        "members/editor/organisation_form.html",
        {
            "organisation": organisation,
            "form": form,
            "pending_fields": set(pending),
            "returned": {k: r for k, r in returned.items() if k not in pending},
            "pending_logo_url": images.pending_logo_url(organisation, pending.get("logo")),
        },
        status=form_status(form),
    )


@login_required
@require_safe
def pending_logo(request: HttpRequest, pk: int) -> HttpResponse:
    """The logo waiting for review on an organisation: for its editors and the coordinators
    who review changes, never at a public address (members.images)."""
    if request.user.has_perm("members.view_changerequest"):
        organisation = get_object_or_404(Organisation, pk=pk)
    else:
        organisation = _organisation_for_editor(request, pk)
    name = pending_values(organisation).get("logo")
    storage = images.private_storage()
    if not images.is_pending(name) or not storage.exists(name):
        raise Http404("No logo waiting for review.")
    response = FileResponse(storage.open(name, "rb"), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def organisation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for_editor(request, pk)
    scope = services.confirm_scope(organisation)
    services.organisation_confirm(organisation=organisation, user=request.user)
    if scope.waiting:
        messages.success(
            request,
            gettext(
                "Thank you. Marked as checked today, except what is waiting for review: "
                "{waiting}. You can undo this today."
            ).format(waiting="; ".join(scope.waiting)),
        )
    else:
        messages.success(
            request,
            gettext(
                "Thank you. {organisation} and its live services are marked as checked today. "
                "You can undo this today."
            ).format(organisation=organisation),
        )
    return redirect("members:dashboard")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for_editor(request, pk)
    form = ServiceForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        service, change = services.service_create(
            user=request.user, organisation=organisation, values=form.values()
        )
        if change is not None and change.state == ChangeRequest.State.REVIEWED:
            messages.success(
                request, gettext("The service is published. Now add its opening hours.")
            )
        else:
            messages.success(
                request,
                gettext(
                    "The service is saved as a draft and a coordinator was asked to publish "
                    "it. Now add its opening hours."
                ),
            )
        return redirect("members:service_hours", pk=service.pk)
    return render(
        request,
        "members/editor/service_form.html",
        {
            "organisation": organisation,
            "form": form,
            "service": None,
            "pending_fields": set(),
            "returned": {},
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service_for_editor(request, pk)
    organisation = service.organisation
    pending = pending_values(organisation, service)
    returned = returned_values(organisation, service)
    not_on_form = ("schedules", "status")
    form = ServiceForm(
        request.POST or None,
        instance=service,
        organisation=organisation,
        initial={
            **_returned_initial(returned, pending, skip=not_on_form),
            **{k: v for k, v in pending.items() if k not in not_on_form},
        },
    )
    _mark_returned(form, returned, pending)
    if request.method == "POST" and form.is_valid():
        change = services.change_request_submit(
            user=request.user, organisation=organisation, service=service, values=form.values()
        )
        if service.status == ServiceStatus.DRAFT:
            messages.success(request, gettext("The draft is saved."))
        else:
            _saved_message(request, change)
            _publishing_gaps_message(request, form)
        return redirect("members:dashboard")
    service.refresh_from_db()
    return render(
        request,
        "members/editor/service_form.html",
        {
            "organisation": organisation,
            "form": form,
            "service": service,
            "pending_fields": set(pending),
            "returned": {
                k: r for k, r in returned.items() if k not in pending and k not in not_on_form
            },
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_hours(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service_for_editor(request, pk)
    pending = pending_values(service.organisation, service)
    returned = returned_values(service.organisation, service).get("schedules")
    if "schedules" in pending:
        current = pending["schedules"]
    elif returned is not None:
        current = returned.value
    else:
        current = live_value(service, "schedules")
    data = request.POST or None
    copied = request.method == "POST" and "copy_monday" in request.POST
    if copied:
        data = WeekHoursForm.copy_monday(request.POST)
    form = WeekHoursForm(data, periods=current)
    if request.method == "POST" and not copied and form.is_valid():
        change = services.change_request_submit(
            user=request.user,
            organisation=service.organisation,
            service=service,
            values={"schedules": form.periods()},
        )
        if service.status == ServiceStatus.DRAFT:
            messages.success(request, gettext("The opening hours of the draft are saved."))
        else:
            _saved_message(request, change)
        return redirect("members:dashboard")
    if copied:
        messages.info(
            request,
            gettext(
                "Monday's hours are copied to Tuesday, Wednesday, Thursday and Friday. Check "
                "them, then send."
            ),
        )
    return render(
        request,
        "members/editor/service_hours.html",
        {
            "service": service,
            "organisation": service.organisation,
            "form": form,
            "copied": copied,
            "is_pending": "schedules" in pending,
            "returned": returned if "schedules" not in pending else None,
        },
        status=200 if copied else form_status(form),
    )


def _closures_page(request, service, form, holidays_form, status=200) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "members/editor/service_closures.html",
        {
            "service": service,
            "organisation": service.organisation,
            "closures": service.closures.filter(ends_on__gte=today),
            "form": form,
            "holidays_form": holidays_form,
            "holidays": upcoming_public_holidays(today),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_closures(request: HttpRequest, pk: int) -> HttpResponse:
    """Closures and special hours on given dates. Published at once, without review: they only
    say when the service is not at its usual hours, and are often needed the same day."""
    service = _service_for_editor(request, pk)
    form = ClosureForm(
        request.POST or None,
        instance=Closure(service=service, created_by=request.user),
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("The dates are saved and shown on the service page."))
        return redirect("members:service_closures", pk=service.pk)
    holidays_form = PublicHolidaysForm(
        initial={"open_on_public_holidays": service.open_on_public_holidays}
    )
    return _closures_page(request, service, form, holidays_form, status=form_status(form))


@login_required
@require_POST
def closure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    closure = get_object_or_404(
        Closure.objects.filter(service__in=Service.objects.for_editor(request.user)), pk=pk
    )
    service_pk = closure.service_id
    closure.delete()
    messages.success(request, gettext("The dates are removed."))
    return redirect("members:service_closures", pk=service_pk)


@login_required
@require_POST
def service_public_holidays(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service_for_editor(request, pk)
    form = PublicHolidaysForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    service.open_on_public_holidays = form.cleaned_data["open_on_public_holidays"]
    service.save(update_fields=["open_on_public_holidays", "updated_at"])
    messages.success(request, gettext("Saved."))
    return redirect("members:service_closures", pk=service.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_status(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service_for_editor(request, pk)
    form = ServiceStatusForm(request.POST or None, current=service.status, service=service)
    if request.method == "POST" and form.is_valid():
        change = services.change_request_submit(
            user=request.user,
            organisation=service.organisation,
            service=service,
            values={"status": form.cleaned_data["status"]},
        )
        if form.cleaned_data["status"] == ServiceStatus.RETIRED and change is None:
            messages.success(request, gettext("The draft is retired."))
        else:
            _saved_message(request, change)
        return redirect("members:dashboard")
    return render(
        request,
        "members/editor/service_status.html",
        {"service": service, "organisation": service.organisation, "form": form},
        status=form_status(form),
    )


@login_required
@require_POST
def change_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change_for_editor(request, pk)
    services.change_request_withdraw(change_request=change, user=request.user)
    messages.info(request, gettext("The proposed change was withdrawn."))
    return redirect("members:dashboard")


# ---------------------------------------------------------------------------
# Locations: new ones and changes, through the same review


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def location_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for_editor(request, pk)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = services.location_propose(
            user=request.user, organisation=organisation, values=form.values()
        )
        if change.state == ChangeRequest.State.REVIEWED:
            messages.success(request, gettext("The new location is published."))
        else:
            messages.success(
                request,
                gettext(
                    "Thank you. The new location was sent for review; it appears on the public "
                    "page when a coordinator accepts it."
                ),
            )
        return redirect("members:dashboard")
    return render(
        request,
        "members/editor/location_form.html",
        {
            "organisation": organisation,
            "form": form,
            "location": None,
            "pending_fields": set(),
            "returned": {},
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = _location_for_editor(request, pk)
    organisation = location.organisation
    pending = pending_values(organisation, location=location)
    returned = returned_values(organisation, location=location)
    form = LocationForm(
        request.POST or None,
        instance=location,
        initial={**_returned_initial(returned, pending), **pending},
    )
    _mark_returned(form, returned, pending)
    if request.method == "POST" and form.is_valid():
        change = services.change_request_submit(
            user=request.user, organisation=organisation, location=location, values=form.values()
        )
        _saved_message(request, change)
        _publishing_gaps_message(request, form)
        return redirect("members:dashboard")
    location.refresh_from_db()
    return render(
        request,
        "members/editor/location_form.html",
        {
            "organisation": organisation,
            "form": form,
            "location": location,
            "pending_fields": set(pending),
            "returned": {k: r for k, r in returned.items() if k not in pending},
        },
        status=form_status(form),
    )


@login_required
@require_POST
def confirmation_undo(request: HttpRequest, pk: int) -> HttpResponse:
    confirmation = get_object_or_404(
        Confirmation.objects.filter(organisation__in=Organisation.objects.for_editor(request.user)),
        pk=pk,
    )
    if services.confirmation_undo(confirmation=confirmation, user=request.user):
        messages.success(request, gettext("Undone: the earlier dates are back."))
    else:
        messages.warning(request, gettext("This confirmation can only be undone on the same day."))
    return redirect("members:dashboard")


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


def _invitation_problem(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    if invitation is None:
        reason, status = "unknown", 404
    elif invitation.accepted_at is not None:
        reason, status = "used", 410
    else:
        reason, status = "expired", 410
    return render(
        request, "members/editor/invitation_invalid.html", {"reason": reason}, status=status
    )


@never_cache
@sensitive_post_parameters("password1", "password2")
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_lookup(token)
    if invitation is None or not invitation.is_usable():
        return _invitation_problem(request, invitation)

    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None and not request.user.is_authenticated:
        messages.info(
            request,
            gettext("You already have an account. Log in to accept the invitation."),
        )
        return redirect_to_login(request.get_full_path())
    if request.user.is_authenticated and (existing is None or existing.pk != request.user.pk):
        return render(
            request,
            "members/editor/invitation_other_account.html",
            {"invitation": invitation},
            status=403,
        )

    form = None if existing else InvitationPasswordForm(invitation.email, request.POST or None)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if existing:
                user = services.invitation_accept(invitation=invitation, user=existing)
            else:
                user = services.invitation_accept(
                    invitation=invitation,
                    password=form.cleaned_data["password1"],
                    full_name=form.cleaned_data["full_name"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except services.InvitationUnusable:
            invitation.refresh_from_db()
            return _invitation_problem(request, invitation)
        messages.success(
            request,
            gettext("Welcome. You can now keep the records of {organisation} up to date.").format(
                organisation=invitation.organisation
            ),
        )
        return redirect("members:dashboard")
    return render(
        request,
        "members/editor/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=form_status(form),
    )
