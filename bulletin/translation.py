from modeltranslation.translator import TranslationOptions, register

from accmr.lib.translated_history import track_translations
from bulletin.models import (
    Activity,
    NewsPost,
    OpenCall,
    OrganisationMembersInfo,
    Publication,
    ServiceMembersInfo,
)


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


@register(OpenCall)
class OpenCallTranslation(TranslationOptions):
    # Greek and/or English: the model's constraints ask for one of the two.
    fields = ("title", "description")
    required_languages = ()


@register(Publication)
class PublicationTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = {"el": ("title", "summary")}


@register(OrganisationMembersInfo)
@register(ServiceMembersInfo)
class MembersInfoTranslation(TranslationOptions):
    fields = ("referral_notes",)
    required_languages = ()
