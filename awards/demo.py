"""Demo award decisions with the seeds' figures, on real demo units.

- Seed 000, Quận Bắc Từ Liêm 2022: Ban Thường vụ Quận ủy rewards 11 collectives (công tác dân vận),
  15 (quy chế dân chủ ở cơ sở), 9 (công tác tôn giáo); Chủ tịch UBND quận rewards 13 collectives
  (dân vận chính quyền); Ban Dân vận Trung ương gives 2 Kỷ niệm chương "Vì sự nghiệp dân vận".
- Seed 001, Quận Đống Đa 2023: 12 collectives + 3 individuals rewarded (dân vận chính quyền).
- Seed 003, Quận Bắc Từ Liêm 2024: 36 collectives + 15 individuals rewarded; 2 Kỷ niệm chương;
  9 collectives proposed to Ban Thường vụ Thành ủy for its Bằng khen.
Deterministic: the same names and units on every run; a second run adds nothing."""

import datetime as dt

from accounts.system import system_actor
from awards import catalogue as c
from awards import services
from awards.models import AchievementArea, AwardDecision, DecisionStatus, RecipientKind, RewardForm
from danvan.demo import legacy_district
from orgunits.models import OrgUnit, UnitType

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Thị", "Văn", "Minh", "Thu", "Quang", "Thanh", "Đức", "Ngọc"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hương", "Khánh", "Lan", "Long", "Mai", "Nam",
         "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Vân", "Yến", "Hòa"]  # fmt: skip
POSITIONS = ["Bí thư Chi bộ", "Tổ trưởng tổ dân phố", "Chủ tịch Hội Liên hiệp Phụ nữ phường",
             "Trưởng ban Công tác Mặt trận", "Cán bộ Ban Dân vận", "Phó Chủ tịch UBND phường"]  # fmt: skip


def _person(seed: int) -> str:
    return f"{FAMILY[seed % len(FAMILY)]} {MIDDLE[(seed // 3) % len(MIDDLE)]} {GIVEN[(seed * 7) % len(GIVEN)]}"


def _collectives(district: OrgUnit, count: int, start: int = 0) -> list[dict]:
    """Wards and agencies of the district in a fixed order, then named groups under the wards."""
    units = list(district.children.exclude(unit_type=UnitType.RESIDENTIAL).order_by("unit_type", "name"))
    wards = [u for u in units if u.unit_type == UnitType.COMMUNE] or units
    rows = []
    for i in range(start, start + count):
        if i < len(units):
            rows.append({"kind": RecipientKind.COLLECTIVE, "unit": units[i]})
        else:
            ward = wards[i % len(wards)]
            number = i // len(wards) + 1
            rows.append({"kind": RecipientKind.COLLECTIVE, "unit": ward, "name": f"Chi bộ Tổ dân phố số {number}"})
    return rows


def _individuals(district: OrgUnit, count: int, seed: int) -> list[dict]:
    wards = list(district.children.filter(unit_type=UnitType.COMMUNE).order_by("name")) or [district]
    return [
        {
            "kind": RecipientKind.INDIVIDUAL,
            "name": _person(seed + i),
            "position": POSITIONS[(seed + i) % len(POSITIONS)],
            "unit": wards[(seed + i) % len(wards)],
            "date_of_birth": dt.date(1965 + (seed + i) % 25, 1 + (seed + i) % 12, 1 + (seed * 3 + i) % 28),
        }
        for i in range(count)
    ]


def _decision(number: str, recipients: list[dict], **fields) -> AwardDecision | None:
    if AwardDecision.objects.filter(number=number, issuer=fields["issuer"], year=fields["year"]).exists():
        return None
    decision = services.decision_create(by=system_actor(), number=number, **fields)
    services.recipients_add(decision=decision, by=system_actor(), rows=recipients)
    return decision


def load(context) -> None:
    areas = {a.code: a for a in AchievementArea.objects.all()}
    forms = {f.code: f for f in RewardForm.objects.all()}
    country = OrgUnit.objects.get(ext_key="vn")
    btl = legacy_district("Quận Bắc Từ Liêm")
    dongda = legacy_district("Quận Đống Đa")
    hanoi_old = btl.parent
    quan_uy = "Ban Thường vụ Quận ủy"

    # Seed 000 — Quận Bắc Từ Liêm, 2022 (hội nghị 20/12/2022).
    common = {"issuer": btl, "year": 2022, "date": dt.date(2022, 12, 15), "reward_form": forms[c.GIAY_KHEN]}
    for number, area, count, start in [
        ("1021-QĐ/QU", c.CONG_TAC_DAN_VAN, 11, 0),
        ("1022-QĐ/QU", c.QCDC, 15, 11),
        ("1023-QĐ/QU", c.TON_GIAO, 9, 26),
    ]:
        _decision(
            number,
            _collectives(btl, count, start),
            issuer_title=quan_uy,
            signer="Phó Bí thư Thường trực Quận ủy",
            area=areas[area],
            **common,
        )
    _decision(
        "4512/QĐ-UBND",
        _collectives(btl, 13, 5),
        issuer_title="Chủ tịch UBND quận",
        signer="Chủ tịch UBND quận",
        area=areas[c.DAN_VAN_CHINH_QUYEN],
        **common,
    )
    _decision(
        "215-QĐ/BDVTW",
        _individuals(btl, 2, seed=1),
        issuer=country,
        issuer_title="Ban Dân vận Trung ương",
        year=2022,
        date=dt.date(2022, 11, 28),
        reward_form=forms[c.KY_NIEM_CHUONG],
        area=areas[c.CONG_TAC_DAN_VAN],
    )

    # Seed 001 — Quận Đống Đa, 2023 (hội nghị 09/11/2023).
    _decision(
        "3890/QĐ-UBND",
        _collectives(dongda, 12) + _individuals(dongda, 3, seed=40),
        issuer=dongda,
        issuer_title="Chủ tịch UBND quận",
        signer="Chủ tịch UBND quận",
        year=2023,
        date=dt.date(2023, 11, 6),
        reward_form=forms[c.GIAY_KHEN],
        area=areas[c.DAN_VAN_CHINH_QUYEN],
    )

    # Seed 003 — Quận Bắc Từ Liêm, 2024 (hội nghị 14/10/2024).
    _decision(
        "1530-QĐ/QU",
        _collectives(btl, 36) + _individuals(btl, 15, seed=60),
        issuer=btl,
        issuer_title=quan_uy,
        signer="Phó Bí thư Thường trực Quận ủy",
        year=2024,
        date=dt.date(2024, 10, 10),
        reward_form=forms[c.GIAY_KHEN],
        area=areas[c.DAN_VAN_KHEO],
    )
    _decision(
        "402-QĐ/BDVTW",
        _individuals(btl, 2, seed=90),
        issuer=country,
        issuer_title="Ban Dân vận Trung ương",
        year=2024,
        date=dt.date(2024, 9, 30),
        reward_form=forms[c.KY_NIEM_CHUONG],
        area=areas[c.CONG_TAC_DAN_VAN],
    )
    _decision(
        "",
        _collectives(btl, 9, 2),
        issuer=hanoi_old,
        issuer_title="Ban Thường vụ Thành ủy",
        proposed_by=btl,
        status=DecisionStatus.PROPOSED,
        year=2024,
        reward_form=forms[c.BANG_KHEN],
        area=areas[c.DAN_VAN_KHEO],
        summary="Đề nghị Ban Thường vụ Thành ủy tặng Bằng khen về thành tích xuất sắc trong triển khai "
        "thực hiện phong trào thi đua “Dân vận khéo” (2009 – 2024).",
    )
