"""The monthly digest for member editors (command: send_digest).

Sent on the first working day of the month, once per person and month (DigestDelivery), in
each person's chosen language, with a signed one-click unsubscribe link (no log-in) and the
List-Unsubscribe / List-Unsubscribe-Post headers (RFC 2369, RFC 8058).

Queries: the recipients with their preferences, and per language the sections (new members;
next month's activities: their times, rows, languages, population groups; open calls;
publications; news), whatever the number of recipients; then one INSERT per message sent.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from smtplib import SMTPException

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accmr.lib.holidays import first_working_day
from accmr.models import User
from bulletin.activity_forms import DateRange
from bulletin.activity_lists import in_period, with_details
from bulletin.models import (
    Activity,
    DigestDelivery,
    DigestPreference,
    NewsPost,
    OpenCall,
    Publication,
)
from members.models import Organisation, Status

log = logging.getLogger("bulletin.digest")

UNSUBSCRIBE_SALT = "bulletin.digest-unsubscribe"


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_user(token: str) -> User:
    """The person a token was made for; BadSignature for anything else (no expiry: the link in
    an old digest must still work)."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict):
        raise signing.BadSignature("Not an unsubscribe token")
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None:
        raise signing.BadSignature("No such person")
    return user


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(start: dt.date) -> tuple[dt.date, dt.date]:
    end = start
    begin = (start - dt.timedelta(days=1)).replace(day=1)
    return begin, end


def next_month(start: dt.date) -> tuple[dt.date, dt.date]:
    begin = (start + dt.timedelta(days=32)).replace(day=1)
    end = (begin + dt.timedelta(days=32)).replace(day=1)
    return begin, end


@dataclass
class Sections:
    """What one digest tells, for one month (`start`: its first day)."""

    start: dt.date
    new_members: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    calls: list = field(default_factory=list)
    publications: list = field(default_factory=list)
    news: list = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (
            self.new_members or self.activities or self.calls or self.publications or self.news
        )


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def upcoming_activities(begin: dt.date, end: dt.date, limit: int = 30) -> list:
    """Next month's published activities, [begin, end), each at its first occurrence in it."""
    period = DateRange(_midnight(begin), _midnight(end))
    activities = Activity.objects.published().overlapping(period.start, period.end)
    return with_details(in_period(activities, period)[:limit])


def recent_news(begin: dt.date, end: dt.date, limit: int = 20) -> list:
    """Last month's published news posts, [begin, end), newest first."""
    return list(
        NewsPost.objects.published(end - dt.timedelta(days=1))
        .filter(date__gte=begin, date__lt=end)
        .latest()[:limit]
    )


def collect(start: dt.date, today: dt.date) -> Sections:
    last_begin, last_end = previous_month(start)
    next_begin, next_end = next_month(start)
    return Sections(
        start=start,
        new_members=list(
            Organisation.objects.filter(
                status=Status.PUBLISHED,
                is_member=True,
                member_since__gte=last_begin,
                member_since__lt=last_end,
            ).order_by("name")
        ),
        activities=upcoming_activities(next_begin, next_end),
        calls=list(OpenCall.objects.open(today).select_related("organisation")[:30]),
        publications=list(
            Publication.objects.published()
            .filter(published_at__date__gte=last_begin, published_at__date__lt=last_end)
            .latest()[:20]
        ),
        news=recent_news(last_begin, last_end),
    )


def recipients() -> list[tuple[User, str]]:
    """Active editors of ACCMR member organisations who did not opt out, with their language."""
    preferences = {p.user_id: p for p in DigestPreference.objects.all()}
    users = (
        User.objects.filter(is_active=True, editor_memberships__organisation__is_member=True)
        .distinct()
        .order_by("pk")
    )
    chosen = []
    for user in users:
        preference = preferences.get(user.pk)
        if preference is not None and preference.opted_out:
            continue
        chosen.append((user, preference.language if preference else settings.LANGUAGE_CODE))
    return chosen


def _message(user: User, language: str, sections: Sections) -> EmailMessage:
    with translation.override(language):
        token = unsubscribe_token(user)
        unsubscribe_url = settings.SITE_URL + reverse(
            "bulletin:digest_unsubscribe", kwargs={"token": token}
        )
        context = {
            "sections": sections,
            "site_url": settings.SITE_URL,
            "unsubscribe_url": unsubscribe_url,
            "settings_url": settings.SITE_URL + reverse("bulletin:digest_settings"),
            "language": language,
        }
        subject = " ".join(render_to_string("bulletin/email/digest_subject.txt", context).split())
        body = render_to_string("bulletin/email/digest.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def digest_send(*, today: dt.date | None = None, force: bool = False) -> int:
    """Send this month's digest to everyone who has not had it yet; returns how many went out.

    Does nothing before the month's first working day unless `force`; sends nothing twice in a
    month (a delivery is recorded before the message goes; a failed send removes it again, so
    the next run retries that person).
    """
    today = today or timezone.localdate()
    start = month_start(today)
    if not force and today < first_working_day(today.year, today.month):
        return 0
    already = set(DigestDelivery.objects.filter(month=start).values_list("user_id", flat=True))
    sections_by_language: dict[str, Sections] = {}
    sent = 0
    for user, language in recipients():
        if user.pk in already:
            continue
        if language not in sections_by_language:
            with translation.override(language):
                sections_by_language[language] = collect(start, today)
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(month=start, user=user)
        except IntegrityError:  # another run got there first
            continue
        try:
            _message(user, language, sections_by_language[language]).send()
        except (SMTPException, OSError):
            log.exception("Could not send the digest to user %s", user.pk)
            DigestDelivery.objects.filter(month=start, user=user).delete()
            continue
        sent += 1
    return sent
