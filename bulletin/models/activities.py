"""Activities: what member organisations (and ACCMR, and the municipalities' bodies) put on.

An activity happens once, or weekly on chosen days until a date. Its start and end are
stored as aware date-times and read in Europe/Athens (the site's TIME_ZONE); a weekly
activity's later occurrences keep the same local clock time across daylight-saving changes.
Occurrences are computed, not stored: `occurrences_between()` expands the repeats and the
list pages narrow the candidates in SQL first (see `ActivityQuerySet.upcoming`).
"""

import datetime as dt
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accmr.lib.text import SearchTextMixin, search_document, search_q
from members.models import (
    Community,
    Language,
    Location,
    Organisation,
    PopulationGroup,
    Schedule,
    ServiceCategory,
    Status,
)

# A weekly activity may repeat for at most a year: a longer programme is a service.
MAX_REPEAT_DAYS = 366
MAX_DURATION = dt.timedelta(days=14)

weekdays_validator = RegexValidator(
    r"^[0-6]{1,7}$", _("Choose the days of the week as digits 0 (Monday) to 6 (Sunday).")
)


# The days of the week, as the directory's opening hours name them.
Weekday = Schedule.Weekday


class ActivityQuerySet(models.QuerySet):
    def published(self):
        """Activities a visitor may see: published, by a published organisation."""
        return self.filter(status=ActivityStatus.PUBLISHED, organisation__status=Status.PUBLISHED)

    def for_editor(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__editor_memberships__user=user)

    def overlapping(self, start: dt.datetime, end: dt.datetime | None = None):
        """Candidates with an occurrence that may overlap [start, end) (SQL's coarse cut).

        Exact for one-off activities; a weekly one passes when its run overlaps the range,
        and `Activity.occurrences_between()` then decides on its chosen days.
        """
        once = Q(repeat=Activity.Repeat.NONE, ends_at__gt=start)
        weekly = Q(repeat=Activity.Repeat.WEEKLY, repeat_until__gte=timezone.localdate(start))
        queryset = self.filter(once | weekly)
        if end is not None:
            queryset = queryset.filter(starts_at__lt=end)
        return queryset

    def upcoming(self, now: dt.datetime | None = None):
        """Activities not yet over: one-off ones before their end, weekly ones before their
        last day's end (the last day's check is in `Activity.next_occurrence()`)."""
        return self.overlapping(now or timezone.now())

    def filter_by(self, criteria: dict):
        """Narrowed by the criteria of the activities list (ActivityFilterForm.filters(): only
        valid, non-empty values)."""
        activities = self
        condition = search_q(criteria.get("q"))
        if condition is not None:
            activities = activities.filter(condition)
        if "category" in criteria:
            activities = activities.filter(category=criteria["category"])
        if "population_group" in criteria:
            group = criteria["population_group"]
            activities = activities.filter(
                Exists(PopulationGroup.objects.filter(activities=OuterRef("pk"), pk=group.pk))
            )
        if "language" in criteria:
            language = criteria["language"]
            activities = activities.filter(
                Exists(Language.objects.filter(activities=OuterRef("pk"), pk=language.pk))
            )
        if "community" in criteria:
            community = criteria["community"]
            activities = activities.filter(
                Q(place=Activity.Place.LOCATION, location__community=community)
                | Q(place=Activity.Place.ADDRESS, community=community)
            )
        if criteria.get("free"):
            activities = activities.filter(is_free=True)
        if criteria.get("online"):
            activities = activities.filter(place=Activity.Place.ONLINE)
        return activities


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")


class Activity(SearchTextMixin, models.Model):
    class Repeat(models.TextChoices):
        NONE = "none", _("Once")
        WEEKLY = "weekly", _("Every week")

    class Place(models.TextChoices):
        LOCATION = "location", _("At one of the organisation's locations")
        ADDRESS = "address", _("At another address")
        ONLINE = "online", _("Online")

    class Registration(models.TextChoices):
        NONE = "none", _("No registration needed")
        LINK = "link", _("Register on a web page")
        PHONE = "phone", _("Register by phone")
        EMAIL = "email", _("Register by e-mail")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="activities",
        help_text=_("Who runs it: a member, ACCMR itself or a municipality's body."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    starts_at = models.DateTimeField(
        _("starts"), help_text=_("Athens time. For a weekly activity: its first day.")
    )
    ends_at = models.DateTimeField(
        _("ends"), help_text=_("Athens time. For a weekly activity: the end on its first day.")
    )
    repeat = models.CharField(
        _("repeats"), max_length=10, choices=Repeat.choices, default=Repeat.NONE
    )
    repeat_weekdays = models.CharField(
        _("days of the week"),
        max_length=7,
        blank=True,
        validators=[weekdays_validator],
        help_text=_("For a weekly activity: the days it happens, 0 (Monday) to 6 (Sunday)."),
    )
    repeat_until = models.DateField(
        _("repeats until"),
        null=True,
        blank=True,
        help_text=_("For a weekly activity: its last possible day (at most a year on)."),
    )
    place = models.CharField(
        _("where"), max_length=10, choices=Place.choices, default=Place.LOCATION
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("One of the organisation's own locations."),
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    community = models.PositiveSmallIntegerField(
        _("municipal community of Athens"),
        choices=Community.choices,
        null=True,
        blank=True,
        help_text=_("For another address inside the City of Athens."),
    )
    online_url = models.URLField(
        _("link to join online"),
        blank=True,
        help_text=_("Leave empty if the link is sent on registration."),
    )
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="activities",
        limit_choices_to={"parent__isnull": True},
    )
    population_groups = models.ManyToManyField(
        PopulationGroup,
        verbose_name=_("for whom"),
        blank=True,
        related_name="activities",
        help_text=_("Leave empty if it is open to everyone."),
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages used"), blank=True, related_name="activities"
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    registration = models.CharField(
        _("registration"),
        max_length=10,
        choices=Registration.choices,
        default=Registration.NONE,
    )
    registration_contact = models.CharField(
        _("where to register"),
        max_length=250,
        blank=True,
        help_text=_("The web address, phone number or e-mail address, as chosen above."),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Only if the number of participants is limited."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    is_example = models.BooleanField(
        _("example content"), default=False, help_text=_("Demo content, not a real activity.")
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_text", "updated_at"], m2m_fields=[population_groups, languages]
    )
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="bulletin_act_status_start"),
            models.Index(fields=["status", "repeat_until"], name="bulletin_act_status_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(repeat="none")
                | (Q(repeat_until__isnull=False) & ~Q(repeat_weekdays="")),
                name="activity_weekly_has_days_and_end",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bulletin:activity_detail", kwargs={"pk": self.pk})

    def build_search_text(self) -> str:
        return search_document(
            names=[self.title_el, self.title_en],
            texts=[self.description_el, self.description_en],
        )

    # Validation ------------------------------------------------------------------------

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = _("The end must be after the start.")
            elif self.ends_at - self.starts_at > MAX_DURATION:
                errors["ends_at"] = _(
                    "An activity may last at most 14 days; for longer ones, make it weekly."
                )
        if self.repeat == self.Repeat.WEEKLY:
            if not self.repeat_weekdays:
                errors["repeat_weekdays"] = _("Choose the days of the week it happens.")
            elif self.starts_at and str(self.local_start.weekday()) not in self.repeat_weekdays:
                errors["repeat_weekdays"] = _(
                    "The first day must be one of the chosen days of the week."
                )
            if not self.repeat_until:
                errors["repeat_until"] = _("Say until when it repeats.")
            elif self.starts_at:
                first_day = self.local_start.date()
                if self.repeat_until < first_day:
                    errors["repeat_until"] = _("The last day must not be before the first.")
                elif (self.repeat_until - first_day).days > MAX_REPEAT_DAYS:
                    errors["repeat_until"] = _("A weekly activity may repeat for at most a year.")
            if self.starts_at and self.ends_at and self.ends_at - self.starts_at > dt.timedelta(1):
                errors["ends_at"] = _("Each occurrence of a weekly activity must last under a day.")
        self._clean_place(errors)
        self._clean_registration(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_place(self, errors: dict) -> None:
        if self.place == self.Place.LOCATION:
            if not self.location_id:
                errors["location"] = _("Choose one of the organisation's locations.")
            elif self.organisation_id and self.location.organisation_id != self.organisation_id:
                errors["location"] = _("This location belongs to another organisation.")
        elif self.place == self.Place.ADDRESS and not (self.address_el or self.address_en):
            errors["address_el"] = _("Give the address.")

    def _clean_registration(self, errors: dict) -> None:
        contact = (self.registration_contact or "").strip()
        kind = self.registration
        if kind == self.Registration.NONE:
            return
        if not contact:
            errors["registration_contact"] = _("Say where to register.")
            return
        try:
            if kind == self.Registration.LINK:
                URLValidator(schemes=["http", "https"])(contact)
            elif kind == self.Registration.EMAIL:
                EmailValidator()(contact)
            elif kind == self.Registration.PHONE:
                RegexValidator(r"^\+?[0-9 ()\-]{5,30}$")(contact)
        except ValidationError:
            errors["registration_contact"] = {
                self.Registration.LINK: _("Enter a web address starting with https://."),
                self.Registration.EMAIL: _("Enter a valid e-mail address."),
                self.Registration.PHONE: _("Enter a phone number (digits, spaces, + and -)."),
            }[kind]

    # Time ------------------------------------------------------------------------------

    @property
    def local_start(self) -> dt.datetime:
        return timezone.localtime(self.starts_at)

    @property
    def local_end(self) -> dt.datetime:
        return timezone.localtime(self.ends_at)

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at

    @property
    def weekdays(self) -> list[int]:
        return sorted({int(d) for d in self.repeat_weekdays if d.isdigit()})

    def weekday_names(self) -> list[str]:
        return [Weekday(d).label for d in self.weekdays]

    @property
    def is_weekly(self) -> bool:
        return self.repeat == self.Repeat.WEEKLY

    def occurrences(self) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Every (start, end) of the activity, in order, as aware Athens date-times."""
        if not self.is_weekly:
            yield self.local_start, self.local_end
            return
        yield from self._weekly_from(self.local_start.date())

    def occurrences_between(
        self, start: dt.datetime, end: dt.datetime | None = None
    ) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Occurrences not over by `start` that begin before `end` (when given)."""
        if self.is_weekly:
            # Skip straight to the week before `start` instead of walking from the first day.
            first = self.local_start.date()
            skip = (timezone.localdate(start) - first).days - 7
            occurrences = self._weekly_from(first + dt.timedelta(days=max(skip, 0)))
        else:
            occurrences = self.occurrences()
        for begins, ends in occurrences:
            if end is not None and begins >= end:
                return
            if ends > start:
                yield begins, ends

    def _weekly_from(self, day: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        start = self.local_start
        duration = self.duration
        days = set(self.weekdays)
        zone = timezone.get_current_timezone()
        while self.repeat_until and day <= self.repeat_until:
            if day.weekday() in days:
                # Same clock time every week, whatever the daylight-saving offset that day.
                begins = timezone.make_aware(dt.datetime.combine(day, start.time()), zone)
                yield begins, begins + duration
            day += dt.timedelta(days=1)

    def next_occurrence(
        self, now: dt.datetime | None = None
    ) -> tuple[dt.datetime, dt.datetime] | None:
        """The occurrence under way or next after `now`; None once the activity has ended."""
        return next(self.occurrences_between(now or timezone.now()), None)
