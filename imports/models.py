"""One import of an Excel sheet: the stored upload, what it holds, how far it got, and the
errors found row by row (kept as JSON so the annotated sheet can be rebuilt on request)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from webkit.uploads import random_path


def import_upload_to(instance, filename) -> str:
    return random_path("imports", filename)


class ImportKind(models.TextChoices):
    INITIATIVES = "initiatives", _("Initiative registrations")
    VALUES = "values", _("Statistics values")
    AWARDS = "awards", _("Award decisions with recipients")
    SUMMARIES = "summaries", _("Summary counts for history")
    UNITS = "units", _("Units (administrators)")
    USERS = "users", _("User accounts (administrators)")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    INVALID = "invalid", _("Has errors")
    VALID = "valid", _("Checked, ready to import")
    QUEUED = "queued", _("Waiting to run")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = (ImportStatus.INVALID, ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.CANCELLED)


class ImportJob(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=ImportKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    file = models.FileField(_("file"), upload_to=import_upload_to)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    # For statistics values: which form and period the sheet fills.
    data_set = models.ForeignKey(
        "stats.DataSet", verbose_name=_("form"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=10, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # [{"row": 3, "column": "Năm", "value": "2030", "message": "…"}]; row 0 = the file as a whole.
    errors = models.JSONField(default=list, blank=True)
    columns = models.JSONField(default=list, blank=True)  # [{"header": …, "field": …, "label": …, "exact": bool}]
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    cancel_requested = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
