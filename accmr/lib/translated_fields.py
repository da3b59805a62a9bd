"""Which translated records lack their English text.

A record "misses English" when any of its translated fields has Greek text and no English
text. Used by the admin lists (column and filter), the dashboard and the imports' preview.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator

SOURCE, TARGET = "el", "en"


def content_languages(language: str | None = None) -> list[str]:
    """The content columns to read for a page in `language` (the active one), best first.

    Greek: el, en. English: en, el. Arabic, Farsi, Urdu, French, Ukrainian (content is not
    written in them): en, el (settings.CONTENT_FALLBACK_LANGUAGES).
    """
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    fallbacks = settings.CONTENT_FALLBACK_LANGUAGES
    chain = [language] if language in settings.MODELTRANSLATION_LANGUAGES else []
    for code in fallbacks.get(language, fallbacks["default"]):
        if code not in chain:
            chain.append(code)
    return chain


def text_in_language(obj: models.Model, field: str, language: str | None = None) -> tuple[str, str]:
    """`obj`'s translated `field` for `language` (the active one): (text, its language), following
    content_languages(); ("", first language) when every column is empty.

    A vocabulary term's name in a language content is not written in comes from its
    `other_names` (members.models.Vocabulary) when it has one.
    """
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    if field == "name" and language not in settings.MODELTRANSLATION_LANGUAGES:
        own = (getattr(obj, "other_names", None) or {}).get(language)
        if own:
            return own, language
    chain = content_languages(language)
    for code in chain:
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return value, code
    return "", chain[0]


def translated_fields(model: type[models.Model]) -> list[str]:
    """The names of `model`'s translated fields ("name", "description"); none if it has none."""
    try:
        return list(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return []


def english_missing_q(model: type[models.Model]) -> Q:
    condition = Q(pk__in=[])
    for field in translated_fields(model):
        has_source = ~Q(**{f"{field}_{SOURCE}": ""}) & Q(**{f"{field}_{SOURCE}__isnull": False})
        lacks_target = Q(**{f"{field}_{TARGET}": ""}) | Q(**{f"{field}_{TARGET}__isnull": True})
        condition |= has_source & lacks_target
    return condition


def english_missing(obj: models.Model) -> bool:
    return any(
        (getattr(obj, f"{field}_{SOURCE}") or "").strip()
        and not (getattr(obj, f"{field}_{TARGET}") or "").strip()
        for field in translated_fields(obj.__class__)
    )
