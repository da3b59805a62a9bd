"""What the directory's records share: the public UUID, the publication status, names in
the active language and the freshness thresholds."""

import uuid

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from accmr.lib.translated_fields import content_languages

STALE_AFTER_DAYS = 183  # about six months: editors are reminded
OUTDATED_AFTER_DAYS = 274  # about nine months: the public page warns
PHONES_MAX_LENGTH = 60  # a few numbers in E.164, separated by commas


def uuid_field():
    """The record's public identifier in open data (HSDS ids are UUIDs): made once, never
    changed, carried by exports and imports. The integer key stays internal."""
    return models.UUIDField(
        _("public identifier (UUID)"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The record's id in open data; it never changes."),
    )


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def name_in_language(field: str = "name"):
    """An expression for `field` in the active language, following content_languages() (Greek
    last, and never empty)."""
    first, *others = content_languages()
    if first == "el":
        return F(f"{field}_el")
    return Coalesce(NullIf(F(f"{field}_{first}"), Value("")), *(F(f"{field}_{c}") for c in others))


def name_order_indexes(prefix: str, *leading: str) -> list[models.Index]:
    """B-tree indexes matching `by_name()` in each language, so a list page reads its first
    rows in name order instead of sorting every published row (see bench/RESULTS.md).
    `leading` fields come first (e.g. a filter the list is often narrowed by)."""
    english = Coalesce(NullIf(F("name_en"), Value("")), F("name_el"))
    return [
        models.Index(*leading, "name_el", "id", name=f"{prefix}_name_el"),
        models.Index(*(F(field) for field in leading), english, F("id"), name=f"{prefix}_name_en"),
    ]
