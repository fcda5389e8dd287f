"""Reports (báo cáo): the bodies that issue them, their numbering, the drafts officials edit and
the frozen versions that were issued.

A draft keeps its sections in ``ReportSection`` rows (generated text and the official's edits).
Issuing allocates the body's next number, renders the whole document once and stores it in a
``ReportVersion`` together with the facts it was written from, so later changes to the data never
alter an issued report."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.softdelete import LiveManager, SoftDeletable, deleted_index
from webkit.uploads import random_path


class BodyKind(models.TextChoices):
    PARTY = "party", _("Party body (Guidance 36-HD/VPTW)")
    STATE = "state", _("State body (Decree 30/2020)")


def template_upload_to(instance, filename) -> str:
    # A random name (webkit.uploads); downloads are named after the body's abbreviation.
    return random_path("reports/templates", filename)


class IssuingBodyQuerySet(models.QuerySet):
    def visible_to(self, user):
        from accounts.access import scope_q
        from accounts.roles import Cap

        return self.filter(scope_q(user, Cap.VIEW))


class IssuingBody(models.Model):
    """A body that issues reports in its own name, with the header, numbering and signature its
    rules prescribe."""

    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="issuing_bodies"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BodyKind.choices)
    superior_name = models.CharField(
        _("superior body"), max_length=200, blank=True, help_text=_('Top left, first line, e.g. "QUẬN ỦY BẮC TỪ LIÊM".')
    )
    name = models.CharField(_("issuing body"), max_length=300, help_text=_('One name per line, e.g. "BAN DÂN VẬN".'))
    abbreviation = models.CharField(
        _("abbreviation"), max_length=40, help_text=_('Used in the number, e.g. "BDVQU" or "UBND".')
    )
    place = models.CharField(_("place"), max_length=100, help_text=_('Place in the date line, e.g. "Bắc Từ Liêm".'))
    term_start = models.DateField(
        _("start of the committee term"),
        null=True,
        blank=True,
        help_text=_("Party bodies number their documents per type over a committee term."),
    )
    signer_on_behalf = models.CharField(
        _("signing on behalf of"), max_length=100, blank=True, help_text=_('E.g. "T/M BAN THƯỜNG VỤ".')
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, help_text=_('E.g. "TRƯỞNG BAN".'))
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True, help_text=_("One per line."))
    template = models.FileField(_("DOCX template"), upload_to=template_upload_to, blank=True, max_length=200)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = IssuingBodyQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")

    def __str__(self):
        name = " ".join(self.name.split())
        return f"{name} – {self.superior_name}" if self.superior_name else name

    @property
    def name_lines(self) -> list[str]:
        return [line.strip() for line in self.name.splitlines() if line.strip()]

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def area(self):
        """The unit a report of this body is about by default: an agency's parent area
        (Ban Dân vận Quận ủy → the district), else the body's own unit."""
        if self.unit.unit_type == "agency" and self.unit.parent_id:
            return self.unit.parent
        return self.unit

    def series_key(self, day: dt.date) -> str:
        """Party numbers run over the committee term; state numbers restart every year."""
        if self.kind == BodyKind.PARTY and self.term_start:
            return f"term:{self.term_start.isoformat()}"
        return f"year:{day.year}"


class NumberSeries(models.Model):
    """The last number given in one series (body × document type × term or year)."""

    body = models.ForeignKey(IssuingBody, on_delete=models.CASCADE, related_name="number_series")
    doc_type = models.CharField(max_length=10, default="BC")
    key = models.CharField(max_length=40)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "doc_type", "key"], name="reports_series_unique")]

    def __str__(self):
        return f"{self.body} {self.doc_type} {self.key}: {self.last}"


class ReportKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Half-year review (sơ kết 6 tháng)")
    YEAR = "year", _("Annual review (tổng kết năm)")
    MULTI_YEAR = "multi_year", _("Multi-year review")
    THEMATIC = "thematic", _("Thematic report")


class Theme(models.TextChoices):
    REGISTRY = "registry", _("The “Dân vận khéo” movement")
    AWARDS = "awards", _("Emulation and rewards")
    DEMOCRACY = "democracy", _("Grassroots democracy and dialogues")
    CULTURE = "culture", _("Cultural life")
    GOVERNMENT = "government", _("Government mass mobilization, security and religion")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        from accounts.access import scope_q
        from accounts.roles import Cap

        return self.filter(scope_q(user, Cap.VIEW))


class Report(SoftDeletable):
    kind = models.CharField(_("kind"), max_length=12, choices=ReportKind.choices)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit reported on"), on_delete=models.PROTECT, related_name="reports"
    )
    body = models.ForeignKey(
        IssuingBody, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=12, choices=Theme.choices, blank=True)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    facts = models.JSONField(_("facts"), default=dict, editable=False)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    number_text = models.CharField(_("document number"), max_length=60, blank=True, editable=False)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=0, editable=False)
    # Optimistic lock: every change of the draft (title, a section, figures, issuing) adds one;
    # an edit sent with an older number was made on a stale page and is refused.
    edit_version = models.PositiveIntegerField(_("edit version"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["facts"])
    # Live rows only (lib.softdelete); ``all_objects`` sees deleted ones too.
    objects = LiveManager.from_queryset(ReportQuerySet)()
    all_objects = models.Manager.from_queryset(ReportQuerySet)()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [deleted_index("reports_deleted")]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT


class ReportSection(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(_("heading"), max_length=200)
    generated = models.TextField(_("generated text"), blank=True, editable=False)
    text = models.TextField(_("text"), blank=True)
    edited = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="reports_section_unique")]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")

    def __str__(self):
        return self.heading


class ReportVersion(models.Model):
    """What was issued, frozen: the rendered content, the facts, and the DOCX as generated."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField(_("version"))
    number_text = models.CharField(_("document number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField(default=dict)
    facts = models.JSONField(default=dict)
    docx = models.BinaryField(blank=True, default=b"")
    # Rendered by a background task after issuing (``reports.tasks``); until then PDFs are
    # rendered on request from ``content``.
    pdf = models.BinaryField(blank=True, default=b"")

    history = HistoricalRecords(excluded_fields=["content", "facts", "docx", "pdf"])

    class Meta:
        ordering = ["report_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="reports_version_unique")]
        verbose_name = _("issued version")
        verbose_name_plural = _("issued versions")

    def __str__(self):
        return f"{self.number_text} (v{self.version})"


class ReportLayout(models.Model):
    """Which sections a report carries, in which order, with which of the statistics form's
    sections — for one kind of report and/or one issuing body (blank: any). The most specific
    active layout applies (``reports.structure.layout_for``); without one, the standard layout.

    ``sections`` is a list of {"key", "heading", "guidance", "form_sections"}: a known key
    ("intro", "registry", "awards", "democracy", "culture", "government", "figures",
    "reporting", "strengths", "limitations", "lessons", "tasks", "proposals") is written from
    the data; any other key is a section for the official to write, shown with its guidance.
    "{next_period}" in a heading names the next period ("6 tháng cuối năm 2026")."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=ReportKind.choices, blank=True)
    body = models.ForeignKey(
        IssuingBody,
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="layouts",
    )
    sections = models.JSONField(_("sections"), default=list)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("report layout")
        verbose_name_plural = _("report layouts")

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        from reports.structure import validate_layout

        problems = validate_layout(self.sections)
        if problems:
            raise ValidationError({"sections": problems})
