"""The toolkit: publications from ACCMR, its members and partners."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accmr.lib.text import SearchTextMixin, search_document, search_names_field, search_q
from accmr.lib.uploads import pdf_storage_name, validate_pdf
from members.models import Language, Organisation, ServiceCategory


def publication_file_path(instance, filename: str) -> str:
    return pdf_storage_name("toolkit", filename)


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Publication.State.PUBLISHED)

    def search(self, query: str | None):
        condition = search_q(query)
        return self if condition is None else self.filter(condition)

    def filter_by(self, criteria: dict):
        """Narrowed by the criteria of the toolkit list (ToolkitFilterForm.applied(): only
        valid, non-empty values; unknown keys are ignored)."""
        publications = self.search(criteria.get("q"))
        if kind := criteria.get("type"):
            publications = publications.filter(type=kind)
        if slug := criteria.get("theme"):
            publications = publications.filter(themes__slug=slug)
        if slug := criteria.get("language"):
            publications = publications.filter(languages__slug=slug)
        if year := criteria.get("year"):
            publications = publications.filter(year=year)
        if criteria.get("theme") or criteria.get("language"):
            publications = publications.distinct()  # a publication joined to several rows
        return publications

    def latest(self):
        return self.order_by("-published_at", "-pk")


class Publication(SearchTextMixin, models.Model):
    class Type(models.TextChoices):
        GUIDE = "guide", _("Guide")
        REPORT = "report", _("Survey or report")
        INFORMATION = "information", _("Information material for beneficiaries")
        TEMPLATE = "template", _("Template")
        TRAINING = "training", _("Training material")
        POLICY = "policy", _("Policy paper")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        RETURNED = "returned", _("Returned by a coordinator")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    summary = models.TextField(_("summary"), max_length=2000)
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("publisher (organisation)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    publisher_name = models.CharField(
        _("publisher (name)"),
        max_length=200,
        blank=True,
        help_text=_("For a publisher that is not in the directory, for example a partner."),
    )
    type = models.CharField(_("type"), max_length=15, choices=Type.choices)
    themes = models.ManyToManyField(
        ServiceCategory,
        verbose_name=_("themes"),
        blank=True,
        related_name="+",
        limit_choices_to={"parent__isnull": True},
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    languages = models.ManyToManyField(
        Language,
        verbose_name=_("languages of the document"),
        related_name="+",
    )
    file = models.FileField(
        _("document (PDF)"),
        upload_to=publication_file_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
        help_text=_("A PDF of at most 10 MB."),
    )
    external_url = models.URLField(
        _("external link"), blank=True, help_text=_("Instead of a PDF: where the document is.")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    review_comment = models.TextField(_("coordinator's comment"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_example = models.BooleanField(
        _("example content"), default=False, help_text=_("Demo content, not a real publication.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    search_names = search_names_field()

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["state", "published_at"], name="bulletin_pub_latest")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="", external_url=""), name="bulletin_pub_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bulletin:publication_detail", kwargs={"slug": self.slug})

    def build_search_text(self) -> str:
        return search_document(
            names=[self.title_el, self.title_en],
            texts=[self.summary_el, self.summary_en, self.publisher_name],
        )

    def clean(self) -> None:
        super().clean()
        if bool(self.file) == bool(self.external_url):
            raise ValidationError(_("Give either a PDF or an external link (one of the two)."))
        if not (self.publisher_id or self.publisher_name):
            raise ValidationError(_("Say who published it: an organisation or a name."))
