from modeltranslation.translator import TranslationOptions, register

from accmr.lib.translated_history import track_translations
from bulletin.models import Activity, NewsPost


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "description", "address")
    required_languages = {"el": ("title", "description")}


@register(NewsPost)
class NewsPostTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = {"el": ("title", "body")}


# History must keep every language (see accmr/lib/translated_history.py).
for _model in (Activity, NewsPost):
    track_translations(_model)
