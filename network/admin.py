"""The Cities Network in the back office: municipalities, their structures, practices.

Its news are bulletin NewsPosts with the "Cities Network" topic (bulletin/admin.py)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from members.admin.base import (
    EnglishMissingFilter,
    HistoryAdmin,
    NormalisedSearchMixin,
    english_missing_column,
)
from network.forms import GoodPracticeForm
from network.models import GoodPractice, Municipality, Structure


class StructureInline(TranslationTabularInline):
    model = Structure
    extra = 0
    fields = ("kind", "organisation", "note")
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(Municipality)
class MunicipalityAdmin(NormalisedSearchMixin, HistoryAdmin, TabbedTranslationAdmin):
    list_display = (
        "name",
        "region",
        "joined_year",
        "data_uncertain",
        "structure_count",
        "status",
        "english_missing",
    )
    list_filter = ("status", "data_uncertain", "joined_year", EnglishMissingFilter)
    search_fields = ("name_el", "name_en", "slug")
    autocomplete_fields = ["organisation"]
    list_select_related = ("organisation",)
    inlines = [StructureInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "region", "status", "joined_year", "data_uncertain")}),
        (_("On the map and on the web"), {"fields": (("latitude", "longitude"), "website")}),
        (_("Description"), {"fields": ("description", "organisation")}),
        (
            _("Focal point (never shown to visitors)"),
            {
                "fields": (
                    "focal_point_name",
                    "focal_point_role",
                    "focal_point_email",
                    "focal_point_phone",
                )
            },
        ),
    )

    english_missing = english_missing_column()

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_structures=Count("structures"))

    @admin.display(description=_("structures"), ordering="_structures")
    def structure_count(self, obj):
        return obj._structures


@admin.register(GoodPractice)
class GoodPracticeAdmin(NormalisedSearchMixin, HistoryAdmin, TabbedTranslationAdmin):
    form = GoodPracticeForm
    list_display = ("title", "date", "status", "is_example", "english_missing")
    list_filter = ("status", "is_example", "municipalities", "themes", EnglishMissingFilter)
    search_fields = ("title_el", "title_en", "slug")
    autocomplete_fields = ["municipalities", "themes"]
    date_hierarchy = "date"
    fieldsets = (
        (None, {"fields": ("title", "slug", "date", "status", "is_example")}),
        (_("Text"), {"fields": ("summary", "body", "links", "attachment")}),
        (_("Where and on what"), {"fields": ("municipalities", "themes")}),
    )

    english_missing = english_missing_column()
