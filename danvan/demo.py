"""Demo data for the foundation: real units of Hà Nội and of the old Bình Định province, a few
agencies and residential groups, and one account per persona. Later capabilities add their
own demo data through ``<app>.demo.load(context)``."""

import datetime as dt
from dataclasses import dataclass, field

from accounts.models import Role, User
from accounts.services import user_create, user_update
from accounts.system import system_actor
from orgunits.loader import LEGACY_END, load_units
from orgunits.models import REORGANIZATION_DATE, Level, OrgUnit, UnitType
from orgunits.services import unit_create

DEMO_PASSWORD = "DanVan@2024"
HANOI, GIA_LAI = 1, 52  # current province codes; Bình Định (legacy 52) is now part of Gia Lai
DEMO_DISTRICTS = ["Quận Bắc Từ Liêm", "Quận Tây Hồ", "Quận Đống Đa"]
AGENCIES = [
    ("Ban Dân vận Quận ủy {d}", "Ban Dân vận"),
    ("Ủy ban nhân dân {t}", "UBND"),
    ("Công an {t}", "Công an"),
    ("Ban Chỉ huy quân sự {t}", "Quân sự"),
    ("Trung tâm Y tế {t}", "Y tế"),
    ("Ủy ban MTTQ Việt Nam {t}", "MTTQ"),
    ("Hội Liên hiệp Phụ nữ {t}", "Hội LHPN"),
    ("Đoàn TNCS Hồ Chí Minh {t}", "Đoàn TN"),
    ("Hội Cựu chiến binh {t}", "Hội CCB"),
    ("Liên đoàn Lao động {t}", "Công đoàn"),
]
# (username, full name, role, how to find the unit)
PERSONAS = [
    ("vanthu.conhue1", "Nguyễn Thị Lan", Role.CLERK, ("legacy_ward", "Quận Bắc Từ Liêm", "Phường Cổ Nhuế 1")),
    ("truong.conhue1", "Trần Văn Hùng", Role.HEAD, ("legacy_ward", "Quận Bắc Từ Liêm", "Phường Cổ Nhuế 1")),
    ("thamdinh.bactuliem", "Lê Minh Tuấn", Role.REVIEWER, ("legacy_district", "Quận Bắc Từ Liêm", None)),
    ("lanhdao.hanoi", "Phạm Thu Hà", Role.LEADER, ("current_province", HANOI, None)),
    ("vanthu.quangan", "Đỗ Thị Mai", Role.CLERK, ("legacy_ward", "Quận Tây Hồ", "Phường Quảng An")),
    ("thamdinh.tayho", "Vũ Quang Huy", Role.REVIEWER, ("legacy_district", "Quận Tây Hồ", None)),
    ("thamdinh.dongda", "Ngô Thanh Bình", Role.REVIEWER, ("legacy_district", "Quận Đống Đa", None)),
    ("vanthu.tamquannam", "Huỳnh Thị Hoa", Role.CLERK, ("legacy_ward", "Thị xã Hoài Nhơn", "Phường Tam Quan Nam")),
    ("quantri", "Quản trị hệ thống", Role.ADMIN, ("root", None, None)),
    # Today's world (from 01/07/2025): wards that the demo's legacy wards became, and the new
    # city and province. Found through lineage, so they are the real successor units.
    ("vanthu.dongngac", "Lương Thị Thảo", Role.CLERK, ("current_ward", "Quận Bắc Từ Liêm", "Phường Đông Ngạc")),
    ("truong.dongngac", "Phan Văn Đức", Role.HEAD, ("current_ward", "Quận Bắc Từ Liêm", "Phường Đông Ngạc")),
    ("vanthu.hoainhon", "Võ Thị Kim Yến", Role.CLERK, ("current_ward", "Thị xã Hoài Nhơn", "Phường Tam Quan Nam")),
    ("truong.hoainhon", "Trương Văn Lực", Role.HEAD, ("current_ward", "Thị xã Hoài Nhơn", "Phường Tam Quan Nam")),
    ("thamdinh.hanoi", "Bùi Thị Ngọc Anh", Role.REVIEWER, ("current_province", HANOI, None)),
    ("thamdinh.gialai", "Nguyễn Hữu Phước", Role.REVIEWER, ("current_province", GIA_LAI, None)),
    ("lanhdao.gialai", "Rơ Mah H'Xuân", Role.LEADER, ("current_province", GIA_LAI, None)),
]
# The mass-mobilization commission of the new city and province (merged with propaganda in 2025):
# their issuing bodies sign the city / province reports.
COMMISSIONS = {
    HANOI: ("Ban Tuyên giáo và Dân vận Thành ủy Hà Nội", REORGANIZATION_DATE),
    GIA_LAI: ("Ban Tuyên giáo và Dân vận Tỉnh ủy Gia Lai", REORGANIZATION_DATE),
}


@dataclass
class DemoContext:
    """What later demo loaders get: the units and users they may attach data to."""

    units: dict[str, OrgUnit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def legacy_district(name: str) -> OrgUnit:
    return OrgUnit.objects.get(unit_type=UnitType.DISTRICT, name=name, code_scheme="legacy")


def legacy_ward(district: str, name: str) -> OrgUnit:
    return OrgUnit.objects.get(unit_type=UnitType.COMMUNE, name=name, parent=legacy_district(district))


def current_ward(district: str, legacy_name: str) -> OrgUnit:
    """Today's ward that a legacy ward went into, through lineage: the one keeping its name when
    there is one (Phường Đông Ngạc → Phường Đông Ngạc), else the first by name (Phường Tam Quan
    Nam → Phường Hoài Nhơn)."""
    from orgunits.selectors import current_successors

    old = legacy_ward(district, legacy_name)
    found = sorted(
        (u for u in current_successors(old, on=REORGANIZATION_DATE) if u.unit_type == UnitType.COMMUNE),
        key=lambda u: (u.name != old.name, u.name),
    )
    if not found:
        raise OrgUnit.DoesNotExist(f"no current successor of {legacy_name}")
    return found[0]


def current_province(code: int) -> OrgUnit:
    return OrgUnit.objects.get(ext_key=f"2025:p:{code}")


def commission(code: int) -> OrgUnit:
    """The city's / province's mass-mobilization commission (an agency under it), made once."""
    province = current_province(code)
    name, since = COMMISSIONS[code]
    found = province.children.filter(name=name).first()
    if found is None:
        level = Level.objects.get(code="province")
        found = unit_create(
            name=name, unit_type=UnitType.AGENCY, level=level, parent=province, valid_from=since, by=system_actor()
        )
    return found


def _find(spec) -> OrgUnit:
    kind, a, b = spec
    if kind == "legacy_ward":
        return legacy_ward(a, b)
    if kind == "current_ward":
        return current_ward(a, b)
    if kind == "legacy_district":
        return legacy_district(a)
    if kind == "current_province":
        return current_province(a)
    return OrgUnit.objects.get(ext_key="vn")


def _add_agencies(district: OrgUnit) -> None:
    short = district.name.split(" ", 1)[1]
    title = district.name[0].lower() + district.name[1:]
    level = Level.objects.get(code="district")
    for template, _kind in AGENCIES:
        name = template.format(d=short, t=title)
        if not district.children.filter(name=name).exists():
            unit_create(
                name=name,
                unit_type=UnitType.AGENCY,
                level=level,
                parent=district,
                valid_to=LEGACY_END,
                by=system_actor(),
            )


def _add_residential_groups(ward: OrgUnit, count: int) -> None:
    level = Level.objects.get(code="grassroots")
    for number in range(1, count + 1):
        name = f"Khu phố {number}"
        if not ward.children.filter(name=name).exists():
            unit_create(
                name=name,
                unit_type=UnitType.RESIDENTIAL,
                level=level,
                parent=ward,
                valid_to=LEGACY_END,
                by=system_actor(),
            )


def load_foundation() -> DemoContext:
    load_units(legacy=True, province_code=HANOI, by=system_actor())
    load_units(legacy=True, province_code=GIA_LAI, by=system_actor())
    context = DemoContext()
    for name in DEMO_DISTRICTS:
        district = legacy_district(name)
        _add_agencies(district)
        context.units[name] = district
    tam_quan_nam = legacy_ward("Thị xã Hoài Nhơn", "Phường Tam Quan Nam")
    _add_residential_groups(tam_quan_nam, 7)
    context.units["Phường Tam Quan Nam"] = tam_quan_nam
    context.units["Hà Nội"] = current_province(HANOI)
    context.units["Gia Lai"] = current_province(GIA_LAI)
    context.units["Phường Đông Ngạc (2025)"] = current_ward("Quận Bắc Từ Liêm", "Phường Đông Ngạc")
    context.units["Phường Xuân Đỉnh (2025)"] = current_ward("Quận Bắc Từ Liêm", "Phường Xuân Đỉnh")
    context.units["Phường Hoài Nhơn (2025)"] = current_ward("Thị xã Hoài Nhơn", "Phường Tam Quan Nam")
    for code in COMMISSIONS:
        context.units[COMMISSIONS[code][0]] = commission(code)
    for username, full_name, role, spec in PERSONAS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                password=DEMO_PASSWORD,
                unit=_find(spec),
                role=role,
                full_name=full_name,
                by=system_actor(),
            )
        context.users[username] = user
    _make_system_admin(context.users["quantri"])
    return context


def _make_system_admin(user: User) -> None:
    """The demo system administrator also reaches the configuration screens (levels, fields,
    catalogues) in the Django admin."""
    if not (user.is_staff and user.is_superuser):
        user_update(user=user, is_staff=True, is_superuser=True, by=system_actor())


def demo_today() -> dt.date:
    return dt.date.today()


def account_lines() -> list[str]:
    """One line per demo account: username — role — unit (validity), for ``load_demo`` / ``make run``."""
    from lib.vn_format import date_short

    users = User.objects.filter(username__in=[p[0] for p in PERSONAS]).prefetch_related("assignments__unit")
    by_name = {u.username: u for u in users}
    lines = []
    for username, _full_name, role, _spec in PERSONAS:
        user = by_name.get(username)
        assignment = next(iter(user.assignments.all()), None) if user else None
        if assignment is None:
            continue
        unit = assignment.unit
        if unit.valid_to:
            when = f" (đến {date_short(unit.valid_to)})"
        elif unit.valid_from:
            when = f" (từ {date_short(unit.valid_from)})"
        else:
            when = ""
        lines.append(f"{username} — {ROLE_WORDS[role]} — {unit.name}{when}")
    return lines


ROLE_WORDS = {
    Role.CLERK: "nhập liệu",
    Role.HEAD: "trưởng đơn vị",
    Role.REVIEWER: "thẩm định",
    Role.LEADER: "lãnh đạo Ban",
    Role.ADMIN: "quản trị",
}
