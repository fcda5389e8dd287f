"""Every change to reports and issuing bodies. Keyword-only, atomic, validated, with the history
saying who did it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.audit import save_by
from accounts.roles import Cap
from lib import testpoints
from lib.errors import InvalidTransition
from lib.events import EventKind, emit
from lib.softdelete import mark_deleted, mark_restored
from reports import layouts, narrative, pdf_jobs, render
from reports.access import require_draft, require_issue, require_issue_in_name
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
# One limit for a section's text, whichever way it is edited (page or API): longer text makes
# the PDF take many seconds and no real report section comes near it.
SECTION_TEXT_MAX = 20_000


def _may_manage_bodies_message() -> str:
    return _("You may not manage issuing bodies of this unit.")


# ------------------------------------------------------------------------------------ bodies
@transaction.atomic
def body_create(*, by, **fields) -> IssuingBody:
    """A new issuing body; only someone who may issue on its unit adds one."""
    require_issue(by, fields.get("unit"), _may_manage_bodies_message())
    template = fields.pop("template", None)
    if template:
        render.validate_template(template)
    body = IssuingBody(**fields)
    if template:
        body.template = template
    return save_by(body, by=by)


@transaction.atomic
def body_update(*, body: IssuingBody, by, **fields) -> IssuingBody:
    """Change a body: the actor may issue on its unit, and on the new unit when it moves."""
    require_issue(by, body.unit, _may_manage_bodies_message())
    if fields.get("unit") is not None and fields["unit"] != body.unit:
        require_issue(by, fields["unit"], _may_manage_bodies_message())
    template = fields.pop("template", None)
    if template:
        render.validate_template(template)
        body.template = template
    for name, value in fields.items():
        setattr(body, name, value)
    return save_by(body, by=by)


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
    return render.body_words(body)


@transaction.atomic
def report_draft(*, by, kind: str, unit, body: IssuingBody, year: int, year_from: int | None = None, theme=""):
    """Gather the facts and write the whole draft: title, sections, appendix."""
    require_draft(by, unit)
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
    save_by(report, by=by)
    layout = layouts.layout_for(kind, body)
    sections = narrative.draft_sections(facts, theme=theme, body_name=_body_words(body), layout=layout)
    for order, (key, heading, text) in enumerate(sections):
        section = ReportSection(report=report, key=key, order=order, heading=heading, generated=text, text=text)
        save_by(section, by=by)
    return report


def _require_draft(report: Report) -> None:
    if report.status != ReportStatus.DRAFT:
        raise InvalidTransition(
            _("An issued report cannot be changed; start a new version first."), code="already_issued"
        )


def _lock(report: Report) -> Report:
    """The report row, locked until the end of the transaction: an edit and an issue of the same
    report never interleave, so what is issued is exactly what was last saved."""
    return Report.objects.select_for_update().select_related("body__unit", "unit").get(pk=report.pk)


@transaction.atomic
def report_delete(*, report: Report, by) -> Report:
    """Mark a draft deleted (lib.softdelete); an administrator may bring it back. A report that was
    ever issued holds a number in the register and stays."""
    report = _lock(report)
    require_draft(by, report.unit)
    if report.status != ReportStatus.DRAFT or report.number is not None:
        raise InvalidTransition(_("An issued report cannot be deleted."), code="already_issued")
    return mark_deleted(report, by=by)


@transaction.atomic
def report_restore(*, report: Report, by) -> Report:
    """Bring a deleted report back (an administrator of the unit reported on)."""
    report = Report.all_objects.select_for_update().select_related("unit").get(pk=report.pk)
    require(by, Cap.MANAGE_UNITS, report.unit, _("You may not restore this report."))
    if not report.is_deleted:
        raise InvalidTransition(_("This record is not deleted."), code="not_deleted")
    return mark_restored(report, by=by)


def _day_time(value) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i")


def _change_words(record) -> str:
    """What one recorded change of the report did, in words (from its change reason)."""
    reason = record.history_change_reason or ""
    if reason == "title":
        return _("the title (now “%(title)s”)") % {"title": record.title}
    if reason.startswith("section:"):
        key = reason.split(":", 1)[1]
        heading = ReportSection.objects.filter(report_id=record.id, key=key).values_list("heading", flat=True).first()
        return _("the section “%(heading)s”") % {"heading": heading or key}
    if reason == "refresh":
        return _("the figures (gathered again)")
    if reason == "issue":
        return _("its status (issued as %(number)s)") % {"number": record.number_text}
    if reason == "new_version":
        return _("its status (a new version was opened)")
    return _("its content")


def _stale_message(report: Report, seen: int) -> str:
    changes = list(report.history.filter(edit_version__gt=seen).select_related("history_user").order_by("history_id"))
    last = changes[-1] if changes else None
    who = (last.history_user.get_full_name() or last.history_user.username) if last and last.history_user else ""
    what = "; ".join(dict.fromkeys(_change_words(c) for c in changes)) or _("its content")
    return _(
        "This report was changed after you opened it%(who)s at %(when)s: %(what)s. What you typed is kept here; "
        "check it and save again to replace that change."
    ) % {"who": _(" by %(name)s") % {"name": who} if who else "", "when": _day_time(report.updated_at), "what": what}


def _check_edit_version(report: Report, seen) -> None:
    """Refuse an edit made on a page (or API read) older than the last saved change."""
    if seen is None:
        return
    if int(seen) != report.edit_version:
        raise InvalidTransition(_stale_message(report, int(seen)), code="stale_version")


def _bump(report: Report, by, reason: str, fields: list[str]) -> Report:
    """Save the report's changed ``fields`` as one more edit version, recording why."""
    report.edit_version += 1
    report.updated_at = timezone.now()
    report._change_reason = reason
    # Callers validate the changed fields first (full_clean on the whole report would re-check
    # the untouched facts blob on every keystroke).
    return save_by(report, by=by, update_fields=[*fields, "edit_version", "updated_at"], clean=False)


def check_section_text(text: str) -> str:
    """The section text as stored (newlines normalised, trimmed), or ValidationError if too long."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > SECTION_TEXT_MAX:
        raise ValidationError(
            {
                "text": _("The text of a section may be at most %(max)s characters; this one has %(n)s.")
                % {"max": f"{SECTION_TEXT_MAX:,}".replace(",", "."), "n": f"{len(text):,}".replace(",", ".")}
            }
        )
    return text


@transaction.atomic
def report_update_section(
    *, report: Report, key: str, text: str, by, heading: str | None = None, edit_version: int | None = None
):
    """Keep the official's edit of one section. ``edit_version``: the report's edit version the
    editor saw (None only for internal callers)."""
    report = _lock(report)
    require_draft(by, report.unit)
    _require_draft(report)
    _check_edit_version(report, edit_version)
    section = report.sections.filter(key=key).first()
    if section is None:
        raise ValidationError({"key": _("Unknown section.")})
    section.text = check_section_text(text)
    if heading is not None and heading.strip():
        section.heading = heading.strip()[:200]
    section.edited = section.text != section.generated
    save_by(section, by=by)
    _bump(report, by, f"section:{key}", [])
    return section


@transaction.atomic
def report_update_title(*, report: Report, title: str, by, edit_version: int | None = None) -> Report:
    report = _lock(report)
    require_draft(by, report.unit)
    _require_draft(report)
    _check_edit_version(report, edit_version)
    if not (title or "").strip():
        raise ValidationError({"title": _("The title cannot be empty.")})
    report.title = title.strip()[:300]
    report.full_clean()
    return _bump(report, by, "title", ["title"])


@transaction.atomic
def report_refresh(*, report: Report, by, edit_version: int | None = None) -> Report:
    """Gather the facts again; sections the official has not edited are rewritten."""
    report = _lock(report)
    require_draft(by, report.unit)
    _require_draft(report)
    _check_edit_version(report, edit_version)
    scope = Scope(report.kind, report.year, report.year_from)
    report.facts = gather_facts(report.unit, scope)
    _bump(report, by, "refresh", ["facts"])
    fresh = {
        k: t
        for k, _h, t in narrative.draft_sections(
            report.facts,
            theme=report.theme,
            body_name=_body_words(report.body),
            layout=layouts.layout_for(report.kind, report.body),
        )
    }
    for section in report.sections.all():
        if section.key in fresh:
            section.generated = fresh[section.key]
            if not section.edited:
                section.text = section.generated
            save_by(section, by=by)
    return report


# ------------------------------------------------------------------------------------ issuing
def period_end(report: Report) -> dt.date:
    """The last day of the period a report covers: 30/06 for a half-year review, else 31/12."""
    return dt.date(report.year, 6, 30) if report.kind == ReportKind.HALF_YEAR else dt.date(report.year, 12, 31)


def _vn_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def check_issue_date(report: Report, day: dt.date) -> None:
    """A report is dated no earlier than the last month of the period it reports on, not in the
    future, and while its issuing body exists (its unit's validity). Reviews are customarily held and
    issued in the period's last month with figures up to the 15th (a half-year review in June, a
    year review in December, as the seeds' 20/12/2022 report was), so the month is allowed; 1900,
    2999 and a date months before the period ends are not."""
    errors = []
    earliest = period_end(report).replace(day=1)
    if day < earliest:
        errors.append(
            _(
                "The date of issue cannot be before %(date)s: a review is issued in the last month of its period at the earliest."
            )
            % {"date": _vn_date(earliest)}
        )
    today = timezone.localdate()
    if day > today:
        errors.append(_("The date of issue cannot be later than today (%(date)s).") % {"date": _vn_date(today)})
    unit = report.body.unit
    if unit.valid_from and day < unit.valid_from:
        errors.append(
            _("%(body)s only exists from %(date)s; the date of issue cannot be earlier.")
            % {"body": unit.name, "date": _vn_date(unit.valid_from)}
        )
    if unit.valid_to and day > unit.valid_to:
        errors.append(
            _("%(body)s ceased on %(date)s; the date of issue cannot be later.")
            % {"body": unit.name, "date": _vn_date(unit.valid_to)}
        )
    if errors:
        raise ValidationError({"issued_on": errors})


def _series_versions(body: IssuingBody, day: dt.date):
    """The versions already issued in the number series of ``day`` (term or year)."""
    qs = ReportVersion.objects.filter(report__body=body)
    key = body.series_key(day)
    if key.startswith("term:"):
        return qs.filter(issued_on__gte=body.term_start)
    return qs.filter(issued_on__year=day.year)


def _lock_series(body: IssuingBody, day: dt.date, doc_type: str) -> NumberSeries:
    """Lock the issuing body, then its counter row, for the rest of the transaction: reports of
    one body are numbered one at a time."""
    IssuingBody.objects.select_for_update().filter(pk=body.pk).first()
    key = body.series_key(day)
    NumberSeries.objects.get_or_create(body=body, doc_type=doc_type, key=key)
    return NumberSeries.objects.select_for_update().get(body=body, doc_type=doc_type, key=key)


def _check_date_order(body: IssuingBody, day: dt.date) -> None:
    """Numbers follow the order of dates: no report dated before the last one of the series."""
    latest = _series_versions(body, day).order_by("-issued_on", "-pk").first()
    if latest is not None and day < latest.issued_on:
        raise ValidationError(
            {
                "issued_on": _(
                    "The date of issue cannot be earlier than %(date)s: report %(number)s of this body was issued "
                    "on that day, and numbers must follow the order of dates."
                )
                % {"date": _vn_date(latest.issued_on), "number": latest.number_text}
            }
        )


def allocate_number(*, body: IssuingBody, day: dt.date, by, doc_type: str = "BC") -> int:
    """The body's next number in the series of ``day`` (term or year), under row locks so two
    reports issued at once never share a number and numbers follow the dates. Call inside a
    transaction; only someone holding issue rights in the body's own unit takes a number."""
    require_issue_in_name(by, body)
    series = _lock_series(body, day, doc_type)
    _check_date_order(body, day)
    NumberSeries.objects.filter(pk=series.pk).update(last=F("last") + 1)
    series.refresh_from_db(fields=["last"])
    return series.last


@transaction.atomic
def report_issue(
    *, report: Report, by, issued_on: dt.date | None = None, edit_version: int | None = None
) -> ReportVersion:
    """Number the report, render it once and freeze it as a new version."""
    report = _lock(report)
    require_issue_in_name(by, report.body)
    _require_draft(report)
    _check_edit_version(report, edit_version)
    if not any(s.text.strip() for s in report.sections.all()):
        raise InvalidTransition(_("The report is empty."), code="empty_report")
    day = issued_on or timezone.localdate()
    check_issue_date(report, day)
    number = allocate_number(body=report.body, day=day, by=by)
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
    save_by(version, by=by)
    report.status = ReportStatus.ISSUED
    report.number = number
    report.number_text = version.number_text
    report.issued_on = day
    report.version = version.version
    report.full_clean()
    _bump(report, by, "issue", ["status", "number", "number_text", "issued_on", "version"])
    testpoints.pause("reports.issue")  # crash-safety tests: everything written, nothing committed
    transaction.on_commit(lambda: _enqueue_pdf(version.pk))
    emit(EventKind.REPORT_ISSUED, unit=report.unit, obj=version, by=by)
    return version


def _enqueue_pdf(version_id: int) -> None:
    """Ask the worker for the frozen PDF; if the queue is unavailable the PDF is simply rendered
    on request later."""
    from reports.tasks import render_version_pdf

    try:
        pdf_jobs.sweep_stale_jobs()
        render_version_pdf.enqueue(version_id)
    except Exception:  # never let a queue problem undo or hide a successful issue
        import logging

        logging.getLogger(__name__).warning("could not enqueue the PDF of report version %s", version_id)


@transaction.atomic
def report_new_version(*, report: Report, by) -> Report:
    """Reopen an issued report for a corrected version; the issued versions stay as they were."""
    report = _lock(report)
    require_draft(by, report.unit)
    if report.status != ReportStatus.ISSUED:
        raise InvalidTransition(_("Only an issued report can get a new version."), code="not_issued")
    report.status = ReportStatus.DRAFT
    report.full_clean()
    return _bump(report, by, "new_version", ["status"])


@transaction.atomic
def report_pdf_retry(*, report: Report, by, version: int | None = None) -> ReportVersion:
    """Queue the PDF of an issued version (the latest by default) again, when its job failed,
    ran past the time limit or was never queued."""
    from reports.tasks import render_version_pdf

    _require_draft_or_issue(by, report)
    qs = ReportVersion.objects.select_for_update().filter(report=report)
    frozen = (qs.filter(version=version) if version is not None else qs.order_by("-version")).first()
    if frozen is None:
        raise InvalidTransition(_("This report has no issued version yet."), code="not_issued")
    state = pdf_jobs.states(pdf_jobs.with_pdf_flag(ReportVersion.objects.filter(pk=frozen.pk)))[frozen.pk]
    if state == pdf_jobs.PdfState.READY:
        raise InvalidTransition(_("The PDF of this version is already stored."), code="pdf_ready")
    if state not in pdf_jobs.PdfState.RETRYABLE:
        raise InvalidTransition(_("The PDF is still being prepared; try again in a few minutes."), code="pdf_running")
    render_version_pdf.enqueue(frozen.pk)
    return frozen


def _require_draft_or_issue(by, report: Report) -> None:
    """Asking for a PDF again is for those who may draft on the report's unit or issue for its body."""
    from django.core.exceptions import PermissionDenied

    try:
        require_draft(by, report.unit)
    except PermissionDenied:
        require_issue(by, report.body.unit, _("You may not do this for this unit."))
