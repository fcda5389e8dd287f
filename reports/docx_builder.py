"""The starting DOCX template an issuing body downloads, edits in Word and uploads again: the
official layout of the generated reports (``reports.layout`` drawn by ``reports.layout_docx``) —
the header table of a party (Hướng dẫn 36-HD/VPTW) or state (Nghị định 30/2020/NĐ-CP) body, the
drawn lines with their lengths, page numbers centred at the top from page 2, the closing with
"Nơi nhận" and the signature — with docxtpl tags where a report puts its own text
({{ number }}, {%p for s in sections %} …).

The lines are measured on the body's own texts (the line under a state body's name is a third to a
half of that name), so the template of a body is made for that body; ``build_all`` writes a
generic pair into ``templates_docx/`` (``python manage.py reports_build_templates``)."""

from __future__ import annotations

import io
from pathlib import Path

from reports import layout, layout_docx
from reports.render import PARTY_NATIONAL, STATE_NATIONAL

# The generic bodies of the shipped templates.
SAMPLE_BODIES = {
    "party": {"superior": "QUẬN ỦY", "body_lines": ["BAN DÂN VẬN"]},
    "state": {"superior": "", "body_lines": ["ỦY BAN NHÂN DÂN", "PHƯỜNG"]},
}


def _control(tag: str) -> dict:
    """A paragraph holding only a docxtpl tag ({%p … %}): docxtpl removes it when filling in."""
    return {"type": "para", "text": tag}


def starter_blocks(kind: str, superior: str, body_lines: list[str]) -> list[dict]:
    """The layout's blocks for a report of a body of ``kind`` ("party"/"state"), with tags in place
    of the report's own texts."""
    content = {
        "header": {
            "kind": kind,
            "superior": superior,
            "body_lines": body_lines or [""],
            "number": "{{ number }}",
            "national": PARTY_NATIONAL if kind == "party" else STATE_NATIONAL,
            "place_date": "{{ place_date }}",
        },
        "title": "{{ title }}",
        "subtitle": "{{ subtitle }}",
        "sections": [{"key": "s", "heading": "{{ s.heading }}", "paragraphs": ["{{ para }}"]}],
        "signature": {
            "on_behalf": "{{ signer_on_behalf }}",
            "title": "{{ signer_title }}",
            "name": "{{ signer_name }}",
        },
        "recipients": [],
        "appendix": [],
    }
    out = []
    for block in layout.blocks(content):
        kind_ = block["type"]
        if kind_ == "columns" and block["role"] == "header":
            left = list(block["left"])
            start = 1 if superior else 0
            if superior:
                left[0] = {**left[0], "text": "{{ superior }}"}
            # the body's name lines: one paragraph (the tag gives its lines), sized as the first
            names = len(body_lines or [""])
            left[start : start + names] = [{**left[start], "text": "{{ body_name }}"}]
            block = {**block, "left": left}
        elif kind_ == "columns" and block["role"] == "closing":
            left = list(block["left"])
            entry = left[1]  # the style of a recipient line
            left[1:] = [
                {**entry, "text": "{%p for r in recipient_lines %}"},
                {**entry, "text": "{{ r }}"},
                {**entry, "text": "{%p endfor %}"},
            ]
            block = {**block, "left": left}
        elif kind_ == "heading":
            out.append(_control("{%p for s in sections %}"))
            out.append(block)
            out.append(_control("{%p for para in s.paragraphs %}"))
            continue
        elif kind_ == "para" and block["text"] == "{{ para }}":
            out += [block, _control("{%p endfor %}"), _control("{%p endfor %}")]
            continue
        out.append(block)
    # the appendix pages (reports.render puts the tables where this tag stands)
    out += [{"type": "page_break"}, _control("{{ appendix }}")]
    return out


def starter_docx(kind: str, superior: str, body_lines: list[str]) -> bytes:
    out = io.BytesIO()
    layout_docx.document_from_blocks(starter_blocks(kind, superior, body_lines)).save(out)
    return out.getvalue()


def starter_for(body) -> bytes:
    """The starting template of an issuing body."""
    return starter_docx(body.kind, body.superior_name, body.name_lines)


def build(kind: str, path: Path) -> Path:
    path.write_bytes(starter_docx(kind, **SAMPLE_BODIES[kind]))
    return path


def build_all(directory: Path | None = None) -> list[Path]:
    directory = directory or Path(__file__).resolve().parent / "templates_docx"
    directory.mkdir(parents=True, exist_ok=True)
    return [build(kind, directory / f"{kind}.docx") for kind in ("party", "state")]
