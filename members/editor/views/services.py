"""A service's pages: adding one, editing it, and its status (open, temporarily closed,
retired)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from accmr.lib.forms import form_status
from members import services
from members.changes import pending_values, returned_values
from members.editor import access
from members.editor.forms import ServiceForm, ServiceStatusForm
from members.models import ChangeRequest, ServiceStatus


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_editor(request, pk)
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
    return access.render_form_page(
        request,
        "members/editor/service_form.html",
        organisation=organisation,
        form=form,
        service=None,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_editor(request, pk)
    organisation = service.organisation
    pending = pending_values(organisation, service)
    returned = returned_values(organisation, service)
    not_on_form = ("schedules", "status")
    form = ServiceForm(
        request.POST or None,
        instance=service,
        organisation=organisation,
        initial={
            **access.returned_initial(returned, pending, skip=not_on_form),
            **{k: v for k, v in pending.items() if k not in not_on_form},
        },
    )
    access.mark_returned(form, returned, pending)
    if request.method == "POST" and form.is_valid():
        change = services.change_request_submit(
            user=request.user, organisation=organisation, service=service, values=form.values()
        )
        if service.status == ServiceStatus.DRAFT:
            messages.success(request, gettext("The draft is saved."))
        else:
            access.saved_message(request, change)
            access.publishing_gaps_message(request, form)
        return redirect("members:dashboard")
    service.refresh_from_db()
    return access.render_form_page(
        request,
        "members/editor/service_form.html",
        organisation=organisation,
        form=form,
        pending=pending,
        returned={k: r for k, r in returned.items() if k not in not_on_form},
        service=service,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_status(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_editor(request, pk)
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
            access.saved_message(request, change)
        return redirect("members:dashboard")
    return render(
        request,
        "members/editor/service_status.html",
        {"service": service, "organisation": service.organisation, "form": form},
        status=form_status(form),
    )
