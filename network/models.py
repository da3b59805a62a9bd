"""The Cities Network for Integration: municipalities, their structures, shared know-how."""

from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accmr.lib.phones import PhoneNumbersField
from accmr.lib.text import SearchTextMixin, search_document, search_names_field, search_q
from members.models import PHONES_MAX_LENGTH, Organisation, ServiceCategory, Status
from network.validators import practice_attachment_path, validate_pdf


class MunicipalityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Municipality(SearchTextMixin, models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    region = models.CharField(_("region"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(34), MaxValueValidator(42)],
        help_text=_("Town centre, WGS84. Used to draw the network map."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(19), MaxValueValidator(30)],
    )
    joined_year = models.PositiveSmallIntegerField(
        _("year joined"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2018), MaxValueValidator(2100)],
    )
    data_uncertain = models.BooleanField(
        _("membership or year unconfirmed"),
        default=False,
        help_text=_("The year it joined, or its membership, is inferred and needs confirming."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality's record in the directory"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The local authority's own organisation record, if any."),
    )
    # The focal point is personal data: coordinators and member editors only, never public.
    focal_point_name = models.CharField(_("focal point: name"), max_length=150, blank=True)
    focal_point_role = models.CharField(_("focal point: role"), max_length=150, blank=True)
    focal_point_email = models.EmailField(_("focal point: e-mail"), blank=True)
    focal_point_phone = PhoneNumbersField(
        _("focal point: phone"), max_length=PHONES_MAX_LENGTH, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    search_names = search_names_field()

    history = HistoricalRecords(excluded_fields=["search_text", "search_names"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:municipality_detail", kwargs={"slug": self.slug})

    def build_search_text(self) -> str:
        # Names first, then the rest: the site search ranks name matches higher.
        return search_document(
            names=[self.name_el, self.name_en],
            texts=[self.region_el, self.region_en, self.description_el, self.description_en],
        )


class Structure(models.Model):
    """An integration structure a municipality runs, linked to its directory record."""

    class Kind(models.TextChoices):
        KEM = "kem", _("Migrant Integration Centre (ΚΕΜ)")
        SEMP = "semp", _("Migrant and Refugee Integration Council (ΣΕΜΠ)")
        COMMUNITY_CENTRE = "community_centre", _("Community Centre")
        OTHER = "other", _("Other municipal body")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="structures",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("directory record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_structures",
        help_text=_("The organisation record of this municipal body, which lists its services."),
    )
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("integration structure")
        verbose_name_plural = _("integration structures")
        ordering = ["municipality", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.municipality}"


class GoodPracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def search(self, query: str | None):
        """Every useful word of `query` (any order, Greeklish too) must match the search text:
        the rule of every other list and of the site search (accmr.lib.text.search_q)."""
        condition = search_q(query)
        return self if condition is None else self.filter(condition)

    def filter_by(self, criteria: dict):
        """Narrowed by the criteria of the practice list (PracticeFilterForm.applied(): only
        valid, non-empty values; unknown keys are ignored)."""
        practices = self.search(criteria.get("q"))
        if slug := criteria.get("municipality"):
            practices = practices.filter(municipalities__slug=slug)
        if slug := criteria.get("theme"):
            practices = practices.filter(themes__slug=slug)
        if year := criteria.get("year"):
            practices = practices.filter(date__year=year)
        if criteria.get("municipality") or criteria.get("theme"):
            practices = practices.distinct()  # a practice joined to several rows
        return practices


class GoodPractice(SearchTextMixin, models.Model):
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("text"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), related_name="good_practices"
    )
    themes = models.ManyToManyField(
        ServiceCategory,
        verbose_name=_("themes"),
        blank=True,
        related_name="good_practices",
        limit_choices_to={"parent__isnull": True},
    )
    date = models.DateField(_("date"))
    attachment = models.FileField(
        _("attachment (PDF)"),
        upload_to=practice_attachment_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
        help_text=_("A PDF of at most 10 MB."),
    )
    links = models.TextField(_("links"), blank=True, help_text=_("One web address per line."))
    is_example = models.BooleanField(
        _("example content"), default=False, help_text=_("Demo content, not a real practice.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    search_names = search_names_field()

    history = HistoricalRecords(excluded_fields=["search_text", "search_names"])
    objects = GoodPracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:practice_detail", kwargs={"slug": self.slug})

    def build_search_text(self) -> str:
        # Titles first, then the rest: the site search ranks title matches higher.
        return search_document(
            names=[self.title_el, self.title_en],
            texts=[self.summary_el, self.summary_en, self.body_el, self.body_en],
        )

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]
