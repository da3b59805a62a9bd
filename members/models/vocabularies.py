"""The vocabularies coordinators own in the admin: organisation types, service categories,
population groups and languages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accmr.lib.translated_fields import text_in_language
from members.models.base import uuid_field


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
