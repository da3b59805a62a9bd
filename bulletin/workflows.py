"""Workflows of open calls and publications: submit, review, answer, close, forget.

Saving a call or a publication bumps the page cache's content version (accmr.cache). E-mail
goes out after the work is saved, through `send_notice` (one place, so the e-mail queue can
take it over). Notices name records and link
to pages; they never carry an answerer's address except to the posting organisation's editors.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accmr.models import User
from bulletin.models import CallAnswer, OpenCall, Publication
from members.models import Organisation
from members.services import editor_addresses

log = logging.getLogger("bulletin")


def send_notice(*, to: Iterable[str], template: str, context: dict, reply_to=()) -> bool:
    """One plain-text e-mail in Greek and then English, to each address (Bcc to no one).

    Returns whether it went out; a failure is logged (without addresses) and never loses the
    record that caused it.
    """
    recipients = [address for address in dict.fromkeys(to) if address]
    if not recipients:
        return False
    subjects, bodies = [], []
    for language in ("el", "en"):
        with translation.override(language):
            ctx = {"site_url": settings.SITE_URL, **context}
            subjects.append(
                " ".join(render_to_string(f"bulletin/email/{template}_subject.txt", ctx).split())
            )
            bodies.append(render_to_string(f"bulletin/email/{template}.txt", ctx).strip())
    message = EmailMessage(
        subject=" / ".join(dict.fromkeys(subjects)),
        body="\n\n---\n\n".join(bodies) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=list(reply_to),
    )
    try:
        message.send()
    except (SMTPException, OSError):
        log.exception("Could not send the %s notice", template)
        return False
    return True


# ---------------------------------------------------------------------------
# Open calls
# ---------------------------------------------------------------------------


def _ask_coordinators(template: str, record: OpenCall | Publication, *, name: str) -> None:
    """Tell the coordinators that `record` waits for their review, with its admin page;
    `name` is what the e-mail's template calls it."""
    meta = record._meta
    review_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    send_notice(
        to=settings.COORDINATORS_EMAIL,
        template=template,
        context={name: record, "review_url": review_url},
    )


def call_submit(*, call: OpenCall, organisation: Organisation, user: User) -> OpenCall:
    """Save an editor's new call: published at once for a trusted organisation, else queued."""
    call.organisation = organisation
    call.posted_by = user
    trusted = organisation.is_trusted
    call.state = OpenCall.State.OPEN if trusted else OpenCall.State.PENDING
    call.published_at = timezone.now() if trusted else None
    call.full_clean()
    call.save()
    if not trusted:
        _ask_coordinators("call_submitted", call, name="call")
    return call


def call_publish(*, call: OpenCall) -> None:
    call.publish()
    send_notice(
        to=editor_addresses(call.organisation_id),
        template="call_published",
        context={"call": call},
    )


def call_return(*, call: OpenCall, comment: str) -> None:
    call.state = OpenCall.State.RETURNED
    call.review_comment = comment
    call.save(update_fields=["state", "review_comment"])
    send_notice(
        to=editor_addresses(call.organisation_id), template="call_returned", context={"call": call}
    )


def call_close(*, call: OpenCall, state: str) -> None:
    call.close(state)


def calls_close_expired(today: dt.date | None = None) -> int:
    """Record as closed every published call whose closing date has passed.

    Public lists already treat them as closed (OpenCallQuerySet.open); this writes it down, so
    the answers' six months count from the closing date.
    """
    today = today or timezone.localdate()
    expired = OpenCall.objects.filter(state=OpenCall.State.OPEN, closes_on__lt=today)
    ids = list(expired.values_list("pk", flat=True))
    for call in OpenCall.objects.filter(pk__in=ids):  # save(): the page cache hears of it
        call.state = OpenCall.State.EXPIRED
        call.closed_on = call.closes_on
        call.save(update_fields=["state", "closed_on"])
    return len(ids)


def answers_delete_expired(today: dt.date | None = None) -> int:
    """Delete the answers of calls closed more than six months ago (the privacy notice's rule)."""
    calls = OpenCall.objects.answers_expired(today)
    deleted, _per_model = CallAnswer.objects.filter(call__in=calls).delete()
    return deleted


def answer_submit(*, call: OpenCall, values: dict) -> CallAnswer:
    answer = CallAnswer.objects.create(call=call, **values)
    answer_notify(answer_id=answer.pk)  # the e-mail queue makes this a task
    return answer


def answer_notify(*, answer_id: int) -> bool:
    """E-mail one answer to the posting organisation's editors (JSON-safe arguments, so a task
    queue can run it). The answerer's address is the Reply-To: editors answer directly."""
    answer = CallAnswer.objects.select_related("call__organisation").filter(pk=answer_id).first()
    if answer is None:
        return False
    return send_notice(
        to=editor_addresses(answer.call.organisation_id),
        template="call_answered",
        context={"answer": answer, "call": answer.call, "my_url": reverse("bulletin:my_calls")},
        reply_to=[answer.email],
    )


# ---------------------------------------------------------------------------
# Publications
# ---------------------------------------------------------------------------


def publication_propose(*, publication: Publication, organisation: Organisation, user: User):
    """An editor's proposal waits for a coordinator (the toolkit speaks for the network)."""
    publication.publisher = organisation
    publication.proposed_by = user
    publication.state = Publication.State.PENDING
    publication.save()
    _ask_coordinators("publication_proposed", publication, name="publication")
    return publication


def publication_publish(*, publication: Publication) -> None:
    publication.state = Publication.State.PUBLISHED
    publication.published_at = publication.published_at or timezone.now()
    publication.save(update_fields=["state", "published_at", "search_text"])
