"""Pieces the back office's model admins share (members and network).

- NormalisedSearchMixin: admin search that ignores case, Greek accents and final sigma, on
  top of Django's own search (so slugs, e-mails and ΑΦΜ still match as typed).
- HistoryAdmin: simple_history's history pages, with per-language changes and a revert that
  needs the change permission.
- EnglishMissingFilter / english_missing_column / FreshnessFilter: list filters and columns.
- BackofficeImportExportMixin: CSV/XLSX import with file checks, a row-by-row preview and
  all-or-nothing writes; exports of what the list shows, with formulas neutralised.
"""

import datetime as dt

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm, ImportForm
from simple_history.admin import SimpleHistoryAdmin

from accmr.lib.text import query_words, search_document, search_q
from accmr.lib.translated_fields import english_missing, english_missing_q, translated_fields
from members.import_files import (
    ImportFileError,
    SafeCSV,
    SafeXLSX,
    check_columns,
    check_size,
    max_bytes,
)
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
            for pk, *names in self.model.objects.values_list("pk", "slug", "name_el", "name_en")
            if _finds(words, search_document(names, []))
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
        excluded = translated_fields(self.model) if _is_translated(self.model) else []
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


def _is_translated(model) -> bool:
    from modeltranslation.translator import NotRegistered, translator

    try:
        translator.get_options_for_model(model)
    except NotRegistered:
        return False
    return True


# ---------------------------------------------------------------------------------------
# Import and export


class SafeImportForm(ImportForm):
    """The upload form: refuses bad files (size, encoding, zip bombs, formulas, columns)."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self._formats = formats
        self._resources = resources
        self.fields["import_file"].label = _("File to import")
        self.fields["format"].label = _("Format")
        self.fields["import_file"].help_text = _(
            "A CSV file (UTF-8) or an Excel file (XLSX) of up to %(size)d MB, with a heading "
            "row. Export the list first to get a file with the right columns."
        ) % {"size": max_bytes() // (1024 * 1024)}

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        fmt = cleaned.get("format")
        if upload is None or fmt in (None, ""):
            return cleaned
        try:
            check_size(upload.size)  # before reading a byte of it
            data = b"".join(upload.chunks())
            dataset = self._formats[int(fmt)]().create_dataset(data)
            resource = self._resources[int(cleaned.get("resource") or 0)]()
            check_columns(dataset, resource)
        except ImportFileError as exc:
            self.add_error("import_file", str(exc))
        finally:
            upload.seek(0)
        return cleaned


def build_preview(result) -> dict:
    """Every row of the file, in order: what it would do, what it changes, what is wrong."""
    lines = []
    for number, row in enumerate(result.rows, start=1):
        errors = []
        if row.validation_error is not None:
            error = row.validation_error
            if hasattr(error, "error_dict"):
                for field, field_errors in error.message_dict.items():
                    errors.append(
                        {"column": "" if field == "__all__" else field, "messages": field_errors}
                    )
            else:
                errors.append({"column": "", "messages": error.messages})
        for error in row.errors:
            errors.append({"column": "", "messages": [str(error.error)]})
        values = row.row_values or {}
        lines.append(
            {
                "line": number + 1,  # the heading is line 1 of the file
                "type": row.import_type,
                "name": (
                    values.get("name_el")
                    or values.get("name_en")
                    or values.get("address_el")
                    or row.object_repr
                    or ""
                ),
                "changes": [] if errors else (row.diff or []),
                "errors": errors,
            }
        )
    base_errors = [str(error.error) for error in result.base_errors]
    return {
        "lines": lines,
        "base_errors": base_errors,
        "error_lines": sum(1 for line in lines if line["errors"]),
        "totals": {
            "new": result.totals.get("new", 0),
            "update": result.totals.get("update", 0),
            "skip": result.totals.get("skip", 0),
            "invalid": result.totals.get("invalid", 0) + result.totals.get("error", 0),
        },
    }


class BackofficeExportForm(ExportForm):
    """Format only: the file holds every column of the import, for the rows the list shows."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = _("Format")
        self.fields["format"].choices = [c for c in self.fields["format"].choices if c[0] != ""]
        self.fields["format"].initial = "0"


class BackofficeImportExportMixin(ImportExportMixin):
    import_form_class = SafeImportForm
    import_template_name = "admin/members/import.html"
    export_form_class = BackofficeExportForm
    export_template_name = "admin/members/export.html"
    import_error_display = ("message",)
    to_encoding = "utf-8-sig"  # a BOM, so Excel opens exported CSV files as UTF-8

    def get_import_formats(self):
        return [SafeCSV, SafeXLSX]

    def get_export_formats(self):
        return [CSV, XLSX]

    def has_import_permission(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and (
            request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        # All or nothing: a row that fails validation rolls the whole file back.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                gettext("The file could not be read. Check that it is a CSV or XLSX file."),
            )

    def import_action(self, request, **kwargs):
        # A refused upload gets its 400 from accmr.admin_site (the form has errors); a file
        # whose form is valid but whose rows cannot all be imported gets it here. A clean
        # preview, ready to confirm, stays 200.
        response = super().import_action(request, **kwargs)
        if isinstance(response, TemplateResponse) and response.context_data.get("result"):
            result = response.context_data["result"]
            response.context_data["preview"] = build_preview(result)
            if result.has_errors() or result.has_validation_errors():
                response.status_code = 400
        return response

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                gettext("Nothing was imported: the file has errors. Upload it again to see them."),
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            gettext("Import finished: {new} new, {updated} changed, {skipped} unchanged.").format(
                new=totals["new"], updated=totals["update"], skipped=totals["skip"]
            ),
        )
