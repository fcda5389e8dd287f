"""One way in and one way out for every file people upload (initiative evidence, scanned recognition
and award decisions, report DOCX templates, later imports).

In: ``accept(upload, field=..., kinds=...)`` checks the size against ``DANVAN_UPLOAD_MAX_BYTES``
before anything is read, judges the type by the file's first bytes (never by its name or the
browser's word) against the field's allow-list, and renames the upload to a random name with the
extension of the detected type, so the stored name never comes from the uploader. Models store it
with ``random_path(folder, filename)`` as their ``upload_to``.

Out: ``serve(source, filename=...)`` streams a stored file after the caller's access check, with the
content type of the type detected from its content (unknown content: application/octet-stream),
``Content-Disposition: attachment`` except for PDF and raster images, ``X-Content-Type-Options:
nosniff`` and ``Content-Security-Policy: sandbox``. Nothing uploaded is ever served as HTML,
JavaScript or SVG, so a scripted file cannot run from this site's origin."""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.vn_format import format_filesize

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
HEAD_BYTES = 16
OCTET_STREAM = "application/octet-stream"


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extension: str
    content_type: str
    inline: bool  # safe to show in the browser (PDF, raster images); everything else downloads


PDF, JPEG, PNG, WEBP, DOCX, XLSX = "pdf", "jpeg", "png", "webp", "docx", "xlsx"
KINDS = {
    PDF: FileKind(PDF, "PDF", ".pdf", "application/pdf", True),
    JPEG: FileKind(JPEG, "JPEG", ".jpg", "image/jpeg", True),
    PNG: FileKind(PNG, "PNG", ".png", "image/png", True),
    WEBP: FileKind(WEBP, "WebP", ".webp", "image/webp", True),
    DOCX: FileKind(
        DOCX, "DOCX", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False
    ),
    XLSX: FileKind(XLSX, "XLSX", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
}
# The allow-lists of the upload fields.
DOCUMENTS = (PDF, JPEG, PNG, DOCX, XLSX)
SCANS = (PDF, JPEG, PNG)
TEMPLATES = (DOCX,)
IMAGES = (JPEG, PNG, WEBP)


def max_bytes() -> int:
    return int(getattr(settings, "DANVAN_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_words(n: int) -> str:
    """Bytes in Vietnamese figures: 20971520 → "20,0 MB", 1536 → "1,5 KB", 100 → "100 byte"."""
    return format_filesize(n)


def detect_kind(fileobj) -> str | None:
    """The type by content: magic bytes; DOCX and XLSX are ZIP archives holding
    ``[Content_Types].xml`` and ``word/`` or ``xl/`` parts. Reads the first bytes and, for a
    ZIP, its central directory only. Leaves the file at its start."""
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(fileobj)
    return None


def _office_kind(fileobj) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        fileobj.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def kinds_words(kinds) -> str:
    """ "PDF, JPEG hoặc PNG"."""
    labels = [KINDS[k].label for k in kinds]
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def _refuse(field: str, label, message: str):
    text = _("%(field)s: %(error)s") % {"field": label, "error": message} if label else message
    return ValidationError({field: [text]})


def check(upload, *, field: str, kinds, label=None, type_message=None) -> str:
    """The detected type code, or a ValidationError on ``field`` in the user's language (naming the
    field when ``label`` is given; ``type_message`` replaces the wrong-type message). The size is
    checked first, from the request's own count, so an oversized file is not read."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise _refuse(field, label, _("The file exceeds the %(limit)s limit.") % {"limit": size_words(limit)})
    kind = detect_kind(upload)
    if kind not in kinds:
        raise _refuse(field, label, type_message or _("The file must be %(types)s.") % {"types": kinds_words(kinds)})
    return kind


def accept(upload, *, field: str, kinds, label=None, type_message=None) -> tuple[str, str]:
    """Check the upload, then rename it so storage never sees the uploader's name: a random name
    with the extension of the detected type. Returns (type code, original file name)."""
    kind = check(upload, field=field, kinds=kinds, label=label, type_message=type_message)
    original = PurePosixPath((upload.name or "").replace("\\", "/")).name[:255]
    upload.name = f"{uuid.uuid4().hex}{KINDS[kind].extension}"
    return kind, original


def is_upload(value) -> bool:
    """A new file handed to a service (not the file already stored on the model)."""
    return isinstance(value, File) and not isinstance(value, FieldFile)


def random_path(folder: str, filename: str) -> str:
    """``upload_to`` for every upload field: ``folder/yyyy/mm/<uuid4>.<ext>``. Only a known
    extension is kept (``accept`` has already set it from the detected type)."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in {k.extension for k in KINDS.values()}:
        suffix = ""
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def serve(source, *, filename: str, cache: str = "private, max-age=0") -> FileResponse:
    """Stream a stored file (a FieldFile or a path) after the caller checked access. The type is
    judged again from the stored bytes, so an old or planted file gets no dangerous type."""
    try:
        handle = source.open("rb") if isinstance(source, FieldFile) else open(Path(source), "rb")  # noqa: SIM115
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    kind = KINDS.get(detect_kind(handle))
    if kind is not None:
        stem = PurePosixPath(filename or "").stem or "tep"
        filename = f"{stem}{kind.extension}"
    response = FileResponse(
        handle,
        content_type=kind.content_type if kind else OCTET_STREAM,
        as_attachment=not (kind and kind.inline),
        filename=filename or "tep",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = cache
    return response
