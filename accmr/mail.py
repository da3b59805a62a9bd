"""E-mail through the task queue: queued by the page, built and sent by a worker, retried.

A page calls ``send_email("kind", to=[...], **params)`` and answers at once: one task per
recipient is queued. The worker looks up the builder registered for the kind
(``@email_kind("kind")`` in an app's ``emails.py``), which reads the records named by
``params`` and returns the subject and body, written in the recipient's language
(``User.language``; Greek and English when the address has no account or no language yet).
A message that fails is tried again after 1, 4, 16 and 64 minutes (EMAIL_RETRY_SECONDS,
EMAIL_MAX_ATTEMPTS); after the last attempt it is stored as a FailedEmail, listed on the
coordinators' dashboard with its error, and can be resent from there.

``params`` are stored in the queue, so they hold record ids and addresses, never a token:
builders that need one (password reset, invitation) make it when the e-mail is built.
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from accmr.models import FailedEmail, User

log = logging.getLogger("accmr.mail")

BOTH = ("el", "en")


@dataclass(frozen=True)
class Email:
    subject: str
    body: str
    # The address to send to when it is not the queued one: a password reset goes to the
    # account's stored address, never to the address as typed into the form.
    to: str = ""


Builder = Callable[..., Email | None]
BUILDERS: dict[str, Builder] = {}


def email_kind(name: str) -> Callable[[Builder], Builder]:
    """Register a builder: ``builder(recipient, **params) -> Email | None`` (None: send none)."""

    def register(builder: Builder) -> Builder:
        BUILDERS[name] = builder
        return builder

    return register


def send_email(kind: str, *, to: Iterable[str], **params) -> int:
    """Queue the e-mail `kind` for each address (blank and repeated ones dropped).

    `params` must be JSON values. Returns the number of e-mails queued.
    """
    recipients = [address for address in dict.fromkeys(to) if address]
    for address in recipients:
        deliver_email.enqueue(kind, address, params)
    return len(recipients)


def languages_of(address: str) -> tuple[str, ...]:
    """The languages to write to this address in: its account's, or Greek and English."""
    language = (
        User.objects.filter(email__iexact=address, is_active=True)
        .values_list("language", flat=True)
        .first()
    )
    return (language,) if language else BOTH


def render_email(
    template: str,
    context: Callable[[], dict],
    languages: Iterable[str] = BOTH,
    *,
    body_template: str = "",
) -> Email:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` (or `body_template`) in each
    language, joined: subjects by " / ", bodies by a rule.

    `context` is called once per language, so labels and names come out translated.
    """
    subjects, bodies = [], []
    for language in languages:
        with translation.override(language):
            ctx = {"site_url": settings.SITE_URL, **context()}
            subjects.append(" ".join(render_to_string(f"{template}_subject.txt", ctx).split()))
            bodies.append(render_to_string(body_template or f"{template}.txt", ctx).strip())
    return Email(
        subject=" / ".join(dict.fromkeys(subjects)), body="\n\n---\n\n".join(bodies) + "\n"
    )


def retry_delay(attempt: int) -> dt.timedelta:
    """How long to wait after failed attempt number `attempt` (1, 4, 16... times the base)."""
    return dt.timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 4 ** (attempt - 1))


@task()
def deliver_email(kind: str, recipient: str, params: dict, attempt: int = 1) -> bool:
    """Build and send one e-mail; on failure queue the next attempt or record the failure.

    Returns True when a message was sent, False when the builder had nothing to send or the
    attempt failed (the task itself never fails: its failure is ours to record).
    """
    try:
        email = BUILDERS[kind](recipient, **params)
        if email is None:
            return False
        EmailMessage(
            email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to or recipient]
        ).send()
    except Exception as error:  # noqa: BLE001 - whatever went wrong, try again later
        error_text = f"{type(error).__name__}: {error}"[:2000]
        if attempt < settings.EMAIL_MAX_ATTEMPTS:
            log.warning("e-mail %s attempt %s failed: %s", kind, attempt, type(error).__name__)
            later = deliver_email
            if later.get_backend().supports_defer:
                later = later.using(run_after=timezone.now() + retry_delay(attempt))
            later.enqueue(kind, recipient, params, attempt + 1)
        else:
            failed = FailedEmail.objects.create(
                kind=kind, recipient=recipient, params=params, attempts=attempt, error=error_text
            )
            log.error("e-mail %s failed for good failed_email_id=%s", kind, failed.pk)
        return False
    log.info("e-mail %s sent", kind)
    return True


def resend(failed: FailedEmail) -> None:
    """Queue a failed e-mail again, from its first attempt; it leaves the failed list."""
    deliver_email.enqueue(failed.kind, failed.recipient, failed.params)
    failed.delete()
