"""Demo issuing bodies (the three districts' Ban Dân vận Quận ủy; UBND and Đảng ủy of Phường
Tam Quan Nam), issuing in the official layout, and a few reports: the seed
reports as drafts, Bắc Từ Liêm 2022 issued."""

import datetime as dt

from accounts.system import system_actor
from danvan.demo import GIA_LAI, HANOI, commission, legacy_district
from orgunits.models import OrgUnit
from reports import services
from reports.access import can_draft
from reports.models import BodyKind, IssuingBody, Report

TERM_2020 = dt.date(2020, 10, 1)  # district party committees' 2020–2025 term
PARTY_RECIPIENTS = (
    "Ban Dân vận Thành ủy\nThường trực Quận ủy\nCác đồng chí Ủy viên Ban Thường vụ Quận ủy\nLưu Ban Dân vận"
)
DISTRICTS = {"Quận Bắc Từ Liêm": ("Bắc Từ Liêm", "Nguyễn Thị Thu Hà"), "Quận Tây Hồ": ("Tây Hồ", "Đỗ Thị Hồng Lan"),
             "Quận Đống Đa": ("Đống Đa", "Nguyễn Văn Bình")}  # fmt: skip


def _body(unit: OrgUnit, **fields) -> IssuingBody:
    found = IssuingBody.objects.filter(unit=unit, abbreviation=fields["abbreviation"]).first()
    # No uploaded template: the bodies issue in the official layout (reports.layout).
    return found or services.body_create(by=system_actor(), unit=unit, **fields)


def bodies(context) -> dict[str, IssuingBody]:
    out = {}
    for district_name, (place, signer) in DISTRICTS.items():
        district = context.units.get(district_name) or legacy_district(district_name)
        agency = OrgUnit.objects.get(parent=district, name=f"Ban Dân vận Quận ủy {place}")
        out[district_name] = _body(
            agency,
            kind=BodyKind.PARTY,
            superior_name=f"QUẬN ỦY {place.upper()}",
            name="BAN DÂN VẬN",
            abbreviation="BDVQU",
            place=place,
            term_start=TERM_2020,
            signer_on_behalf="",
            signer_title="TRƯỞNG BAN",
            signer_name=signer,
            recipients=PARTY_RECIPIENTS,
        )
    ward = context.units["Phường Tam Quan Nam"]
    out["UBND Phường Tam Quan Nam"] = _body(
        ward,
        kind=BodyKind.STATE,
        superior_name="",
        name="ỦY BAN NHÂN DÂN\nPHƯỜNG TAM QUAN NAM",
        abbreviation="UBND",
        place="Tam Quan Nam",
        signer_on_behalf="TM. ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
        signer_name="Trần Văn Nam",
        recipients="UBND thị xã Hoài Nhơn\nThường trực Đảng ủy phường\nLưu VT",
    )
    out["Đảng ủy Phường Tam Quan Nam"] = _body(
        ward,
        kind=BodyKind.PARTY,
        superior_name="ĐẢNG BỘ THỊ XÃ HOÀI NHƠN",
        name="ĐẢNG ỦY PHƯỜNG TAM QUAN NAM",
        abbreviation="ĐU",
        place="Tam Quan Nam",
        term_start=dt.date(2020, 8, 1),
        signer_on_behalf="T/M ĐẢNG ỦY",
        signer_title="BÍ THƯ",
        signer_name="Huỳnh Văn Tâm",
        recipients="Ban Thường vụ Thị ủy\nBan Dân vận Thị ủy\nLưu Văn phòng Đảng ủy",
    )
    out.update(commission_bodies())
    return out


# Today's city / province mass-mobilization commissions (merged with propaganda in 2025): their
# issuing bodies make a city or province report work out of the box.
COMMISSION_BODIES = {
    HANOI: ("THÀNH ỦY HÀ NỘI", "Hà Nội", dt.date(2025, 10, 1), "Nguyễn Thị Thu Hương", "Ban Thường vụ Thành ủy"),
    GIA_LAI: ("TỈNH ỦY GIA LAI", "Gia Lai", dt.date(2025, 10, 1), "Lê Văn Thành", "Ban Thường vụ Tỉnh ủy"),
}


def commission_bodies() -> dict[str, IssuingBody]:
    out = {}
    for code, (superior, place, term, signer, standing) in COMMISSION_BODIES.items():
        agency = commission(code)
        out[agency.name] = _body(
            agency,
            kind=BodyKind.PARTY,
            superior_name=superior,
            name="BAN TUYÊN GIÁO VÀ DÂN VẬN",
            abbreviation="BTGDV",
            place=place,
            term_start=term,
            signer_on_behalf="",
            signer_title="TRƯỞNG BAN",
            signer_name=signer,
            recipients=f"Ban Tuyên giáo và Dân vận Trung ương\nThường trực {standing}\nLưu Văn phòng Ban",
        )
    return out


# (body key, kind, year, first year): the reports the seeds describe.
SEED_REPORTS = [
    ("Quận Bắc Từ Liêm", "year", 2022, None),
    ("Quận Đống Đa", "year", 2023, None),
    ("Quận Tây Hồ", "half_year", 2022, None),
    ("Quận Bắc Từ Liêm", "multi_year", 2024, 2014),
    ("UBND Phường Tam Quan Nam", "year", 2022, None),
]


def load(context) -> None:
    made = bodies(context)
    if Report.objects.exists():
        return
    drafter = context.users.get("thamdinh.bactuliem")
    for key, kind, year, year_from in SEED_REPORTS:
        body = made[key]
        # The district's appraiser drafts what they may; the other units' reports are the system's.
        by = drafter if drafter is not None and can_draft(drafter, body.area) else system_actor()
        report = services.report_draft(by=by, kind=kind, unit=body.area, body=body, year=year, year_from=year_from)
        if key == "Quận Bắc Từ Liêm" and kind == "year":
            services.report_issue(report=report, by=system_actor(), issued_on=dt.date(2022, 12, 20))
