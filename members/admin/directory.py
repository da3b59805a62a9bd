"""The directory in the back office: organisations, services, locations, vocabularies, reports.

About 520 lines: one admin per directory model, with the actions and forms they share.

Shared pieces (accent-insensitive search, history with revert, filters) live in
members/admin/base.py, safe import/export in members/admin/import_export.py; the review queue
(proposed changes, editors, invitations) in members/admin/review.py.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from accmr.lib.greek_ids import (
    validate_afm,
    validate_gemi,
    validate_ngo_registry_number,
)
from accmr.lib.text import rebuild_search_text
from members import freshness, images
from members.admin.base import (
    EnglishMissingFilter,
    FreshnessFilter,
    HistoryAdmin,
    NormalisedSearchMixin,
    VocabularySearchMixin,
    english_missing_column,
)
from members.admin.import_export import BackofficeImportExportMixin
from members.imports.resources import LocationResource, OrganisationResource, ServiceResource
from members.models import (
    ORGANISATION_CONTACT_FIELDS,
    Closure,
    EditorMembership,
    Language,
    Location,
    Organisation,
    OrganisationType,
    PopulationGroup,
    Schedule,
    Service,
    ServiceCategory,
    Status,
)

# ---------------------------------------------------------------------------------------
# Forms


def _clean_with(validator, value):
    if value:
        validator(value)
    return value


class OrganisationAdminForm(forms.ModelForm):
    """Model and fields come from OrganisationAdmin."""

    def clean_tax_number(self):
        return _clean_with(validate_afm, self.cleaned_data.get("tax_number", "").strip())

    def clean_gemi_number(self):
        return _clean_with(validate_gemi, self.cleaned_data.get("gemi_number", "").strip())

    def clean_ngo_registry_number(self):
        value = self.cleaned_data.get("ngo_registry_number", "").strip()
        return _clean_with(validate_ngo_registry_number, value)

    def clean_logo(self):
        """A new upload is checked and re-encoded as the editors' are (members.images): the
        stored file is our PNG, never the uploaded bytes."""
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return images.process_logo(logo)
        return logo


class ServiceAdminForm(forms.ModelForm):
    """Model and fields come from ServiceAdmin."""

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        subcategory = cleaned.get("subcategory")
        if category and subcategory and subcategory.parent_id != category.pk:
            self.add_error(
                "subcategory",
                _("“%(sub)s” is not a sub-category of “%(category)s”.")
                % {"sub": subcategory, "category": category},
            )
        organisation = cleaned.get("organisation")
        locations = cleaned.get("locations")
        if organisation and locations:
            foreign = [loc for loc in locations if loc.organisation_id != organisation.pk]
            if foreign:
                self.add_error(
                    "locations",
                    _("These locations belong to another organisation: %(locations)s.")
                    % {"locations": ", ".join(str(loc) for loc in foreign)},
                )
        return cleaned


# ---------------------------------------------------------------------------------------
# Actions shared by organisations and services


def _set_status(modeladmin, request, queryset, status, reason):
    objects = list(queryset)
    now = timezone.now()
    for obj in objects:
        obj.status = status
        obj.updated_at = now
    freshness.update_with_history(
        objects, modeladmin.model, ["status", "updated_at"], user=request.user, reason=reason
    )
    return objects


@admin.action(description=_("Publish the selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    objects = _set_status(modeladmin, request, queryset, Status.PUBLISHED, "Published")
    modeladmin.message_user(
        request,
        ngettext("%(count)d record published.", "%(count)d records published.", len(objects))
        % {"count": len(objects)},
        messages.SUCCESS,
    )
    if modeladmin.model is Service:
        hidden = sum(1 for s in objects if s.organisation.status != Status.PUBLISHED)
        if hidden:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d of them belongs to an organisation that is not published, "
                    "so visitors will not see it yet.",
                    "%(count)d of them belong to organisations that are not published, "
                    "so visitors will not see them yet.",
                    hidden,
                )
                % {"count": hidden},
                messages.WARNING,
            )


@admin.action(
    description=_("Unpublish the selected records (back to draft)"), permissions=["change"]
)
def unpublish(modeladmin, request, queryset):
    objects = _set_status(modeladmin, request, queryset, Status.DRAFT, "Unpublished")
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d record is now a draft.", "%(count)d records are now drafts.", len(objects)
        )
        % {"count": len(objects)},
        messages.SUCCESS,
    )


@admin.action(description=_("Mark the selected records as checked today"), permissions=["change"])
def mark_checked(modeladmin, request, queryset):
    count = freshness.mark_checked(queryset, user=request.user)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d record marked as checked today.",
            "%(count)d records marked as checked today.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.action(description=_("E-mail the editors: please confirm your data"), permissions=["change"])
def ask_editors_to_confirm(modeladmin, request, queryset):
    sent, without_editors = freshness.ask_editors_to_confirm(queryset)
    if sent:
        modeladmin.message_user(
            request,
            ngettext("%(count)d e-mail sent.", "%(count)d e-mails sent.", sent) % {"count": sent},
            messages.SUCCESS,
        )
    if without_editors:
        modeladmin.message_user(
            request,
            gettext("These organisations have no editor to write to: %(names)s.")
            % {"names": ", ".join(str(o) for o in without_editors)},
            messages.WARNING,
        )


# ---------------------------------------------------------------------------------------
# Organisations


class LocationInline(TranslationStackedInline):
    model = Location
    extra = 0
    fields = (
        "name",
        "address",
        "postcode",
        "municipality",
        "community",
        ("latitude", "longitude"),
        "step_free",
        "accessibility_notes",
    )


class ServiceInline(admin.TabularInline):
    """A compact list of the organisation's services; each opens its own page."""

    model = Service
    extra = 0
    fields = ("name_el", "category", "status", "last_checked")
    readonly_fields = ("name_el", "category")
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("services (open one to edit it fully)")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")


class EditorInline(admin.TabularInline):
    model = EditorMembership
    fk_name = "organisation"
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = _("editor")
    verbose_name_plural = _("editors (people who keep this organisation's records)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user":
            # A staff editor by name, not e-mail address.
            field.label_from_instance = lambda user: user.label_for_colleagues()
        return field


@admin.register(Organisation)
class OrganisationAdmin(
    BackofficeImportExportMixin, NormalisedSearchMixin, HistoryAdmin, TabbedTranslationAdmin
):
    form = OrganisationAdminForm
    resource_classes = [OrganisationResource]
    list_display = (
        "name",
        "type",
        "status",
        "service_count",
        "last_checked",
        "english_missing",
    )
    list_filter = (
        "status",
        "type",
        "is_member",
        "is_trusted",
        FreshnessFilter,
        EnglishMissingFilter,
    )
    list_select_related = ("type",)
    search_fields = ("name_el", "name_en", "short_name", "slug", "tax_number", "email")
    search_help_text = _("Name in Greek or English (accents do not matter), slug, ΑΦΜ or e-mail.")
    autocomplete_fields = ["type"]
    prepopulated_fields = {"slug": ("name_en",)}
    list_per_page = 50
    actions = [publish, unpublish, mark_checked, ask_editors_to_confirm]
    inlines = [LocationInline, ServiceInline, EditorInline]
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "type", "status")}),
        (_("Description"), {"fields": ("description", "logo")}),
        (_("Contact"), {"fields": ORGANISATION_CONTACT_FIELDS}),
        (_("Membership"), {"fields": ("is_member", "member_since", "is_trusted")}),
        (
            _("Greek identifiers"),
            {"fields": ("tax_number", "gemi_number", "ngo_registry_number")},
        ),
        (
            _("Checks and notes"),
            {"fields": ("last_checked", "staff_notes", "created_at", "updated_at")},
        ),
    )

    english_missing = english_missing_column()

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_services=Count("services", distinct=True))

    @admin.display(description=_("services"), ordering="_services")
    def service_count(self, obj):
        return obj._services

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["add_service_url"] = (
                reverse("admin:members_service_add") + f"?organisation={obj.pk}"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


# ---------------------------------------------------------------------------------------
# Services


class ScheduleInline(admin.TabularInline):
    model = Schedule
    extra = 0
    fields = ("weekday", "opens", "closes")


class ClosureInline(TranslationTabularInline):
    """Closures and special hours on given dates (editors enter them too, without review)."""

    model = Closure
    extra = 0
    fields = ("starts_on", "ends_on", "opens", "closes", "note", "created_by")
    readonly_fields = ("created_by",)
    ordering = ("-starts_on",)


@admin.register(Service)
class ServiceAdmin(
    BackofficeImportExportMixin, NormalisedSearchMixin, HistoryAdmin, TabbedTranslationAdmin
):
    form = ServiceAdminForm
    resource_classes = [ServiceResource]
    list_display = (
        "name",
        "organisation",
        "category",
        "status",
        "last_checked",
        "english_missing",
    )
    list_filter = (
        "status",
        ("category", admin.RelatedOnlyFieldListFilter),
        "organisation__type",
        "is_free",
        FreshnessFilter,
        EnglishMissingFilter,
    )
    list_select_related = ("organisation", "category")
    search_fields = ("name_el", "name_en", "slug", "organisation__name_el")
    search_help_text = _("Name in Greek or English (accents do not matter), slug or provider.")
    autocomplete_fields = [
        "organisation",
        "category",
        "subcategory",
        "population_groups",
        "languages",
        "locations",
    ]
    list_per_page = 50
    actions = [publish, unpublish, mark_checked]
    inlines = [ScheduleInline, ClosureInline]
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("organisation", "name", "slug", "category", "subcategory", "status")}),
        (_("About the service"), {"fields": ("description", "eligibility", "how_to_access")}),
        (
            _("Access"),
            {
                "fields": (
                    ("access_walk_in", "access_appointment", "access_phone"),
                    ("access_online", "access_referral"),
                    "is_free",
                    "funding_source",
                )
            },
        ),
        (_("Who and in which languages"), {"fields": ("population_groups", "languages")}),
        (
            _("Where and when"),
            {"fields": ("locations", "hours_notes", "open_on_public_holidays")},
        ),
        (_("Contact"), {"fields": ("phone", "email", "website")}),
        (_("Checks"), {"fields": ("last_checked", "created_at", "updated_at")}),
    )

    english_missing = english_missing_column()


# ---------------------------------------------------------------------------------------
# Locations


@admin.register(Location)
class LocationAdmin(
    BackofficeImportExportMixin, NormalisedSearchMixin, HistoryAdmin, TabbedTranslationAdmin
):
    resource_classes = [LocationResource]
    list_display = ("__str__", "organisation", "municipality", "community", "step_free")
    list_filter = ("community", "step_free")
    list_select_related = ("organisation",)
    search_fields = ("name_el", "name_en", "address_el", "address_en", "postcode")
    autocomplete_fields = ["organisation"]
    list_per_page = 50

    # Locations have no search column; match their organisation's instead.
    search_columns = ("organisation__search_text",)


# ---------------------------------------------------------------------------------------
# Vocabularies


def _other_name_field(code: str) -> forms.CharField:
    return forms.CharField(
        label=format_lazy(_("Name in {language}"), language=dict(settings.LANGUAGES)[code]),
        required=False,
        max_length=150,
    )


class VocabularyForm(forms.ModelForm):
    """A term's names in the public site's other languages, one field each (kept together in
    `other_names`), so coordinators can correct a translation like any other field."""

    name_ar = _other_name_field("ar")
    name_fa = _other_name_field("fa")
    name_ur = _other_name_field("ur")
    name_fr = _other_name_field("fr")
    name_uk = _other_name_field("uk")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = self.instance.other_names or {}
        for code in settings.PUBLIC_ONLY_LANGUAGES:
            self.fields[f"name_{code}"].initial = names.get(code, "")

    def clean(self):
        cleaned = super().clean()
        self.instance.other_names = {
            code: cleaned[f"name_{code}"].strip()
            for code in settings.PUBLIC_ONLY_LANGUAGES
            if cleaned.get(f"name_{code}", "").strip()
        }
        return cleaned


OTHER_NAME_FIELDS = tuple(f"name_{code}" for code in settings.PUBLIC_ONLY_LANGUAGES)


class VocabularyAdmin(VocabularySearchMixin, TabbedTranslationAdmin):
    form = VocabularyForm
    exclude = ("other_names",)
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("slug", "name_el", "name_en")
    ordering = ("order", "slug")


@admin.register(OrganisationType)
class OrganisationTypeAdmin(VocabularyAdmin):
    list_display = ("name", "slug", "is_municipal", "order")
    list_filter = ("is_municipal",)


class CategoryLevelFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [("top", _("Categories")), ("sub", _("Sub-categories"))]

    def queryset(self, request, queryset):
        if self.value() == "top":
            return queryset.filter(parent__isnull=True)
        if self.value() == "sub":
            return queryset.filter(parent__isnull=False)
        return queryset


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(VocabularyAdmin):
    list_display = ("name", "slug", "parent", "order")
    list_filter = (CategoryLevelFilter,)
    list_select_related = ("parent",)
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name_el", "name_en", *OTHER_NAME_FIELDS} & set(form.changed_data):
            # The names are part of each service's search text.
            rebuild_search_text(Service.objects.filter(Q(category=obj) | Q(subcategory=obj)))


@admin.register(PopulationGroup)
class PopulationGroupAdmin(VocabularyAdmin):
    pass


@admin.register(Language)
class LanguageAdmin(VocabularyAdmin):
    pass
