"""The back office of open calls, the toolkit, members-only contacts and the digest.

Calls and publications proposed by editors have their own review here (a filter on the state
and two actions), not in members' proposed-changes queue: members/ never imports bulletin/.
The coordinators' dashboard counts what waits (accmr/dashboard.py composes both apps).
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from bulletin import workflows
from bulletin.models import (
    CallAnswer,
    DigestDelivery,
    DigestPreference,
    OpenCall,
    OrganisationMembersInfo,
    Publication,
    ServiceMembersInfo,
)


@admin.register(OpenCall)
class OpenCallAdmin(TabbedTranslationAdmin):
    list_display = (
        "__str__",
        "organisation",
        "direction",
        "kind",
        "visibility",
        "closes_on",
        "state",
    )
    list_filter = ("state", "direction", "kind", "visibility", "is_example")
    search_fields = ("title_el", "title_en", "organisation__name_el", "organisation__name_en")
    list_select_related = ("organisation",)
    autocomplete_fields = ["organisation"]
    readonly_fields = ("posted_by", "created_at", "published_at", "closed_on")
    date_hierarchy = "closes_on"
    actions = ["publish", "send_back"]
    fieldsets = (
        (None, {"fields": ("organisation", "direction", "kind", "visibility", "closes_on")}),
        (_("Text"), {"fields": ("title", "description")}),
        (
            _("Review"),
            {
                "fields": (
                    "state",
                    "review_comment",
                    "is_example",
                    "posted_by",
                    "created_at",
                    "published_at",
                    "closed_on",
                )
            },
        ),
    )

    @admin.action(description=_("Publish the selected calls"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        waiting = queryset.filter(state__in=[OpenCall.State.PENDING, OpenCall.State.RETURNED])
        count = 0
        for call in waiting.select_related("organisation"):
            workflows.call_publish(call=call)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d call published.", "%(count)d calls published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Return the selected calls to their editors (with the comment)"),
        permissions=["change"],
    )
    def send_back(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for call in queryset.filter(state=OpenCall.State.PENDING).select_related("organisation"):
            comment = call.review_comment or gettext("Please contact ACCMR about this call.")
            workflows.call_return(call=call, comment=comment)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d call returned.", "%(count)d calls returned.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(CallAnswer)
class CallAnswerAdmin(admin.ModelAdmin):
    """Answers are personal data for the posting organisation: coordinators may read and
    delete them (for a complaint or a request to erase), not write them."""

    list_display = ("call", "name", "organisation_name", "created_at")
    list_select_related = ("call",)
    readonly_fields = ("call", "name", "organisation_name", "email", "message", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Publication)
class PublicationAdmin(TabbedTranslationAdmin):
    list_display = ("title", "type", "year", "publisher", "publisher_name", "state")
    list_filter = ("state", "type", "year", "is_example")
    search_fields = ("title_el", "title_en", "publisher_name", "slug")
    list_select_related = ("publisher",)
    autocomplete_fields = ["publisher"]
    prepopulated_fields = {"slug": ("title_en",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    filter_horizontal = ("themes", "languages")
    readonly_fields = ("proposed_by", "created_at")
    actions = ["publish"]

    def save_model(self, request, obj, form, change):
        # Coordinators publish directly: a new publication they add is published at once.
        if not change and obj.proposed_by_id is None:
            obj.state = Publication.State.PUBLISHED
        if obj.state == Publication.State.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected publications"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for publication in queryset.exclude(state=Publication.State.PUBLISHED):
            workflows.publication_publish(publication=publication)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d publication published.", "%(count)d publications published.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(OrganisationMembersInfo)
class OrganisationMembersInfoAdmin(TabbedTranslationAdmin):
    list_display = ("organisation", "contact_person", "updated_at")
    list_select_related = ("organisation",)
    search_fields = ("organisation__name_el", "organisation__name_en", "contact_person")
    autocomplete_fields = ["organisation"]


@admin.register(ServiceMembersInfo)
class ServiceMembersInfoAdmin(TabbedTranslationAdmin):
    list_display = ("service", "contact_person", "updated_at")
    list_select_related = ("service",)
    search_fields = ("service__name_el", "service__name_en", "contact_person")
    autocomplete_fields = ["service"]


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "opted_out", "updated_at")
    list_filter = ("opted_out", "language")
    list_select_related = ("user",)
    search_fields = ("user__email",)
    readonly_fields = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ("month", "user", "sent_at")
    list_filter = ("month",)
    list_select_related = ("user",)
    readonly_fields = ("month", "user", "sent_at")
