"""Import and export in the back office (members and network).

BackofficeImportExportMixin: CSV/XLSX import with file checks; the check (a dry run) and the
all-or-nothing import run as tasks (members.imports.jobs), with a progress page and then a
row-by-row report; exports of what the list shows, with formulas neutralised.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm, ImportForm

from accmr.lib.pagination import page_of
from members.imports import jobs as imports
from members.imports.files import (
    ImportFileError,
    SafeCSV,
    SafeXLSX,
    check_columns,
    check_size,
    max_bytes,
)
from members.models import ImportJob

REPORT_LINES_PER_PAGE = 500


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
        # A valid upload becomes an ImportJob checked by a worker; the page answers at once
        # with a redirect to the job's progress page. A refused upload is shown again with
        # its errors (and gets its 400 from accmr.admin_site).
        if request.method == "POST":
            if not self.has_import_permission(request):
                raise PermissionDenied
            form = self.create_import_form(request)
            if form.is_valid():
                upload = form.cleaned_data["import_file"]
                upload.seek(0)
                job = imports.start(
                    model=self.model,
                    resource=self.choose_import_resource_class(form, request),
                    file_format=int(form.cleaned_data["format"]),
                    file_name=upload.name,
                    data=b"".join(upload.chunks()),
                    user=request.user,
                )
                return redirect(self._job_url(job))
        return super().import_action(request, **kwargs)

    def process_import(self, request, **kwargs):
        # import-export's synchronous import; ours runs in the queue (import_job_confirm).
        raise Http404

    def get_urls(self):
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "import/<int:job_id>/",
                view(self.import_job_view),
                name=f"{prefix}_import_job",
            ),
            path(
                "import/<int:job_id>/progress.json",
                view(self.import_job_progress),
                name=f"{prefix}_import_progress",
            ),
            path(
                "import/<int:job_id>/confirm/",
                view(require_POST(self.import_job_confirm)),
                name=f"{prefix}_import_confirm",
            ),
            path(
                "import/<int:job_id>/retry/",
                view(require_POST(self.import_job_retry)),
                name=f"{prefix}_import_retry",
            ),
            *super().get_urls(),
        ]

    def _job_url(self, job: ImportJob) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import_job", args=[job.pk])

    def _get_job(self, request, job_id: int) -> ImportJob:
        """The job, for the coordinator who uploaded it and may still import these records."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(
            # Neither the file nor the report (megabytes at 10,000 rows): the progress poll
            # reads the job every second; the report page loads its report when it shows it.
            ImportJob.objects.defer("data", "report"),
            pk=job_id,
            model=self.model._meta.label_lower,
            created_by=request.user,
        )
        return imports.fail_if_stale(job)

    def import_job_view(self, request, job_id: int):
        job = self._get_job(request, job_id)
        counts = imports.progress(job)
        preview, lines = None, None
        if not job.active and job.report:
            # The report of a large file comes in pages, so the page stays quick.
            preview = job.report
            lines = page_of(preview["lines"], request.GET.get("page"), REPORT_LINES_PER_PAGE)
            preview = {**preview, "lines": lines.object_list}
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import of {file}").format(file=job.file_name),
            "opts": self.model._meta,
            "job": job,
            "counts": counts,
            "percent": imports.percent(job, counts),
            "preview": preview,
            "lines_page": lines,
        }
        request.current_app = self.admin_site.name
        # A file whose rows cannot all be imported answers 400, like a refused form.
        status = 400 if job.state == ImportJob.State.INVALID else 200
        return TemplateResponse(request, "admin/members/import_job.html", context, status=status)

    def import_job_progress(self, request, job_id: int):
        job = self._get_job(request, job_id)
        counts = imports.progress(job)
        return JsonResponse(
            {
                "state": job.state,
                "label": job.get_state_display(),
                "active": job.active,
                "percent": imports.percent(job, counts),
                **{k: counts[k] for k in ("read", "checked", "written", "waiting")},
            },
            headers={"Cache-Control": "no-store"},
        )

    def import_job_confirm(self, request, job_id: int):
        job = self._get_job(request, job_id)
        if job.state != ImportJob.State.CHECKED or job.phase != ImportJob.Phase.CHECK:
            messages.error(request, gettext("This file is not ready to be imported."))
        else:
            imports.enqueue(job, ImportJob.Phase.IMPORT)
        return redirect(self._job_url(job))

    def import_job_retry(self, request, job_id: int):
        job = self._get_job(request, job_id)
        if job.state != ImportJob.State.FAILED:
            messages.error(request, gettext("Only a failed import can be tried again."))
        else:
            imports.enqueue(job, job.phase)
        return redirect(self._job_url(job))
