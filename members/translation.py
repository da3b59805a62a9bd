from modeltranslation.translator import TranslationOptions, register

from members.models import (
    Language,
    Location,
    Organisation,
    OrganisationType,
    PopulationGroup,
    Service,
    ServiceCategory,
)


@register(OrganisationType)
@register(ServiceCategory)
@register(PopulationGroup)
@register(Language)
class VocabularyTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("el",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"el": ("name",)}


@register(Location)
class LocationTranslation(TranslationOptions):
    fields = ("name", "address", "municipality", "accessibility_notes")
    required_languages = {"el": ("address",)}


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = (
        "name",
        "description",
        "eligibility",
        "how_to_access",
        "funding_source",
        "hours_notes",
    )
    required_languages = {"el": ("name",)}
