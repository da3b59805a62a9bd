"""Spreadsheet imports on their way through the queue (members.imports)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One uploaded file on its way through the queue: checked (the dry run), then imported.

    The file itself is kept here (not on a disk a worker may not share) until the job is
    deleted; the row-by-row report of the latest phase is kept in `report`. While a phase
    runs, the live counts are in the "progress" cache (members.imports.jobs), and a job whose
    worker has been silent for IMPORT_STALE_SECONDS is marked failed, never left running.
    """

    class Phase(models.TextChoices):
        CHECK = "check", _("check")
        IMPORT = "import", _("import")

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("running")
        CHECKED = "checked", _("checked, ready to import")
        INVALID = "invalid", _("the file has errors")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    model = models.CharField(_("records"), max_length=100, help_text=_("app_label.model_name"))
    resource = models.CharField(_("resource"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.PositiveSmallIntegerField(_("format"))
    data = models.BinaryField(_("file"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase, default=Phase.CHECK)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows read"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    report = models.JSONField(_("report"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
