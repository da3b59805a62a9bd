"""Organisations and their locations (with the municipal communities of Athens)."""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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
from members.models.vocabularies import OrganisationType

ORGANISATION_SLUG_LENGTH = 120  # the slug of a name is cut to this (accmr.lib.text.latin_slug)
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


class Community(models.IntegerChoices):
    """The seven municipal communities (Δημοτικές Κοινότητες) of the City of Athens."""

    FIRST = 1, _("1st Municipal Community")
    SECOND = 2, _("2nd Municipal Community")
    THIRD = 3, _("3rd Municipal Community")
    FOURTH = 4, _("4th Municipal Community")
    FIFTH = 5, _("5th Municipal Community")
    SIXTH = 6, _("6th Municipal Community")
    SEVENTH = 7, _("7th Municipal Community")


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
        from members.models.services import Service  # services import this module

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
    search_names = search_names_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_text", "search_names", "updated_at", "reminded_at"]
    )
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
