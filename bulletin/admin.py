"""The bulletin in the back office: coordinators publish news and review activities."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from bulletin.models import Activity, ActivityStatus, NewsPost
from members.admin.base import (
    EnglishMissingFilter,
    HistoryAdmin,
    NormalisedSearchMixin,
    english_missing_column,
)


@admin.register(Activity)
class ActivityAdmin(NormalisedSearchMixin, HistoryAdmin, TabbedTranslationAdmin):
    list_display = (
        "title",
        "organisation",
        "starts_at",
        "repeat",
        "status",
        "is_example",
        "english_missing",
    )
    list_filter = (
        "status",
        "repeat",
        "place",
        "is_free",
        "category",
        "is_example",
        EnglishMissingFilter,
    )
    list_select_related = ("organisation",)
    search_fields = ("title_el", "title_en")
    autocomplete_fields = ["organisation", "location"]
    filter_horizontal = ("population_groups", "languages")
    date_hierarchy = "starts_at"
    actions = ["publish"]
    fieldsets = (
        (None, {"fields": ("organisation", "title", "description", "status", "is_example")}),
        (
            _("When"),
            {"fields": (("starts_at", "ends_at"), "repeat", "repeat_weekdays", "repeat_until")},
        ),
        (_("Where"), {"fields": ("place", "location", "address", "community", "online_url")}),
        (_("What and for whom"), {"fields": ("category", "population_groups", "languages")}),
        (
            _("Taking part"),
            {"fields": ("is_free", "registration", "registration_contact", "capacity")},
        ),
    )

    english_missing = english_missing_column()

    @admin.action(description=_("Publish the selected activities"), permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for activity in queryset.exclude(status=ActivityStatus.PUBLISHED):
            activity.status = ActivityStatus.PUBLISHED
            activity.save(update_fields=["status", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d activity published.", "%(count)d activities published.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(NewsPost)
class NewsPostAdmin(NormalisedSearchMixin, HistoryAdmin, TabbedTranslationAdmin):
    list_display = ("title", "date", "topic", "status", "is_example", "english_missing")
    list_filter = ("status", "topic", "is_example", EnglishMissingFilter)
    search_fields = ("title_el", "title_en", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    date_hierarchy = "date"
    fieldsets = (
        (None, {"fields": ("title", "slug", "topic", "date", "status", "is_example")}),
        (_("Text"), {"fields": ("summary", "body")}),
    )

    english_missing = english_missing_column()


# Open calls, the toolkit, the members-only contacts and the digest (registered on import).
from bulletin import admin_calls  # noqa: E402, F401
