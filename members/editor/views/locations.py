"""An organisation's locations: proposing a new one and editing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from members import services
from members.changes import pending_values, returned_values
from members.editor import access
from members.editor.forms import LocationForm
from members.models import ChangeRequest


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def location_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_editor(request, pk)
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
    return access.render_form_page(
        request,
        "members/editor/location_form.html",
        organisation=organisation,
        form=form,
        location=None,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = access.location_for_editor(request, pk)
    organisation = location.organisation
    pending = pending_values(organisation, location=location)
    returned = returned_values(organisation, location=location)
    form = LocationForm(
        request.POST or None,
        instance=location,
        initial={**access.returned_initial(returned, pending), **pending},
    )
    access.mark_returned(form, returned, pending)
    if request.method == "POST" and form.is_valid():
        change = services.change_request_submit(
            user=request.user, organisation=organisation, location=location, values=form.values()
        )
        access.saved_message(request, change)
        access.publishing_gaps_message(request, form)
        return redirect("members:dashboard")
    location.refresh_from_db()
    return access.render_form_page(
        request,
        "members/editor/location_form.html",
        organisation=organisation,
        form=form,
        pending=pending,
        returned=returned,
        location=location,
    )
