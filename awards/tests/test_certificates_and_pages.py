"""Certificates as PDF (A4 landscape, one page per recipient, the issuer's template) and the
dossier pages: what is missing is listed, a refused form keeps what was typed."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse

from awards import catalogue as c
from awards import services
from awards.models import CertificateTemplate

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _info(pdf: bytes, tmp_path) -> dict:
    path = tmp_path / "i.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in fields.items()}


@pytest.fixture
def issued(make_decision, personas, tree, cat):
    decision = make_decision(
        number="1021-QĐ/QU", date=dt.date(2022, 12, 15), reward_form=cat[c.BANG_KHEN], signer="Nguyễn Văn Tùng"
    )
    reviewer = personas["district_reviewer"]
    services.recipients_add(
        decision=decision,
        by=reviewer,
        rows=[
            {"kind": "individual", "name": "Trần Thị Mai", "position": "Tổ trưởng", "unit": tree["conhue1"]},
            {"kind": "collective", "unit": tree["tdp1"]},
        ],
    )
    return decision


@needs_poppler
def test_a_whole_decision_prints_one_landscape_page_per_recipient(client_as, issued, tmp_path):
    response = client_as("ward_clerk").get(reverse("awards:certificates", kwargs={"pk": issued.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    info = _info(response.content, tmp_path)
    assert info["Pages"] == "2"
    width, height = (float(x) for x in info["Page size"].split(" pts")[0].split(" x "))
    assert (round(width), round(height)) == (842, 595)  # A4 landscape (297 × 210 mm) in points
    text = _text(response.content, tmp_path)
    assert "BẰNG KHEN" in text
    assert "Trần Thị Mai" in text and "Tổ dân phố 1" in text
    assert "1021-QĐ/QU" in text and "15/12/2022" in text
    assert "Nguyễn Văn Tùng" in text


@needs_poppler
def test_one_certificate_follows_the_issuers_template(client_as, issued, tree, tmp_path):
    CertificateTemplate.objects.create(
        issuer=tree["btl"],
        heading="ĐẢNG BỘ QUẬN BẮC TỪ LIÊM\nBAN THƯỜNG VỤ QUẬN ỦY",
        place="Bắc Từ Liêm",
        signer_title="T/M BAN THƯỜNG VỤ\nBÍ THƯ",
        signer_name="Lê Văn Mẫu",
    )
    recipient = issued.recipients.get(kind="individual")
    url = reverse("awards:certificate", kwargs={"pk": issued.pk, "recipient_pk": recipient.pk})
    response = client_as("district_reviewer").get(url)
    assert _info(response.content, tmp_path)["Pages"] == "1"
    text = _text(response.content, tmp_path)
    assert "ĐẢNG BỘ QUẬN BẮC TỪ LIÊM" in text and "Bắc Từ Liêm, ngày 15 tháng 12 năm 2022" in text
    assert "Trần Thị Mai" in text and "Tổ dân phố 1" not in text
    assert "Nguyễn Văn Tùng" in text  # the decision's own signer before the template's


def test_no_certificate_for_a_proposal_nor_for_someone_outside(client_as, make_decision, issued, cat):
    proposal = make_decision(status="proposed", number="", date=None, proposed_by=None)
    assert (
        client_as("district_reviewer").get(reverse("awards:certificates", kwargs={"pk": proposal.pk})).status_code
        == 404
    )
    assert client_as("outsider").get(reverse("awards:certificates", kwargs={"pk": issued.pk})).status_code == 404


@needs_poppler
def test_a_recognition_decision_prints_giay_cong_nhan(client_as, tree, personas, tmp_path):
    from initiatives import services as ini
    from initiatives.models import Field

    clerk, reviewer = personas["ward_clerk"], personas["district_reviewer"]
    field = Field.objects.order_by("pk").first()
    model = ini.initiative_create(
        by=clerk, unit=tree["conhue1"], name="Camera an ninh ngõ xóm", field=field, year=2024, register=True
    )
    ini.initiative_propose(initiative=model, level="district", by=clerk)
    decision = ini.decision_create(
        by=reviewer, number="", date=dt.date(2024, 12, 1), issuer=tree["btl"], level="district"
    )
    ini.decision_recognize(decision=decision, initiatives=[model], by=reviewer)
    response = client_as("ward_clerk").get(reverse("awards:recognition_certificates", kwargs={"pk": decision.pk}))
    text = _text(response.content, tmp_path)
    assert "GIẤY CÔNG NHẬN" in text and "Camera an ninh ngõ xóm" in text and "1/QĐ-CN" in text


def test_a_refused_dossier_form_keeps_what_was_typed(client_as, tree):
    data = {
        "proposer": tree["conhue1"].pk,
        "issuer": tree["btl"].pk,
        "issuer_title": "Ban Thường vụ Quận ủy",
        "year": "2024",
        "letter_number": "27/TTr-UBND",
        "letter_date": "20/11/2024",
    }
    response = client_as("ward_clerk").post(reverse("awards:dossier_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hãy chọn hình thức khen thưởng hoặc danh hiệu thi đua" in body
    assert 'value="27/TTr-UBND"' in body and 'value="20/11/2024"' in body


def test_the_dossier_page_lists_what_is_missing_and_shows_birth_dates_only_to_those_who_act(
    client_as, tree, personas, cat
):
    dossier = services.dossier_create(
        by=personas["ward_clerk"],
        proposer=tree["conhue1"],
        issuer=tree["btl"],
        issuer_title="Ban Thường vụ Quận ủy",
        year=2024,
        reward_form=cat[c.GIAY_KHEN],
    )
    services.candidate_add(
        dossier=dossier,
        by=personas["ward_clerk"],
        kind="individual",
        name="Lê Thị Lan",
        date_of_birth=dt.date(1980, 5, 4),
    )
    body = (
        client_as("district_reviewer").get(reverse("awards:dossier_detail", kwargs={"pk": dossier.pk})).content.decode()
    )
    assert "Chưa có báo cáo thành tích của Lê Thị Lan." in body
    assert "Tờ trình chưa có số." in body
    assert "04/05/1980" in body
    admin_body = client_as("admin").get(reverse("awards:dossier_detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "Lê Thị Lan" in admin_body and "04/05/1980" not in admin_body
    assert client_as("outsider").get(reverse("awards:dossier_detail", kwargs={"pk": dossier.pk})).status_code == 404


def test_the_menu_leads_to_the_dossiers(client_as):
    body = client_as("ward_clerk").get(reverse("awards:list")).content.decode()
    assert reverse("awards:dossier_list") in body
