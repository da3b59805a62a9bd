"""The directory: vocabularies, organisations, their services and locations.

Shaped after Open Referral's Human Services Data Specification (organisation,
service, location, schedule, language, taxonomy). Municipal bodies are
organisations too; "municipal services" are services whose provider is one.

Why one module of about 1,060 lines, not a package: these models point at each other
(services at organisations, locations and vocabularies; closures at services; memberships,
invitations, change requests and import jobs at organisations, services and users), so split
modules would mostly import one another. In order: vocabularies, organisations, locations,
services with their hours and closures, then the self-service records (editors, invitations,
proposed changes), visitors' problem reports and the import jobs.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accmr.lib.holidays import public_holiday, upcoming_public_holidays
from accmr.lib.phones import PhoneNumbersField
from accmr.lib.text import SearchTextMixin, search_document, search_q
from accmr.lib.translated_fields import content_languages, text_in_language

STALE_AFTER_DAYS = 183  # about six months: editors are reminded
OUTDATED_AFTER_DAYS = 274  # about nine months: the public page warns
ORGANISATION_SLUG_LENGTH = 120  # the slug of a name is cut to this (accmr.lib.text.latin_slug)
PHONES_MAX_LENGTH = 60  # a few numbers in E.164, separated by commas
# An organisation's public ways to be reached, in the order every form and page lists them.
ORGANISATION_CONTACT_FIELDS = (
    "website",
    "email",
    "phone",
    "facebook",
    "instagram",
    "linkedin",
    "x_twitter",
)


def uuid_field():
    """The record's public identifier in open data (HSDS ids are UUIDs): made once, never
    changed, carried by exports and imports. The integer key stays internal."""
    return models.UUIDField(
        _("public identifier (UUID)"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The record's id in open data; it never changes."),
    )


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Vocabulary(models.Model):
    """An editable list of terms that coordinators own in the admin."""

    slug = models.SlugField(_("key"), max_length=60, unique=True)
    uuid = uuid_field()
    name = models.CharField(_("name"), max_length=150)
    # The name in the public site's other languages ({"ar": "...", "fa": "...", ...}); Greek
    # and English are the translated `name` columns. Loaded from members/data/
    # vocabulary_names.json by the seed and migration 0010; coordinators correct them in the
    # admin (one field per language, members.admin.directory.VocabularyForm).
    other_names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_("The name in Arabic, Farsi, Urdu, French and Ukrainian, for the public site."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language: Greek and English from their columns (with
        modeltranslation's fallback); another language from `other_names`, else English,
        else Greek. Never empty."""
        return text_in_language(self, "name")[0]

    def clean(self) -> None:
        super().clean()
        names = self.other_names if self.other_names is not None else {}
        if not isinstance(names, dict) or any(
            code not in settings.PUBLIC_ONLY_LANGUAGES or not isinstance(value, str)
            for code, value in names.items()
        ):
            raise ValidationError(
                {
                    "other_names": _(
                        "Give names as language code and text, for these languages: %(codes)s."
                    )
                    % {"codes": ", ".join(settings.PUBLIC_ONLY_LANGUAGES)}
                }
            )
        self.other_names = {code: value.strip() for code, value in names.items() if value.strip()}

    def search_names(self) -> list[str]:
        """Every name of the term, for the search text of the records it classifies."""
        return [self.name_el, self.name_en, *(self.other_names or {}).values()]


class OrganisationType(Vocabulary):
    is_municipal = models.BooleanField(
        _("municipal"),
        default=False,
        help_text=_("Services of organisations of this type count as municipal services."),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("organisation type")
        verbose_name_plural = _("organisation types")


class ServiceCategory(Vocabulary):
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Empty for a top-level category; set for a sub-category."),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="category_not_own_parent"
            ),
        ]


class PopulationGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("population group")
        verbose_name_plural = _("population groups")


class Language(Vocabulary):
    """A language a service is offered in; `slug` holds the ISO 639 code."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class Community(models.IntegerChoices):
    """The seven municipal communities (Δημοτικές Κοινότητες) of the City of Athens."""

    FIRST = 1, _("1st Municipal Community")
    SECOND = 2, _("2nd Municipal Community")
    THIRD = 3, _("3rd Municipal Community")
    FOURTH = 4, _("4th Municipal Community")
    FIFTH = 5, _("5th Municipal Community")
    SIXTH = 6, _("6th Municipal Community")
    SEVENTH = 7, _("7th Municipal Community")


def name_in_language(field: str = "name"):
    """An expression for `field` in the active language, following content_languages() (Greek
    last, and never empty)."""
    first, *others = content_languages()
    if first == "el":
        return F(f"{field}_el")
    return Coalesce(NullIf(F(f"{field}_{first}"), Value("")), *(F(f"{field}_{c}") for c in others))


def name_order_indexes(prefix: str, *leading: str) -> list[models.Index]:
    """B-tree indexes matching `by_name()` in each language, so a list page reads its first
    rows in name order instead of sorting every published row (see bench/RESULTS.md).
    `leading` fields come first (e.g. a filter the list is often narrowed by)."""
    english = Coalesce(NullIf(F("name_en"), Value("")), F("name_el"))
    return [
        models.Index(*leading, "name_el", "id", name=f"{prefix}_name_el"),
        models.Index(*(F(field) for field in leading), english, F("id"), name=f"{prefix}_name_en"),
    ]


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def search(self, query: str | None):
        """Every useful word of `query` (any order, Greeklish too) must match the search text."""
        condition = search_q(query)
        return self if condition is None else self.filter(condition)

    def offering(self, *, category=None, population_group=None, language=None):
        """Organisations with at least one published service matching all the given terms."""
        if category is None and population_group is None and language is None:
            return self
        services = Service.objects.published().filter(organisation=OuterRef("pk"))
        if category is not None:
            services = services.filter(category=category)
        if population_group is not None:
            services = services.filter(population_groups=population_group)
        if language is not None:
            services = services.filter(languages=language)
        return self.filter(Exists(services))

    def in_community(self, community: int):
        return self.filter(
            Exists(Location.objects.filter(organisation=OuterRef("pk"), community=community))
        )

    def filter_by(self, criteria: dict):
        """Narrowed by the criteria of the organisation list (OrganisationFilterForm.filters():
        only valid, non-empty values; unknown keys are ignored)."""
        organisations = self.search(criteria.get("q")).offering(
            category=criteria.get("category"),
            population_group=criteria.get("population_group"),
            language=criteria.get("language"),
        )
        if criteria.get("type"):
            organisations = organisations.filter(type=criteria["type"])
        if criteria.get("community"):
            organisations = organisations.in_community(criteria["community"])
        if criteria.get("member"):
            organisations = organisations.filter(is_member=True)
        return organisations

    def by_name(self):
        return self.order_by(name_in_language(), "pk")

    def sorted_by(self, sort: str | None):
        """By name (the default) or most recently checked first; ties end on the key."""
        if sort == "checked":
            return self.order_by(F("last_checked").desc(nulls_last=True), name_in_language(), "pk")
        return self.by_name()

    def for_editor(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(editor_memberships__user=user)

    def stale(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        cutoff = today - dt.timedelta(days=STALE_AFTER_DAYS)
        return self.filter(Q(last_checked__isnull=True) | Q(last_checked__lt=cutoff))


class Organisation(SearchTextMixin, models.Model):
    uuid = uuid_field()
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name or acronym"), max_length=60, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=ORGANISATION_SLUG_LENGTH, unique=True, allow_unicode=False
    )
    type = models.ForeignKey(
        OrganisationType,
        verbose_name=_("type"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    phone = PhoneNumbersField(
        _("public phone"),
        max_length=PHONES_MAX_LENGTH,
        blank=True,
        help_text=_("One or more numbers, separated by commas."),
    )
    facebook = models.URLField(_("Facebook"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    x_twitter = models.URLField(_("X (Twitter)"), blank=True)
    is_member = models.BooleanField(_("ACCMR member"), default=False)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    last_checked = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("The date the whole record was last confirmed as correct."),
    )
    is_trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Changes by this organisation's editors are published without review."),
    )
    reminded_at = models.DateTimeField(
        _("freshness reminder sent"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the editors were last asked to confirm the record."),
    )
    tax_number = models.CharField(
        _("tax number (ΑΦΜ)"), max_length=9, blank=True, help_text=_("Nine digits.")
    )
    gemi_number = models.CharField(_("GEMI number"), max_length=20, blank=True)
    ngo_registry_number = models.CharField(
        _("NGO registry number"),
        max_length=30,
        blank=True,
        help_text=_("Number in the Ministry of Migration and Asylum register of NGOs."),
    )
    staff_notes = models.TextField(
        _("staff notes"), blank=True, help_text=_("Only coordinators see these notes.")
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at", "reminded_at"])
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "type"]),
            # Lets "published organisations" be read from the index alone (counts, joins).
            models.Index(fields=["status", "id"], name="members_org_status_id"),
            *name_order_indexes("members_org"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:organisation_detail", kwargs={"slug": self.slug})

    def build_search_text(self) -> str:
        # Names first, then the rest: the site search ranks name matches higher.
        return search_document(
            names=[self.name_el, self.name_en, self.short_name],
            texts=[self.description_el, self.description_en],
        )

    @property
    def is_municipal(self) -> bool:
        return self.type.is_municipal

    def is_outdated(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_checked is None or ((today - self.last_checked).days > OUTDATED_AFTER_DAYS)

    def confirm(self, *, today: dt.date | None = None) -> None:
        """Mark the organisation and all its services as checked today."""
        today = today or timezone.localdate()
        self.last_checked = today
        self.save(update_fields=["last_checked", "search_text", "updated_at"])
        self.services.update(last_checked=today)


class Location(models.Model):
    uuid = uuid_field()
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="locations",
    )
    name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("For example: main office.")
    )
    address = models.CharField(_("address"), max_length=250)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, default="Αθήνα")
    community = models.PositiveSmallIntegerField(
        _("municipal community of Athens"),
        choices=Community.choices,
        null=True,
        blank=True,
        help_text=_("Only for addresses inside the City of Athens."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["organisation", "id"]

    def __str__(self) -> str:
        return self.name or self.address

    @property
    def osm_url(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=18/{self.latitude}/{self.longitude}"


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


def _local(moment: dt.datetime) -> dt.datetime:
    """`moment` in local time (a naive moment is taken as local already)."""
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


@dataclass
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_text", "updated_at"], m2m_fields=[population_groups, languages]
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

    # Opening hours. These read the prefetched schedules (prefetch_related("schedules")):
    # no query of their own in a list. ServiceQuerySet.open_at() is the same rule in SQL.

    # Opening hours. These read the prefetched schedules and closures
    # (ServiceQuerySet.with_hours()): no query of their own in a list.
    # ServiceQuerySet.open_at() is the same rule in SQL.

    def hours_on(self, day: dt.date) -> list:
        """The opening periods (objects with .opens and .closes) on `day`: special hours or a
        closure entered for that date first, then a public holiday (closed unless the service
        opens on them), else the weekly hours of that weekday."""
        for closure in self.closures.all():
            if closure.covers(day):
                return [] if closure.is_closed_all_day else [closure]
        if not self.open_on_public_holidays and public_holiday(day):
            return []
        return sorted(
            (p for p in self.schedules.all() if p.weekday == day.weekday()), key=lambda p: p.opens
        )

    def exception_on(self, day: dt.date) -> str:
        """Why `day` differs from the weekly hours: a closure's note or a holiday's name."""
        for closure in self.closures.all():
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
            for c in self.closures.all()
            if c.ends_on >= today and c.starts_on <= end
        ]
        if not self.open_on_public_holidays:
            found += [
                HoursException(day, day, None, None, str(name))
                for day, name in upcoming_public_holidays(today, days=days)
                if not any(c.covers(day) for c in self.closures.all())
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
        periods = list(self.schedules.all())
        return [
            HoursRow(
                day=label,
                periods=[p for p in periods if p.weekday == weekday],
                is_today=weekday == today,
            )
            for weekday, label in Schedule.Weekday.choices
        ]


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
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="schedules"
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


class EditorMembership(models.Model):
    """A person who may edit an organisation's records (through review)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="editor_memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="editor_memberships",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("editor")
        verbose_name_plural = _("editors")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="unique_editor_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.label_for_colleagues()} → {self.organisation}"


class Invitation(models.Model):
    """A single-use, expiring invitation for a person to become an organisation's editor.

    Only a hash of the token is stored; the token itself travels in the e-mail.
    """

    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and now < self.expires_at


class ChangeRequest(models.Model):
    """An editor's proposed change to an organisation or one of its services.

    `proposed` and `previous` map field names to stored (JSON-safe) values; `decisions` maps
    field names to a members.changes.StoredDecision.
    The live record is untouched until a coordinator accepts fields.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending review")
        REVIEWED = "reviewed", _("Reviewed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="change_requests",
        help_text=_("Empty when the change concerns the organisation's own profile."),
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="change_requests",
        help_text=_("Set when the change concerns one of the organisation's locations."),
    )
    creates_location = models.BooleanField(
        _("new location"),
        default=False,
        help_text=_("The editor proposes a new location; it is created when accepted."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="change_requests",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    proposed = models.JSONField(_("proposed values"), default=dict)
    previous = models.JSONField(_("values when proposed"), default=dict)
    decisions = models.JSONField(_("decisions"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["state", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=True)
                | Q(location__isnull=True, creates_location=False),
                name="change_one_target",
            ),
        ]

    def __str__(self) -> str:
        target = self.service or self.location or self.organisation
        return f"{target} ({self.get_state_display()})"


class ProblemReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved=False)

    def forwarded_to(self, user):
        """Open reports a coordinator forwarded to organisations `user` edits."""
        if not user.is_authenticated:
            return self.none()
        return self.open().filter(
            forwarded_at__isnull=False, organisation__editor_memberships__user=user
        )


class ProblemReport(models.Model):
    """A visitor's message that something on a public page is wrong; coordinators follow it
    up (assign, forward to the organisation's editors, answer the visitor, close)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="problem_reports",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem_reports",
    )
    message = models.TextField(_("what is wrong"), max_length=2000)
    contact_email = models.EmailField(
        _("your e-mail (optional)"),
        blank=True,
        help_text=_("Only if you would like an answer. Deleted when the report is closed."),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True},
        help_text=_("The coordinator who follows the report up."),
    )
    forwarded_at = models.DateTimeField(
        _("forwarded to the editors"),
        null=True,
        blank=True,
        help_text=_("From then on the organisation's editors see the report and can answer."),
    )
    editor_answer = models.TextField(_("the editors' answer"), blank=True, max_length=4000)
    editor_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    editor_answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reply = models.TextField(
        _("answer sent to the visitor"),
        blank=True,
        max_length=4000,
        help_text=_("Sent by e-mail to the address the visitor left."),
    )
    replied_at = models.DateTimeField(_("answer sent"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True, max_length=2000)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return _("Report on {organisation}").format(organisation=self.organisation)


class Confirmation(models.Model):
    """An editor's “everything is still correct”, kept so it can be undone the same day:
    `previous` holds the last-checked dates it replaced ({"organisation": "YYYY-MM-DD" or
    null, "services": {"<id>": ... }})."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)
    previous = models.JSONField(_("dates replaced"), default=dict)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["-confirmed_at"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.confirmed_at:%Y-%m-%d}"

    def can_be_undone(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.undone_at is None and timezone.localtime(self.confirmed_at).date() == today


class ImportJob(models.Model):
    """One uploaded file on its way through the queue: checked (the dry run), then imported.

    The file itself is kept here (not on a disk a worker may not share) until the job is
    deleted; the row-by-row report of the latest phase is kept in `report`. While a phase
    runs, the live counts are in the "progress" cache (members.imports.jobs), and a job whose
    worker has been silent for IMPORT_STALE_SECONDS is marked failed, never left running.
    """

    class Phase(models.TextChoices):
        CHECK = "check", _("check")
        IMPORT = "import", _("import")

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("running")
        CHECKED = "checked", _("checked, ready to import")
        INVALID = "invalid", _("the file has errors")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    model = models.CharField(_("records"), max_length=100, help_text=_("app_label.model_name"))
    resource = models.CharField(_("resource"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.PositiveSmallIntegerField(_("format"))
    data = models.BinaryField(_("file"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase, default=Phase.CHECK)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows read"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    report = models.JSONField(_("report"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
