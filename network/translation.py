from modeltranslation.translator import TranslationOptions, register

from accmr.lib.translated_history import track_translations
from network.models import GoodPractice, Municipality, Structure


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name", "region", "description")
    required_languages = {"el": ("name", "region")}


@register(Structure)
class StructureTranslation(TranslationOptions):
    fields = ("note",)


@register(GoodPractice)
class GoodPracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = {"el": ("title", "summary")}


# History must keep every language (see accmr/lib/translated_history.py).
for _model in (Municipality, GoodPractice):
    track_translations(_model)
