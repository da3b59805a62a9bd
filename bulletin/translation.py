from modeltranslation.translator import TranslationOptions, register

from bulletin.models import (
    OpenCall,
    OrganisationMembersInfo,
    Publication,
    ServiceMembersInfo,
)


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
