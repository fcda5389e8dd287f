"""Certificates (Bằng khen, Giấy khen, Giấy công nhận) as PDF, A4 landscape, one page per
recipient: the issuer's template (heading, place, signer — ``CertificateTemplate``) or, without
one, a default built from the decision. Rendered with WeasyPrint and the Liberation Serif font the
reports ship (it carries the Vietnamese letters)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from awards.models import AwardDecision, AwardRecipient, CertificateTemplate, RecipientKind
from lib.vn_format import date_short, place_date_line

FONTS_DIR = settings.BASE_DIR / "reports" / "fonts"
STATE_NATIONAL = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def _frame(issuer, issuer_title: str, signer: str, day) -> dict:
    template = CertificateTemplate.objects.filter(issuer=issuer).first()
    if template is not None:
        heading = [line.strip() for line in template.heading.splitlines() if line.strip()]
        place, signer_title = template.place, template.signer_title
        signer_name = signer or template.signer_name
    else:
        heading, place, signer_title, signer_name = [issuer_title.upper()], issuer.name, issuer_title.upper(), signer
    return {
        "heading": heading,
        "national": STATE_NATIONAL,
        "place_date": place_date_line(place, day),
        "signer_title": signer_title,
        "signer_name": signer_name,
    }


def _title(decision: AwardDecision) -> str:
    if decision.reward_form_id:
        return decision.reward_form.name.upper()
    return _("CERTIFICATE")


def award_pages(decision: AwardDecision, recipients) -> list[dict]:
    frame = _frame(decision.issuer, decision.issuer_title, decision.signer, decision.date)
    achievement = decision.summary.strip() or _("Has achieved outstanding results in %(what)s, year %(year)s.") % {
        "what": decision.area.name if decision.area_id else decision.what,
        "year": decision.year,
    }
    pages = []
    for recipient in recipients:
        if recipient.kind == RecipientKind.INDIVIDUAL:
            detail = ", ".join(x for x in (recipient.position, recipient.unit.name if recipient.unit else "") if x)
        else:
            detail = recipient.unit.name if recipient.name and recipient.unit else ""
        pages.append(
            {
                **frame,
                "title": _title(decision),
                "verb": _("Awarded to"),
                "recipient": recipient.display_name,
                "detail": detail,
                "achievement": decision.emulation_title.name if decision.emulation_title_id else "",
                "text": achievement,
                "decision_line": _("Decision no. %(number)s of %(date)s")
                % {"number": decision.number, "date": date_short(decision.date)},
            }
        )
    return pages


def recognition_pages(decision, items) -> list[dict]:
    """Giấy công nhận for the initiatives a recognition decision recognized."""
    frame = _frame(decision.issuer, decision.issuer.name, decision.signer, decision.date)
    pages = []
    for item in items:
        initiative = item.initiative
        pages.append(
            {
                **frame,
                "title": _("CERTIFICATE OF RECOGNITION"),
                "verb": _("Recognizes"),
                "recipient": initiative.name,
                "detail": initiative.unit.name,
                "achievement": _("“Dân vận khéo” model at %(level)s level")
                % {"level": decision.get_level_display().lower()},
                "text": "",
                "decision_line": _("Decision no. %(number)s of %(date)s")
                % {"number": decision.number, "date": date_short(decision.date)},
            }
        )
    return pages


def render_html(pages: list[dict], *, for_pdf: bool = True) -> str:
    return render_to_string(
        "awards/certificate.html", {"pages": pages, "fonts_url": FONTS_DIR.as_uri() if for_pdf else ""}
    )


def render_pdf(pages: list[dict]) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(pages), base_url=str(settings.BASE_DIR)).write_pdf()


def award_pdf(decision: AwardDecision, recipient: AwardRecipient | None = None) -> bytes:
    recipients = [recipient] if recipient is not None else list(decision.recipients.select_related("unit"))
    return render_pdf(award_pages(decision, recipients))
