"""Which translated records lack their English text.

A record "misses English" when any of its translated fields has Greek text and no English
text. Used by the admin lists (column and filter), the dashboard and the imports' preview.
"""

from django.db import models
from django.db.models import Q
from modeltranslation.translator import NotRegistered, translator

SOURCE, TARGET = "el", "en"


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
