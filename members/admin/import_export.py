"""Import and export in the back office (members and network).

BackofficeImportExportMixin: CSV/XLSX import with file checks, a row-by-row preview and
all-or-nothing writes; exports of what the list shows, with formulas neutralised.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm, ImportForm

from members.imports.files import (
    ImportFileError,
    SafeCSV,
    SafeXLSX,
    check_columns,
    check_size,
    max_bytes,
)


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
