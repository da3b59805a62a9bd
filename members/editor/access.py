"""What every editor's page shares: loading a record through the editor's memberships (so
another organisation's record is a 404, never a hint that it exists), the returned-field
notes on a form, and the messages after a change is sent."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from accmr.lib.forms import form_status
from members.models import ChangeRequest, Location, Organisation, Service


def organisation_for_editor(request: HttpRequest, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.for_editor(request.user), pk=pk)


def service_for_editor(request: HttpRequest, pk: int) -> Service:
    return get_object_or_404(
        Service.objects.for_editor(request.user).select_related("organisation"), pk=pk
    )


def location_for_editor(request: HttpRequest, pk: int) -> Location:
    return get_object_or_404(
        Location.objects.filter(
            organisation__in=Organisation.objects.for_editor(request.user)
        ).select_related("organisation"),
        pk=pk,
    )


def change_for_editor(request: HttpRequest, pk: int) -> ChangeRequest:
    return get_object_or_404(
        ChangeRequest.objects.filter(
            organisation__in=Organisation.objects.for_editor(request.user)
        ),
        pk=pk,
    )


def returned_initial(returned: dict, pending: dict, skip: tuple[str, ...] = ()) -> dict:
    """Returned fields come back with what the editor proposed (unless something newer is
    waiting for review)."""
    return {k: r.value for k, r in returned.items() if k not in pending and k not in skip}


def mark_returned(form, returned: dict, pending: dict) -> None:
    """Give each returned field's bound field its ReturnedField, for the note beside it."""
    for name, field_return in returned.items():
        if name in form.fields and name not in pending:
            form[name].returned = field_return


def publishing_gaps_message(request: HttpRequest, form) -> None:
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


def saved_message(request: HttpRequest, change: ChangeRequest | None) -> None:
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


def render_form_page(
    request: HttpRequest,
    template: str,
    *,
    organisation: Organisation,
    form,
    pending: dict | None = None,
    returned: dict | None = None,
    **context,
) -> HttpResponse:
    """An editor's form page (a record's profile, a service, a location): the form, which
    fields wait for review (`pending`) and the notes of the returned ones that do not."""
    pending = pending or {}
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "form": form,
            "pending_fields": set(pending),
            "returned": {k: r for k, r in (returned or {}).items() if k not in pending},
            **context,
        },
        status=form_status(form),
    )
