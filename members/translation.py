import simple_history
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


# History is registered here, after the translation fields exist, so that the historical
# models copy name_el, name_en... too. Declared on the model (`history = HistoricalRecords()`),
# the historical model is built before modeltranslation adds its fields, and saving a record
# fails with "HistoricalOrganisation() got unexpected keyword arguments: 'name_el', ...".
simple_history.register(Organisation, excluded_fields=["search_text", "updated_at", "reminded_at"])
simple_history.register(Location)
simple_history.register(
    Service,
    excluded_fields=["search_text", "updated_at"],
    m2m_fields=["population_groups", "languages"],
)
