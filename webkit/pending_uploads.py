"""Files kept across a form error.

A browser cannot put a file back into ``<input type="file">``, so when a form with a valid upload
is refused for another field, the upload is kept on the server under ``MEDIA_ROOT/tmp/pending``
with a random token recorded in the user's session. The form shows "File kept: name.pdf" with a
"remove" box and carries the token in a hidden field; the next submission without a new file uses
the kept one (checked again by the form's own content check), and a successful save deletes it.

Views use three calls around the usual pattern::

    form = SomeForm(request.POST or None, request.FILES or None)
    restore(request, form, ["scan"])            # before is_valid()
    if form.is_valid(): ... release(request, form, ["scan"]); return redirect(...)
    keep(request, form, ["scan"])               # the form is shown again

Only tokens found in the session are honoured, so one user can never pick up another's file.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext as _

SESSION_KEY = "pending_uploads"
MAX_AGE_SECONDS = 24 * 3600
MAX_PER_SESSION = 10
KEPT_SUFFIX = "__kept"
DROP_SUFFIX = "__drop"


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "tmp" / "pending"


def _path(token: str) -> Path:
    return _folder() / token


def _entries(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _save_entries(request, entries: dict) -> None:
    request.session[SESSION_KEY] = entries
    request.session.modified = True


def _discard(request, token: str) -> None:
    entries = _entries(request)
    entries.pop(token, None)
    _save_entries(request, entries)
    _path(token).unlink(missing_ok=True)


def _sweep(request) -> None:
    """Forget files older than a day and keep at most MAX_PER_SESSION per session."""
    entries = _entries(request)
    now = time.time()
    ordered = sorted(entries.items(), key=lambda item: item[1].get("at", 0), reverse=True)
    for index, (token, entry) in enumerate(ordered):
        if index >= MAX_PER_SESSION or now - entry.get("at", 0) > MAX_AGE_SECONDS:
            _discard(request, token)


def _token_for(request, form, name: str) -> str | None:
    token = form.data.get(form.add_prefix(name) + KEPT_SUFFIX, "")
    return token if token in _entries(request) else None


def restore(request, form, names) -> None:
    """Before validation: a field left empty gets the file kept from the previous try (unless the
    user ticked "remove"); a new file always wins."""
    if not form.is_bound:
        return
    for name in names:
        token = _token_for(request, form, name)
        if token is None:
            continue
        if form.data.get(form.add_prefix(name) + DROP_SUFFIX):
            _discard(request, token)
            continue
        if form.files.get(form.add_prefix(name)):
            _discard(request, token)
            continue
        entry = _entries(request)[token]
        try:
            content = _path(token).read_bytes()
        except OSError:
            _discard(request, token)
            continue
        files = form.files.copy()
        files[form.add_prefix(name)] = SimpleUploadedFile(entry["name"], content, entry.get("content_type") or "")
        form.files = files
        _show(form, name, token, entry["name"])


def keep(request, form, names) -> None:
    """After a refusal: keep each upload that passed its own checks, so the next try has it."""
    if not form.is_bound:
        return
    _sweep(request)
    cleaned = getattr(form, "cleaned_data", {})
    for name in names:
        upload = cleaned.get(name)
        if not upload or name in form.errors:
            continue
        previous = _token_for(request, form, name)
        if previous and getattr(form.fields[name].widget, "kept", None):
            continue  # the same kept file: already stored
        token = secrets.token_urlsafe(24)
        folder = _folder()
        folder.mkdir(parents=True, exist_ok=True)
        upload.seek(0)
        with open(_path(token), "wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        upload.seek(0)
        entries = _entries(request)
        entries[token] = {
            "name": Path(upload.name).name,
            "content_type": getattr(upload, "content_type", "") or "",
            "at": time.time(),
        }
        _save_entries(request, entries)
        _show(form, name, token, entries[token]["name"])


def release(request, form, names) -> None:
    """After a successful save: the kept files were used; delete them."""
    if not form.is_bound:
        return
    for name in names:
        token = _token_for(request, form, name)
        if token:
            _discard(request, token)


def _show(form, name: str, token: str, filename: str) -> None:
    widget = form.fields[name].widget
    if not isinstance(widget, KeptFileInput):
        widget = KeptFileInput(attrs=widget.attrs)
        form.fields[name].widget = widget
    widget.kept = {"token": token, "name": filename}


class KeptFileInput(forms.ClearableFileInput):
    """A file input that also says which file is being kept from the previous try."""

    kept = None

    def render(self, name, value, attrs=None, renderer=None):
        html = forms.FileInput.render(self, name, value, attrs, renderer)
        if not self.kept:
            return html
        return html + format_html(
            '<input type="hidden" name="{}" value="{}">'
            '<div class="form-text" data-testid="kept-file">{} <strong>{}</strong> '
            '<label class="ms-2"><input type="checkbox" class="form-check-input" name="{}"> {}</label></div>',
            name + KEPT_SUFFIX,
            self.kept["token"],
            _("File kept:"),
            self.kept["name"],
            name + DROP_SUFFIX,
            _("remove"),
        )
