"""Every change to reports and issuing bodies. Keyword-only, atomic, validated, with the history
saying who did it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import narrative, render
from reports.facts import Scope, gather_facts
from reports.models import (
    IssuingBody,
    NumberSeries,
    Report,
    ReportKind,
    ReportSection,
    ReportStatus,
    ReportVersion,
    Theme,
)

MIN_YEAR, MAX_YEAR = 2000, 2100


def _save(obj, by, **kwargs):
    obj._history_user = by
    obj.full_clean()
    obj.save(**kwargs)
    return obj


# ------------------------------------------------------------------------------------ bodies
@transaction.atomic
def body_create(*, by, **fields) -> IssuingBody:
    template = fields.pop("template", None)
    if template:
        render.validate_template(template)
    body = IssuingBody(**fields)
    if template:
        body.template = template
    return _save(body, by)


@transaction.atomic
def body_update(*, body: IssuingBody, by, **fields) -> IssuingBody:
    template = fields.pop("template", None)
    if template:
        render.validate_template(template)
        body.template = template
    for name, value in fields.items():
        setattr(body, name, value)
    return _save(body, by)


# ------------------------------------------------------------------------------------ drafting
def _validate_scope(kind: str, year: int, year_from: int | None, theme: str) -> None:
    errors = {}
    if kind not in ReportKind.values:
        errors["kind"] = _("Choose a kind of report.")
    if not (MIN_YEAR <= int(year) <= MAX_YEAR):
        errors["year"] = _("The year must be between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}
    if kind == ReportKind.MULTI_YEAR:
        if not year_from or not (MIN_YEAR <= int(year_from) < int(year)):
            errors["year_from"] = _("A multi-year review needs a first year before the last year.")
    if kind == ReportKind.THEMATIC and theme not in Theme.values:
        errors["theme"] = _("Choose the theme of the report.")
    if errors:
        raise ValidationError(errors)


def _body_words(body: IssuingBody) -> str:
    """How the narrative names the body: "Ban Dân vận Quận ủy Bắc Từ Liêm", "Ủy ban nhân dân
    phường Tam Quan Nam"."""
    unit = body.unit
    if unit.unit_type == "agency":
        return unit.name
    text = " ".join(body.name_lines)
    if unit.name.upper() in text:
        prefix = text.replace(unit.name.upper(), "").strip().capitalize()
        return f"{prefix} {unit.name[:1].lower()}{unit.name[1:]}".strip()
    return text.capitalize()


@transaction.atomic
def report_draft(*, by, kind: str, unit, body: IssuingBody, year: int, year_from: int | None = None, theme=""):
    """Gather the facts and write the whole draft: title, sections, appendix."""
    _validate_scope(kind, year, year_from, theme)
    if not body.active:
        raise ValidationError({"body": _("This issuing body is no longer active.")})
    scope = Scope(kind, int(year), int(year_from) if kind == ReportKind.MULTI_YEAR else None)
    facts = gather_facts(unit, scope)
    theme = theme if kind == ReportKind.THEMATIC else ""
    title = narrative.title_for(kind, facts, Theme(theme).label if theme else "")
    report = Report(
        kind=kind,
        unit=unit,
        body=body,
        year=scope.year,
        year_from=scope.year_from,
        theme=theme,
        title=title[:300],
        facts=facts,
        created_by=by,
    )
    _save(report, by)
    sections = narrative.draft_sections(facts, theme=theme, body_name=_body_words(body))
    for order, (key, heading, text) in enumerate(sections):
        section = ReportSection(report=report, key=key, order=order, heading=heading, generated=text, text=text)
        _save(section, by)
    return report


def _require_draft(report: Report) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("An issued report cannot be changed; start a new version first."))


@transaction.atomic
def report_update_section(*, report: Report, key: str, text: str, by, heading: str | None = None):
    """Keep the official's edit of one section."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    section = report.sections.filter(key=key).first()
    if section is None:
        raise ValidationError({"key": _("Unknown section.")})
    section.text = (text or "").replace("\r\n", "\n").strip()
    if heading is not None and heading.strip():
        section.heading = heading.strip()[:200]
    section.edited = section.text != section.generated
    _save(section, by)
    report.updated_at = timezone.now()
    report._history_user = by
    report.save(update_fields=["updated_at"])
    return section


@transaction.atomic
def report_update_title(*, report: Report, title: str, by) -> Report:
    _require_draft(report)
    if not (title or "").strip():
        raise ValidationError({"title": _("The title cannot be empty.")})
    report.title = title.strip()[:300]
    report.updated_at = timezone.now()
    return _save(report, by, update_fields=["title", "updated_at"])


@transaction.atomic
def report_refresh(*, report: Report, by) -> Report:
    """Gather the facts again; sections the official has not edited are rewritten."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    scope = Scope(report.kind, report.year, report.year_from)
    report.facts = gather_facts(report.unit, scope)
    report.updated_at = timezone.now()
    _save(report, by, update_fields=["facts", "updated_at"])
    fresh = {
        k: t
        for k, _h, t in narrative.draft_sections(report.facts, theme=report.theme, body_name=_body_words(report.body))
    }
    for section in report.sections.all():
        if section.key in fresh:
            section.generated = fresh[section.key]
            if not section.edited:
                section.text = section.generated
            _save(section, by)
    return report


# ------------------------------------------------------------------------------------ issuing
def allocate_number(*, body: IssuingBody, day: dt.date, doc_type: str = "BC") -> int:
    """The body's next number in the series of ``day`` (term or year), under a row lock so two
    reports issued at once never share a number. Call inside a transaction."""
    key = body.series_key(day)
    NumberSeries.objects.get_or_create(body=body, doc_type=doc_type, key=key)
    series = NumberSeries.objects.select_for_update().get(body=body, doc_type=doc_type, key=key)
    NumberSeries.objects.filter(pk=series.pk).update(last=F("last") + 1)
    series.refresh_from_db(fields=["last"])
    return series.last


@transaction.atomic
def report_issue(*, report: Report, by, issued_on: dt.date | None = None) -> ReportVersion:
    """Number the report, render it once and freeze it as a new version."""
    report = Report.objects.select_for_update().select_related("body", "unit").get(pk=report.pk)
    _require_draft(report)
    if not any(s.text.strip() for s in report.sections.all()):
        raise ValidationError(_("The report is empty."))
    day = issued_on or timezone.localdate()
    number = allocate_number(body=report.body, day=day)
    content = render.build_content(report, number=number, day=day)
    version = ReportVersion(
        report=report,
        version=report.version + 1,
        number_text=content["header"]["number"],
        issued_on=day,
        issued_by=by,
        content=content,
        facts=report.facts,
        docx=render.render_docx(content, report.body),
    )
    _save(version, by)
    report.status = ReportStatus.ISSUED
    report.number = number
    report.number_text = version.number_text
    report.issued_on = day
    report.version = version.version
    report.updated_at = timezone.now()
    _save(report, by)
    transaction.on_commit(lambda: _enqueue_pdf(version.pk))
    return version


def _enqueue_pdf(version_id: int) -> None:
    """Ask the worker for the frozen PDF; if the queue is unavailable the PDF is simply rendered
    on request later."""
    from reports.tasks import render_version_pdf

    try:
        render_version_pdf.enqueue(version_id)
    except Exception:  # never let a queue problem undo or hide a successful issue
        import logging

        logging.getLogger(__name__).warning("could not enqueue the PDF of report version %s", version_id)


@transaction.atomic
def report_new_version(*, report: Report, by) -> Report:
    """Reopen an issued report for a corrected version; the issued versions stay as they were."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.ISSUED:
        raise ValidationError(_("Only an issued report can get a new version."))
    report.status = ReportStatus.DRAFT
    report.updated_at = timezone.now()
    return _save(report, by)
