"""The Vietnamese catalogue is complete and compiled; the interface switches to English."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def _catalogues():
    return sorted(p for p in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_every_vietnamese_message_is_translated_and_compiled():
    assert _catalogues(), "no vi catalogue found"
    for po_path in _catalogues():
        po = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
        assert not untranslated, f"{po_path}: {untranslated[:5]}"
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} missing: run make messages"
        compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo_path))}
        missing = [e.msgid for e in po.translated_entries() if not e.msgid_plural and compiled.get(e.msgid) != e.msgstr]
        assert not missing, f"{mo_path} is stale for: {missing[:5]}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="xgettext (gettext) is not installed")
def test_every_marked_string_in_the_code_is_in_a_catalogue(tmp_path):
    """Extract the marked strings again and check none is missing from the committed catalogues."""
    known = set()
    for po_path in _catalogues():
        known |= {e.msgid for e in polib.pofile(str(po_path))}
    files = sorted(str(p) for p in ROOT.rglob("*.py") if _is_source(p, ROOT))
    out = subprocess.run(
        [
            "xgettext",
            "-L",
            "Python",
            "--from-code=UTF-8",
            "-k_",
            "-kgettext",
            "-kgettext_lazy",
            "-kpgettext:1c,2",
            "-kngettext:1,2",
            "-o",
            "-",
            *files,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    extracted = polib.pofile(out) if out else []
    missing = [e.msgid for e in extracted if e.msgid and e.msgid not in known]
    assert not missing, missing[:10]


def _is_source(path: Path, root: Path) -> bool:
    parts = set(path.relative_to(root).parts)
    return not parts & {".venv", "migrations", "tests", "node_modules", "static", "scripts", "locale"} and not (
        path.name == "conftest.py"
    )


def test_the_interface_switches_to_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/tai-khoan/dang-nhap/"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in" in page and "Đăng nhập" not in page
