"""Services: their statuses, the queries the lists and search are built from, and the
Service model (with the rule that decides whether it is open).

About 530 lines in one module: the queries that decide in SQL whether a service is open
(ServiceQuerySet.open_at, open_on) mirror Service's own rule (hours_on, open_period_at), and
stay next to it so the two are changed together."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accmr.lib.holidays import public_holiday, upcoming_public_holidays
from accmr.lib.phones import PhoneNumbersField
from accmr.lib.text import SearchTextMixin, search_document, search_names_field, search_q
from members.models.base import (
    OUTDATED_AFTER_DAYS,
    PHONES_MAX_LENGTH,
    STALE_AFTER_DAYS,
    Status,
    name_in_language,
    name_order_indexes,
    uuid_field,
)
from members.models.hours import (
    EVENING,
    Closure,
    HoursException,
    HoursRow,
    OpeningStatus,
    Schedule,
    _local,
    day_from_key,
)
from members.models.organisations import Location, Organisation
from members.models.vocabularies import Language, PopulationGroup, ServiceCategory

# A service's texts in Greek and English: registered with modeltranslation in
# members/translation.py, and listed from here by the editors' form and proposed changes.
SERVICE_TRANSLATED_FIELDS = (
    "name",
    "description",
    "eligibility",
    "how_to_access",
    "funding_source",
    "hours_notes",
)
# How people can use a service (the yes/no fields), in the order forms and pages list them.
SERVICE_ACCESS_FIELDS = (
    "access_walk_in",
    "access_appointment",
    "access_phone",
    "access_online",
    "access_referral",
    "is_free",
)


class ServiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Temporarily closed")
    RETIRED = "retired", _("Retired")


class ServiceQuerySet(models.QuerySet):
    def published(self):
        """Services a visitor may see: live (or temporarily closed) at a published provider."""
        return self.filter(
            status__in=[ServiceStatus.PUBLISHED, ServiceStatus.CLOSED],
            organisation__status=Status.PUBLISHED,
        )

    def for_editor(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__editor_memberships__user=user)

    def municipal(self):
        return self.filter(organisation__type__is_municipal=True)

    def search(self, query: str | None):
        """Every word of `query` must occur in the service's or its provider's search text."""
        condition = search_q(query, "search_text", "organisation__search_text")
        return self if condition is None else self.filter(condition)

    def in_community(self, community: int):
        return self.filter(
            Exists(
                Location.objects.filter(services=OuterRef("pk"), community=community).values("pk")
            )
        )

    def serving(self, population_group):
        return self.filter(
            Exists(PopulationGroup.objects.filter(services=OuterRef("pk"), pk=population_group.pk))
        )

    def speaking(self, language):
        return self.filter(Exists(Language.objects.filter(services=OuterRef("pk"), pk=language.pk)))

    def open_at(self, moment: dt.datetime):
        """Services open at `moment` (temporarily closed ones are not): the rule of
        Service.open_period_at() and hours_on() in SQL. Special hours entered for the day
        decide; else a closure that day or a public holiday (unless kept) closes; else the
        weekly hours."""
        local = _local(moment)
        return self.filter(_open_q(local.date(), at=local.time()))

    def open_on(self, day: dt.date, *, after: dt.time | None = None):
        """Services with opening hours on `day` (closures and public holidays included), or,
        given `after`, open at some time after it that day: Service.opens_on() in SQL."""
        return self.filter(_open_q(day, after=after))

    def open_in_the_evening(self, after: dt.time):
        """Services whose weekly hours go on past `after` on some day."""
        return self.filter(
            Exists(Schedule.objects.filter(service=OuterRef("pk"), closes__gt=after))
        )

    def open_at_weekends(self):
        """Services with weekly hours on Saturday or Sunday."""
        weekend = (Schedule.Weekday.SATURDAY, Schedule.Weekday.SUNDAY)
        return self.filter(
            Exists(Schedule.objects.filter(service=OuterRef("pk"), weekday__in=weekend))
        )

    def with_hours(self, today: dt.date | None = None):
        """Prefetch what the opening-hours methods read: schedules, and the closures that have
        not ended before `today`."""
        today = today or timezone.localdate()
        return self.prefetch_related(
            "schedules", Prefetch("closures", queryset=Closure.objects.filter(ends_on__gte=today))
        )

    def filter_by(self, criteria: dict, *, now: dt.datetime | None = None):
        """Narrowed by the criteria of the service list (ServiceFilterForm.filters(): only
        valid, non-empty values; unknown keys are ignored). `open_now` means open at `now`."""
        services = self.search(criteria.get("q"))
        if criteria.get("category"):
            services = services.filter(category=criteria["category"])
        if criteria.get("subcategory"):
            services = services.filter(subcategory=criteria["subcategory"])
        if criteria.get("population_group"):
            services = services.serving(criteria["population_group"])
        if criteria.get("language"):
            services = services.speaking(criteria["language"])
        if criteria.get("community"):
            services = services.in_community(criteria["community"])
        if criteria.get("free"):
            services = services.filter(is_free=True)
        if criteria.get("walk_in"):
            services = services.filter(access_walk_in=True)
        if criteria.get("type"):
            services = services.filter(organisation__type=criteria["type"])
        now = now or timezone.now()
        if criteria.get("open_now"):
            services = services.open_at(now)
        evening = EVENING if criteria.get("evening") else None
        if criteria.get("open_on"):
            day = criteria["open_on"]
            if not isinstance(day, dt.date):  # a day's key of ServiceFilterForm
                day = day_from_key(day, timezone.localdate(now))
            services = services.open_on(day, after=evening)
        elif evening:
            services = services.open_in_the_evening(evening)
        if criteria.get("weekend"):
            services = services.open_at_weekends()
        if criteria.get("municipal"):
            services = services.municipal()
        return services

    def sorted_by(self, sort: str | None, *, now: dt.datetime | None = None):
        """The list's order: by name (the default), most recently checked first, or open now
        first, then opening later today soonest first. Ties end on the key, so pages of the
        list never overlap."""
        if sort == "checked":
            return self.order_by(F("last_checked").desc(nulls_last=True), name_in_language(), "pk")
        if sort == "opening":
            return self.by_opening(now or timezone.now())
        return self.by_name()

    def by_opening(self, moment: dt.datetime):
        """Open at `moment` first, then those opening later that day (soonest first), then
        the rest; by name within each. The rule of opening_status() for that day, in SQL."""
        local = _local(moment)
        day, time = local.date(), local.time()
        that_day = Closure.objects.filter(
            service=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day
        )
        later_special = that_day.filter(opens__gt=time).order_by("opens").values("opens")[:1]
        later_weekly = (
            Schedule.objects.filter(service=OuterRef("pk"), weekday=day.weekday(), opens__gt=time)
            .order_by("opens")
            .values("opens")[:1]
        )
        weekly = Subquery(later_weekly)
        if public_holiday(day):
            weekly = Case(When(open_on_public_holidays=True, then=weekly), default=None)
        opens_later = Case(
            When(~Q(status=ServiceStatus.PUBLISHED), then=None),
            When(Exists(that_day), then=Subquery(later_special)),
            default=weekly,
            output_field=models.TimeField(),
        )
        rank = Case(
            When(_open_q(day, at=time), then=Value(0)),
            When(opens_later_today__isnull=False, then=Value(1)),
            default=Value(2),
        )
        return self.annotate(opens_later_today=opens_later, opening_rank=rank).order_by(
            "opening_rank", "opens_later_today", name_in_language(), "pk"
        )

    def by_name(self):
        return self.order_by(name_in_language(), "pk")

    def stale(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        cutoff = today - dt.timedelta(days=STALE_AFTER_DAYS)
        return self.filter(Q(last_checked__isnull=True) | Q(last_checked__lt=cutoff))


def _open_q(day: dt.date, *, at: dt.time | None = None, after: dt.time | None = None) -> Q:
    """Open on `day` (at the time `at`, or at some time after `after`, or at all), as
    Service.hours_on() decides: special hours entered for the day first, else a closure that
    day or a public holiday (unless kept) closes, else the weekly hours. Published only."""
    times = Q()
    if at is not None:
        times &= Q(opens__lte=at, closes__gt=at)
    if after is not None:
        times &= Q(closes__gt=after)
    that_day = Closure.objects.filter(service=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)
    special = that_day.filter(times, opens__isnull=False)
    weekly = Schedule.objects.filter(times, service=OuterRef("pk"), weekday=day.weekday())
    usual = Exists(weekly) & ~Exists(that_day)
    if public_holiday(day):
        usual &= Q(open_on_public_holidays=True)
    return (Q(Exists(special)) | usual) & Q(status=ServiceStatus.PUBLISHED)


class Service(SearchTextMixin, models.Model):
    uuid = uuid_field()
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="services",
        limit_choices_to={"parent__isnull": True},
    )
    subcategory = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("sub-category"),
        on_delete=models.PROTECT,
        related_name="subcategory_services",
        null=True,
        blank=True,
        limit_choices_to={"parent__isnull": False},
    )
    population_groups = models.ManyToManyField(
        PopulationGroup, verbose_name=_("population groups"), blank=True, related_name="services"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="services"
    )
    eligibility = models.TextField(_("who is eligible"), blank=True)
    how_to_access = models.TextField(_("how to access"), blank=True)
    access_walk_in = models.BooleanField(_("walk-in"), default=False)
    access_appointment = models.BooleanField(_("by appointment"), default=False)
    access_phone = models.BooleanField(_("by phone"), default=False)
    access_online = models.BooleanField(_("online"), default=False)
    access_referral = models.BooleanField(_("referral only"), default=False)
    is_free = models.BooleanField(_("free of charge"), default=True)
    open_on_public_holidays = models.BooleanField(
        _("open on public holidays"),
        default=False,
        help_text=_(
            "Most services close on Greece's public holidays (computed, Easter included); tick"
            " this if this one keeps its usual hours on them."
        ),
    )
    funding_source = models.CharField(_("funding source"), max_length=250, blank=True)
    hours_notes = models.TextField(
        _("notes on opening hours"),
        blank=True,
        help_text=_("For example: closed on public holidays."),
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Only if different from the organisation's.")
    )
    phone = PhoneNumbersField(
        _("phone"),
        max_length=PHONES_MAX_LENGTH,
        blank=True,
        help_text=_("Only if different from the organisation's."),
    )
    website = models.URLField(
        _("web page"), blank=True, help_text=_("Only if different from the organisation's.")
    )
    locations = models.ManyToManyField(
        Location,
        verbose_name=_("locations"),
        blank=True,
        related_name="services",
        help_text=_(
            "Leave empty for services with no physical location (online, phone, outreach)."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.DRAFT
    )
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    search_names = search_names_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_text", "search_names", "updated_at"],
        m2m_fields=[population_groups, languages],
    )
    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [
            # Counts of visible services (all, or in a category) from the indexes alone: the
            # organisation is there for the join to published providers.
            models.Index(fields=["status", "organisation"], name="members_svc_visible"),
            models.Index(
                fields=["status", "category", "organisation"], name="members_svc_visible_cat"
            ),
            *name_order_indexes("members_svc"),
            *name_order_indexes("members_svc_cat", "category"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:service_detail", kwargs={"slug": self.slug})

    search_text_related = ("category", "subcategory")

    def build_search_text(self) -> str:
        # Names first, then the rest: the site search ranks name matches higher. The
        # category's names are part of the text, so "legal aid" finds every legal service
        # whatever its own name (the category admin rebuilds them when a category is renamed).
        categories = [self.category, self.subcategory] if self.category_id else []
        return search_document(
            names=[self.name_el, self.name_en],
            texts=[
                self.description_el,
                self.description_en,
                # In every language: a Farsi or Arabic query for "legal aid" finds them too.
                *(name for c in categories if c for name in c.search_names()),
            ],
        )

    def is_outdated(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_checked is None or ((today - self.last_checked).days > OUTDATED_AFTER_DAYS)

    def missing_contact(self) -> dict[str, str]:
        """What the ways of access promise but the contact details (the service's own, else
        its organisation's) cannot keep: field name -> message. "By phone" needs a phone
        number; "by appointment" a phone number or an e-mail address; "online" an e-mail
        address or a web page."""
        organisation = self.organisation if self.organisation_id else None

        def has(name: str) -> bool:
            return bool(getattr(self, name) or (organisation and getattr(organisation, name)))

        missing = {}
        if self.access_phone and not has("phone"):
            missing["phone"] = _(
                "The service is reached by phone: give a phone number (the service's or its"
                " organisation's) before it is published."
            )
        if self.access_appointment and not (has("phone") or has("email")):
            missing.setdefault(
                "phone",
                _(
                    "Appointments need a way to ask for one: give a phone number or an e-mail"
                    " address before the service is published."
                ),
            )
        if self.access_online and not (has("email") or has("website")):
            missing["website"] = _(
                "The service is used online: give a web page or an e-mail address before it is"
                " published."
            )
        return missing

    def clean(self) -> None:
        super().clean()
        if self.status == ServiceStatus.PUBLISHED:
            missing = self.missing_contact()
            if missing:
                raise ValidationError(missing)

    # Opening hours. These read the prefetched schedules and closures
    # (ServiceQuerySet.with_hours()): no query of their own in a list.
    # ServiceQuerySet.open_at() is the same rule in SQL.

    def _rows(self, relation: str):
        """The rows of `relation` (schedules, closures): the prefetched ones as they are.
        `.all()` would build a new queryset on each call (with modeltranslation's ordering
        rewrite, about 0.2 ms), and the opening line reads them up to thirty times a card."""
        kept = getattr(self, "hours_rows", None)  # members.cards keeps them with the card
        if kept is not None:
            return kept[relation]
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        return prefetched[relation] if relation in prefetched else getattr(self, relation).all()

    def hours_on(self, day: dt.date) -> list:
        """The opening periods (objects with .opens and .closes) on `day`: special hours or a
        closure entered for that date first, then a public holiday (closed unless the service
        opens on them), else the weekly hours of that weekday."""
        for closure in self._rows("closures"):
            if closure.covers(day):
                return [] if closure.is_closed_all_day else [closure]
        if not self.open_on_public_holidays and public_holiday(day):
            return []
        return sorted(
            (p for p in self._rows("schedules") if p.weekday == day.weekday()),
            key=lambda p: p.opens,
        )

    def exception_on(self, day: dt.date) -> str:
        """Why `day` differs from the weekly hours: a closure's note or a holiday's name."""
        for closure in self._rows("closures"):
            if closure.covers(day):
                return closure.note or ""
        if not self.open_on_public_holidays:
            return str(public_holiday(day) or "")
        return ""

    def coming_exceptions(self, today: dt.date, *, days: int = 45) -> list["HoursException"]:
        """Dates from `today` to `days` later that differ from the weekly hours: closures and
        special hours entered for the service, and public holidays it does not open on."""
        end = today + dt.timedelta(days=days)
        found = [
            HoursException(c.starts_on, c.ends_on, c.opens, c.closes, c.note or "")
            for c in self._rows("closures")
            if c.ends_on >= today and c.starts_on <= end
        ]
        if not self.open_on_public_holidays:
            found += [
                HoursException(day, day, None, None, str(name))
                for day, name in upcoming_public_holidays(today, days=days)
                if not any(c.covers(day) for c in self._rows("closures"))
            ]
        return sorted(found, key=lambda e: e.starts_on)

    def open_period_at(self, moment: dt.datetime):
        """The opening period `moment` falls in (aware, or naive in local time), if any:
        the one "open now" rule, on the day's hours (hours_on: closures and public holidays
        included). Only a published service is ever open."""
        if self.status != ServiceStatus.PUBLISHED:
            return None
        local = _local(moment)
        time = local.time()
        return next((p for p in self.hours_on(local.date()) if p.opens <= time < p.closes), None)

    def opens_on(self, day: dt.date, *, after: dt.time | None = None) -> bool:
        """Whether the service opens on `day` at all, or, given `after`, is open at some time
        after it: the rule ServiceQuerySet.open_on() follows in SQL."""
        if self.status != ServiceStatus.PUBLISHED:
            return False
        return any(after is None or p.closes > after for p in self.hours_on(day))

    def next_opening(self, moment: dt.datetime) -> dt.datetime | None:
        """The next time, at or after `moment`, that the service opens; None if not within
        two weeks (a holiday or a closure may push it past next week)."""
        if self.status != ServiceStatus.PUBLISHED:
            return None
        local = _local(moment)
        for day_offset in range(15):
            day = local.date() + dt.timedelta(days=day_offset)
            for period in self.hours_on(day):
                candidate = dt.datetime.combine(day, period.opens)
                if candidate >= local.replace(tzinfo=None):
                    return (
                        timezone.make_aware(candidate) if timezone.is_aware(moment) else candidate
                    )
        return None

    def opening_status(self, now: dt.datetime) -> OpeningStatus:
        """Open (until when), opening later (today, tomorrow, another day), closed or unknown."""
        if self.status == ServiceStatus.CLOSED:
            return OpeningStatus("closed")
        note = self.exception_on(_local(now).date())
        period = self.open_period_at(now)
        if period is not None:
            return OpeningStatus("open", until=period.closes, note=note)
        opens_at = self.next_opening(now)
        if opens_at is None:
            return OpeningStatus("unknown", note=note)
        opens_at = timezone.localtime(opens_at)
        days = (opens_at.date() - timezone.localtime(now).date()).days
        day = {0: "today", 1: "tomorrow"}.get(days, "")
        return OpeningStatus("opens", opens_at=opens_at, day=day, note=note)

    def weekly_hours(self, now: dt.datetime) -> list[HoursRow]:
        """Seven rows from Monday, each with that day's periods; today's row is marked."""
        today = timezone.localtime(now).weekday()
        periods = list(self._rows("schedules"))
        return [
            HoursRow(
                day=label,
                periods=[p for p in periods if p.weekday == weekday],
                is_today=weekday == today,
            )
            for weekday, label in Schedule.Weekday.choices
        ]
