import io

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def xlsx():
    """xlsx([header, row, …]) → an uploaded .xlsx file built with openpyxl (sheet "Dữ liệu")."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    def _make(rows, name="nhap.xlsx", text_cells=()):
        wb = Workbook()
        ws = wb.active
        ws.title = "Dữ liệu"
        for row in rows:
            ws.append(row)
        for ref in text_cells:  # keep "=…" as typed text rather than a formula
            ws[ref].data_type = "s"
        out = io.BytesIO()
        wb.save(out)
        return SimpleUploadedFile(name, out.getvalue())

    return _make


@pytest.fixture
def counts():
    """counts() → row counts of every table an import may write, to prove nothing changed."""
    from initiatives.models import Initiative, InitiativeEvent
    from stats.models import DataValue, Rollup, Submission

    models = [Initiative, Initiative.history.model, InitiativeEvent, Submission, DataValue, Rollup]

    def _counts():
        return {m.__name__: m.objects.count() for m in models}

    return _counts


HEADERS = ["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực"]


@pytest.fixture
def field_name(db):
    from initiatives.models import Field

    return Field.objects.filter(active=True).order_by("order").first().name
