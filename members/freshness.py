"""Keeping records fresh: marking them as checked and asking editors to confirm their data.

"Please confirm your data" is one e-mail to each editor, listing the organisations they keep,
in Greek and English (members/email/confirm_data*.txt). Coordinators send it from the admin
(an action on organisations); `send_freshness_reminders` sends it every day for published
organisations not confirmed for six months. Both record when it was sent (`reminded_at`).
"""

import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accmr.lib.translated_history import bulk_history
from members.models import EditorMembership, Organisation, Service
from members.services import _send

log = logging.getLogger("members.selfservice")

REMINDER_EVERY_DAYS = 30


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


def ask_editors_to_confirm(
    organisations, *, now: dt.datetime | None = None
) -> tuple[int, list[Organisation]]:
    """E-mail each active editor of these organisations once, listing the ones they edit.

    The e-mail is in Greek and English and links to the editor's page; each organisation an
    editor was written to records the time (`reminded_at`, not a change: no history row).
    Returns the number of e-mails sent and the organisations that have no editor.
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
    for editor, edited in by_editor.items():
        _send(
            to=[editor.email],
            template="confirm_data",
            context=lambda editor=editor, edited=edited: {
                "editor": editor,
                "organisations": edited,
            },
        )
    reached = {m.organisation_id for m in memberships}
    Organisation.objects.filter(pk__in=reached).update(reminded_at=now or timezone.now())
    for pk in sorted(reached):
        log.info("freshness reminder sent organisation_id=%s", pk)
    return len(by_editor), [o for o in organisations if o.pk not in reached]


def freshness_remind(*, every_days: int = REMINDER_EVERY_DAYS, dry_run: bool = False) -> int:
    """Ask the editors of published organisations not confirmed for six months to confirm.

    An organisation is reminded at most once every `every_days` days. Returns how many
    organisations were (or, with dry_run, would be) reminded.
    """
    now = timezone.now()
    due = list(
        Organisation.objects.published()
        .stale()
        .filter(
            Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - dt.timedelta(days=every_days))
        )
        .filter(editor_memberships__user__is_active=True)
        .distinct()
    )
    if not dry_run:
        ask_editors_to_confirm(due, now=now)
    return len(due)
