import pytest

API = "/api/v1"
FUZZ_TOTAL_CHECK = "test_fuzzing_sent_at_least_a_thousand_requests"


def pytest_collection_modifyitems(items):
    """The fuzzing's request count is checked by a test that must come after the fuzzing
    tests whatever order the run would otherwise take (-k, random order, node ids)."""
    last = [item for item in items if item.name == FUZZ_TOTAL_CHECK]
    if last:
        items[:] = [item for item in items if item.name != FUZZ_TOTAL_CHECK] + last


@pytest.fixture
def token_for(personas):
    """token_for("ward_clerk") → a fresh personal API key of that persona."""
    from api.services import token_create

    def _token(name):
        return token_create(user=personas[name], name="test", days=30, by=personas[name])[1]

    return _token


@pytest.fixture
def api_as(token_for):
    """api_as("ward_clerk") → a test client that sends that persona's API key on every request;
    api_as("anonymous") → a client with no credentials."""
    from django.test import Client

    def _client(name):
        if name == "anonymous":
            return Client()
        return Client(headers={"Authorization": f"Bearer {token_for(name)}"})

    return _client


@pytest.fixture
def sample(tree, personas, settings, tmp_path):
    """One object of each kind the API serves, in Phường Cổ Nhuế 1 / Quận Bắc Từ Liêm, made
    through the apps' own services: a registered initiative, a proposed one, a recognition
    decision, an award decision with a recipient, a statistics form, an issuing body and a report."""
    import datetime as dt

    from django.apps import apps

    data = {}
    clerk, reviewer = personas["ward_clerk"], personas["district_reviewer"]
    if apps.is_installed("initiatives"):
        from initiatives import services as initiatives
        from initiatives.models import Field

        field = Field.objects.order_by("pk").first()
        common = {"by": clerk, "unit": tree["conhue1"], "field": field, "year": 2024}
        data["initiative"] = initiatives.initiative_create(name="Camera an ninh", register=True, **common)
        proposed = initiatives.initiative_create(name="Tuyến phố văn minh", register=True, **common)
        initiatives.initiative_propose(initiative=proposed, level="district", by=clerk)
        data["proposed"] = proposed
        decision = initiatives.decision_create(
            by=reviewer, number="23-QĐ/QU", date=dt.date(2024, 12, 1), issuer=tree["btl"], level="district"
        )
        data["decision"] = decision
        other = initiatives.initiative_create(name="Chi hội phụ nữ", register=True, **common)
        initiatives.initiative_propose(initiative=other, level="district", by=clerk)
        initiatives.decision_recognize(decision=decision, initiatives=[other], by=reviewer)
    if apps.is_installed("awards"):
        from awards import services as awards
        from awards.models import RewardForm

        award = awards.decision_create(
            by=reviewer,
            issuer=tree["btl"],
            issuer_title="Ban Thường vụ Quận ủy",
            year=2022,
            number="12-QĐ/QU",
            date=dt.date(2022, 12, 20),
            reward_form=RewardForm.objects.get(code="giay-khen"),
        )
        data["award"] = award
        data["recipient"] = awards.recipient_add(decision=award, by=reviewer, kind="collective", unit=tree["conhue1"])
        from django.core.files.uploadedfile import SimpleUploadedFile

        settings.MEDIA_ROOT = tmp_path / "media"
        # A reward dossier of Cổ Nhuế 1 to the district still being prepared (no letter file yet),
        # and one complete and submitted, waiting for the council.
        dossier_fields = {
            "proposer": tree["conhue1"],
            "issuer": tree["btl"],
            "issuer_title": "Ban Thường vụ Quận ủy",
            "year": 2024,
            "reward_form": RewardForm.objects.get(code="giay-khen"),
            "letter_number": "15/TTr-UBND",
            "letter_date": dt.date(2024, 11, 20),
        }
        data["dossier"] = awards.dossier_create(by=clerk, **dossier_fields)
        data["candidate"] = awards.candidate_add(
            dossier=data["dossier"], by=clerk, kind="collective", unit=tree["tdp1"], report_text="Thành tích"
        )
        letter = SimpleUploadedFile("tt.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        submitted = awards.dossier_create(by=clerk, letter_file=letter, **dossier_fields)
        data["submitted_candidate"] = awards.candidate_add(
            dossier=submitted, by=clerk, kind="individual", name="Nguyễn Thị Hoa", report_text="Thành tích"
        )
        data["submitted"] = awards.dossier_submit(dossier=submitted, by=clerk)
    if apps.is_installed("stats"):
        from stats import services as stats
        from stats.models import DataSet

        data["data_set"] = DataSet.objects.get(code="BC_DV_6T")
        data["submission"] = stats.submission_open(
            data_set=data["data_set"], period="2024H1", unit=tree["conhue1"], by=clerk
        )
    if apps.is_installed("reports"):
        from accounts.system import system_actor
        from reports import services as reports
        from reports.models import BodyKind

        data["body"] = reports.body_create(
            by=system_actor(),
            unit=tree["conhue1"],
            kind=BodyKind.STATE,
            name="ỦY BAN NHÂN DÂN\nPHƯỜNG CỔ NHUẾ 1",
            abbreviation="UBND",
            place="Cổ Nhuế 1",
            signer_on_behalf="TM. ỦY BAN NHÂN DÂN",
            signer_title="CHỦ TỊCH",
            signer_name="Trần Thị B",
        )
        data["report"] = reports.report_draft(by=clerk, kind="year", unit=tree["conhue1"], body=data["body"], year=2024)
    if apps.is_installed("notifications"):
        from notifications.models import Notification

        # The ward clerk's notice: only the clerk may read or mark it.
        data["notice"] = Notification.objects.create(
            recipient=clerk, kind="form_approved", title="Báo cáo đã được duyệt", key="sample"
        )
    return data
