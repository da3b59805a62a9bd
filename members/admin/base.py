"""Pieces the back office's model admins share (members and network).

- NormalisedSearchMixin: admin search that ignores case, Greek accents and final sigma, on
  top of Django's own search (so slugs, e-mails and ΑΦΜ still match as typed).
- HistoryAdmin: simple_history's history pages, with per-language changes and a revert that
  needs the change permission.
- EnglishMissingFilter / english_missing_column / FreshnessFilter: list filters and columns.

Import and export in the admin: members.admin.import_export.
"""

import datetime as dt

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accmr.lib.text import query_words, search_document, search_q
from accmr.lib.translated_fields import english_missing, english_missing_q, translated_fields
from members.models import STALE_AFTER_DAYS

# ---------------------------------------------------------------------------------------
# Search


class NormalisedSearchMixin:
    """Also find records as the site search does (`accmr.lib.text.search_q`): every word of
    the query, in Greek, Greeklish or English, with or without accents, in any inflection,
    inside the search column(s) named by `search_columns`."""

    search_columns: tuple[str, ...] = ("search_text",)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        matches = self.normalised_matches(queryset, search_term)
        if matches is None:
            return results, may_have_duplicates
        return results | matches, may_have_duplicates

    def normalised_matches(self, queryset, search_term):
        """The records the query finds, or None when it has no useful word."""
        condition = search_q(search_term, *self.search_columns)
        return None if condition is None else queryset.filter(condition)


class VocabularySearchMixin(NormalisedSearchMixin):
    """Vocabularies are short lists without a search column: compare names in Python, with
    the same keys and word rules as `search_q`."""

    def normalised_matches(self, queryset, search_term):
        words = query_words(search_term)
        if not words:
            return None
        matching = [
            pk
            for pk, other, *names in self.model.objects.values_list(
                "pk", "other_names", "slug", "name_el", "name_en"
            )
            if _finds(words, search_document([*names, *(other or {}).values()], []))
        ]
        return queryset.filter(pk__in=matching)


def _finds(words: list[list[str]], document: str) -> bool:
    return all(any(stem in document for stem in alternatives) for alternatives in words)


# ---------------------------------------------------------------------------------------
# Filters and columns


class EnglishMissingFilter(admin.SimpleListFilter):
    title = _("English text")
    parameter_name = "english_missing"

    def lookups(self, request, model_admin):
        return [("yes", _("Missing")), ("no", _("Complete"))]

    def queryset(self, request, queryset):
        condition = english_missing_q(queryset.model)
        if self.value() == "yes":
            return queryset.filter(condition)
        if self.value() == "no":
            return queryset.exclude(condition)
        return queryset


def english_missing_column():
    @admin.display(description=_("English missing"), boolean=True)
    def column(self, obj):
        return english_missing(obj)

    return column


class FreshnessFilter(admin.SimpleListFilter):
    title = _("last checked")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [
            ("recent", _("Within the last 6 months")),
            ("due", _("Not for 6 months, or never")),
            ("never", _("Never")),
        ]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - dt.timedelta(days=STALE_AFTER_DAYS)
        if self.value() == "recent":
            return queryset.filter(last_checked__gte=cutoff)
        if self.value() == "due":
            return queryset.filter(Q(last_checked__lt=cutoff) | Q(last_checked__isnull=True))
        if self.value() == "never":
            return queryset.filter(last_checked__isnull=True)
        return queryset


# ---------------------------------------------------------------------------------------
# History


class HistoryAdmin(SimpleHistoryAdmin):
    """Who changed what and when, with old and new values per language, and revert."""

    # A web address typed without a scheme means https (as on the editors' forms).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # `name` reads the active language; `name_el` and `name_en` say which one changed.
        excluded = translated_fields(self.model)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            # simple_history checks only the view permission before saving a revert.
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        # A TemplateResponse like the admin's own pages, so accmr.admin_site sees a refused
        # revert form (and answers 400).
        return TemplateResponse(request, template, context, **kwargs)

    def save_model(self, request, obj, form, change):
        match = request.resolver_match
        if match is not None and (match.url_name or "").endswith("_simple_history"):
            obj._change_reason = "Reverted to an earlier version"
        super().save_model(request, obj, form, change)
