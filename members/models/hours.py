"""Opening hours: a service's weekly periods (Schedule), its closures and special hours
(Closure), and what the pages show of them (OpeningStatus, HoursRow, HoursException)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.base import uuid_field

# "Open after 17:00": open at some time after this, on the chosen day or on some day.
EVENING = dt.time(17, 0)
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def day_from_key(key: str, today: dt.date) -> dt.date:
    """The date a day's key means: "today", "tomorrow", or the next Monday ("mon") etc.
    from today (today itself if it is that weekday)."""
    if key == "today":
        return today
    if key == "tomorrow":
        return today + dt.timedelta(days=1)
    return today + dt.timedelta(days=(WEEKDAY_KEYS.index(key) - today.weekday()) % 7)


def _local(moment: dt.datetime) -> dt.datetime:
    """`moment` in local time (a naive moment is taken as local already)."""
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


@dataclass(frozen=True)
class OpeningStatus:
    """What a visitor needs to know now: open (until when), opens later, or closed."""

    state: str  # "open", "opens", "closed" (temporarily) or "unknown" (no hours listed)
    until: dt.time | None = None
    opens_at: dt.datetime | None = None
    day: str = ""  # "today", "tomorrow" or "" (another day: see opens_at)
    note: str = ""  # why today differs from the weekly hours (a holiday, a closure's note)


@dataclass
class HoursRow:
    day: str
    periods: list["Schedule"]
    is_today: bool


@dataclass(frozen=True)
class HoursException:
    """Days that differ from a service's weekly hours: closed (no times) or special hours."""

    starts_on: dt.date
    ends_on: dt.date
    opens: dt.time | None
    closes: dt.time | None
    note: str


class Schedule(models.Model):
    """One opening period of a service on one day of the week."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    uuid = uuid_field()
    service = models.ForeignKey(
        "Service", verbose_name=_("service"), on_delete=models.CASCADE, related_name="schedules"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening period")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="schedule_closes_after_opens"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="schedule_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """Dates on which a service is closed, or open at other hours than its weekly ones
    (a strike, a training day, the August break, a local holiday). Greece's public holidays
    need no row: they are computed (accmr.lib.holidays) and kept unless the service says it
    opens on them (Service.open_on_public_holidays)."""

    service = models.ForeignKey(
        "Service", verbose_name=_("service"), on_delete=models.CASCADE, related_name="closures"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (inclusive)"))
    opens = models.TimeField(
        _("opens"), null=True, blank=True, help_text=_("Empty if closed all day.")
    )
    closes = models.TimeField(
        _("closes"), null=True, blank=True, help_text=_("Empty if closed all day.")
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("For example: staff training.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("closure or special hours")
        verbose_name_plural = _("closures and special hours")
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["service", "ends_on"], name="members_closure_upcoming")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="closure_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(opens__isnull=True, closes__isnull=True)
                | Q(opens__isnull=False, closes__gt=models.F("opens")),
                name="closure_hours_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"

    @property
    def is_closed_all_day(self) -> bool:
        return self.opens is None

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on
