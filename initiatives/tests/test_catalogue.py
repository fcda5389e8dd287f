from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app", ["initiatives", "showcase"])
def test_vietnamese_catalogue_is_complete_and_compiled(app):
    po_path = ROOT / app / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po if not e.obsolete and e.msgid and not (e.msgstr or any(e.msgstr_plural.values()))]
    assert missing == []
    assert po_path.with_suffix(".mo").stat().st_mtime >= po_path.stat().st_mtime - 1


def test_pages_speak_vietnamese(client_as, make_initiative):
    from django.urls import reverse

    initiative = make_initiative()
    body = client_as("ward_clerk").get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Tiến trình" in body and "Nhân rộng mô hình này" in body
