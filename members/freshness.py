"""Keeping records fresh: marking them as checked and asking editors to confirm their data."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accmr.lib.translated_history import bulk_history
from members.models import EditorMembership, Organisation, Service


@transaction.atomic
def mark_checked(queryset: QuerySet, *, user, today: dt.date | None = None) -> int:
    """Mark organisations (with all their services) or services as checked today.

    Like Organisation.confirm(), but for many rows at once and with a history record for
    every row changed. Returns the number of selected records.
    """
    today = today or timezone.localdate()
    records = list(queryset)
    _set_checked(records, queryset.model, today, user)
    if queryset.model is Organisation:
        _set_checked(list(Service.objects.filter(organisation__in=records)), Service, today, user)
    return len(records)


def _set_checked(records, model, today, user) -> None:
    for record in records:
        record.last_checked = today
    update_with_history(records, model, ["last_checked"], user=user, reason="Marked as checked")


@transaction.atomic
def update_with_history(records: list, model, fields: list[str], *, user, reason: str) -> None:
    """Save `fields` of many records in bulk, each with a history record by `user`."""
    model.objects.bulk_update(records, fields, batch_size=500)
    bulk_history(records, model, update=True, user=user, reason=reason)


def ask_editors_to_confirm(organisations) -> tuple[int, list[Organisation]]:
    """E-mail each active editor of these organisations once, listing the ones they edit.

    The e-mail is written in the current language and links to the editor's page. Returns
    the number of e-mails sent and the organisations that have no editor.
    """
    organisations = list(organisations)
    memberships = (
        EditorMembership.objects.filter(organisation__in=organisations, user__is_active=True)
        .select_related("user", "organisation")
        .order_by("user__email", "organisation__name")
    )
    by_editor = defaultdict(list)
    for membership in memberships:
        by_editor[membership.user].append(membership.organisation)
    dashboard_url = settings.SITE_URL + reverse("members:dashboard")
    emails = []
    for editor, edited in by_editor.items():
        context = {"editor": editor, "organisations": edited, "dashboard_url": dashboard_url}
        subject = render_to_string("members/email/confirm_data_subject.txt", context)
        body = render_to_string("members/email/confirm_data_body.txt", context)
        emails.append(EmailMessage(" ".join(subject.split()), body, to=[editor.email]))
    sent = get_connection().send_messages(emails) if emails else 0
    with_editors = {m.organisation_id for m in memberships}
    return sent or 0, [o for o in organisations if o.pk not in with_editors]
