"""An organisation's own profile: editing it, its pending logo, and confirming (or
undoing the confirmation) that the whole record is still correct."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members import images, services
from members.changes import pending_values, returned_values
from members.editor import access
from members.editor.forms import OrganisationProfileForm
from members.models import Confirmation, Organisation


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_editor(request, pk)
    pending = pending_values(organisation)
    returned = returned_values(organisation)
    form = OrganisationProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=organisation,
        initial={
            **access.returned_initial(returned, pending, skip=("logo",)),
            **{k: v for k, v in pending.items() if k != "logo"},
        },
    )
    access.mark_returned(form, returned, pending)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        logo = form.cleaned_data.get("logo_upload")
        if logo is not None:
            values["logo"] = images.store_logo(logo)
        change = services.change_request_submit(
            user=request.user, organisation=organisation, values=values
        )
        access.saved_message(request, change)
        access.publishing_gaps_message(request, form)
        return redirect("members:dashboard")
    organisation.refresh_from_db()  # the form may have set attributes on the instance
    return access.render_form_page(
        request,
        "members/editor/organisation_form.html",
        organisation=organisation,
        form=form,
        pending=pending,
        returned=returned,
        pending_logo_url=images.pending_logo_url(organisation, pending.get("logo")),
    )


@login_required
@require_safe
def pending_logo(request: HttpRequest, pk: int) -> HttpResponse:
    """The logo waiting for review on an organisation: for its editors and the coordinators
    who review changes, never at a public address (members.images)."""
    if request.user.has_perm("members.view_changerequest"):
        organisation = get_object_or_404(Organisation, pk=pk)
    else:
        organisation = access.organisation_for_editor(request, pk)
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
    organisation = access.organisation_for_editor(request, pk)
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
