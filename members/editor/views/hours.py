"""A service's hours: the weekly hours, closures and special hours, and public holidays."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from accmr.lib.forms import form_status
from accmr.lib.holidays import upcoming_public_holidays
from members import services
from members.changes import live_value, pending_values, returned_values
from members.editor import access
from members.editor.hours_forms import ClosureForm, PublicHolidaysForm, WeekHoursForm
from members.models import Closure, Service, ServiceStatus


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_hours(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_editor(request, pk)
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
            access.saved_message(request, change)
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
    service = access.service_for_editor(request, pk)
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
    service = access.service_for_editor(request, pk)
    form = PublicHolidaysForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    service.open_on_public_holidays = form.cleaned_data["open_on_public_holidays"]
    service.save(update_fields=["open_on_public_holidays", "updated_at"])
    messages.success(request, gettext("Saved."))
    return redirect("members:service_closures", pk=service.pk)
