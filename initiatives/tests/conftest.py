import datetime as dt

import pytest

from accounts.system import system_actor


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fields(db):
    from initiatives.models import Field

    return {f.code: f for f in Field.objects.all()}


@pytest.fixture
def make_initiative(tree, fields):
    """make_initiative(unit="conhue1", status="draft", **fields) → an initiative made through the
    services, moved along the life cycle by the system (by=system_actor()) up to ``status``."""
    from initiatives import services
    from initiatives.models import RecognitionLevel

    def _make(unit="conhue1", status="draft", level=RecognitionLevel.DISTRICT, **extra):
        data = {"name": "Dân vận khéo trong xây dựng tuyến phố văn minh", "field": fields["culture"], "year": 2024}
        data.update(extra)
        initiative = services.initiative_create(by=system_actor(), unit=tree[unit], **data)
        steps = ["registered", "implementing", "proposed", "recognized"]
        if status in steps or status in ("not_recognized", "stopped"):
            services.initiative_register(initiative=initiative, by=system_actor())
        if status in steps[1:] or status == "not_recognized":
            services.initiative_start(initiative=initiative, by=system_actor())
        if status in steps[2:] or status == "not_recognized":
            services.initiative_propose(initiative=initiative, level=level, by=system_actor())
        if status == "recognized":
            from initiatives.models import RecognitionDecision

            issuer = tree["btl"] if level == RecognitionLevel.DISTRICT else tree["conhue1"]
            if level == RecognitionLevel.PROVINCE:
                issuer = tree["hanoi_old"]
            decision = RecognitionDecision.objects.filter(issuer=issuer, level=level).first()
            decision = decision or services.decision_create(
                by=system_actor(), number=f"1-QĐ/{level}", date=dt.date(2024, 12, 1), issuer=issuer, level=level
            )
            services.decision_recognize(decision=decision, initiatives=[initiative], by=system_actor())
        if status == "not_recognized":
            services.initiative_refuse(initiative=initiative, by=system_actor(), reason="Chưa đủ tiêu chí")
        if status == "stopped":
            services.initiative_stop(initiative=initiative, by=system_actor())
        initiative.refresh_from_db()
        return initiative

    return _make


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"


def office_zip(part: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}/document.xml", "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def day():
    return dt.date(2024, 12, 1)
