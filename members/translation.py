from modeltranslation.translator import TranslationOptions, register

from accmr.lib.translated_history import track_translations
from members.models import (
    SERVICE_TRANSLATED_FIELDS,
    Closure,
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
    fields = SERVICE_TRANSLATED_FIELDS
    required_languages = {"el": ("name",)}


@register(Closure)
class ClosureTranslation(TranslationOptions):
    fields = ("note",)


# History must keep every language (see accmr/lib/translated_history.py).
for _model in (Organisation, Location, Service):
    track_translations(_model)
