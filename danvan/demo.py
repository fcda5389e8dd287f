"""Demo data for the foundation: real units of Hà Nội and of the old Bình Định province, a few
agencies and residential groups, and one account per persona. Later capabilities add their
own demo data through ``<app>.demo.load(context)``."""

import datetime as dt
from dataclasses import dataclass, field

from accounts.models import Role, User
from accounts.services import user_create
from orgunits.loader import LEGACY_END, load_units
from orgunits.models import Level, OrgUnit, UnitType
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
]


@dataclass
class DemoContext:
    """What later demo loaders get: the units and users they may attach data to."""

    units: dict[str, OrgUnit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def legacy_district(name: str) -> OrgUnit:
    return OrgUnit.objects.get(unit_type=UnitType.DISTRICT, name=name, code_scheme="legacy")


def legacy_ward(district: str, name: str) -> OrgUnit:
    return OrgUnit.objects.get(unit_type=UnitType.COMMUNE, name=name, parent=legacy_district(district))


def _find(spec) -> OrgUnit:
    kind, a, b = spec
    if kind == "legacy_ward":
        return legacy_ward(a, b)
    if kind == "legacy_district":
        return legacy_district(a)
    if kind == "current_province":
        return OrgUnit.objects.get(ext_key=f"2025:p:{a}")
    return OrgUnit.objects.get(ext_key="vn")


def _add_agencies(district: OrgUnit) -> None:
    short = district.name.split(" ", 1)[1]
    title = district.name[0].lower() + district.name[1:]
    level = Level.objects.get(code="district")
    for template, _kind in AGENCIES:
        name = template.format(d=short, t=title)
        if not district.children.filter(name=name).exists():
            unit_create(name=name, unit_type=UnitType.AGENCY, level=level, parent=district, valid_to=LEGACY_END)


def _add_residential_groups(ward: OrgUnit, count: int) -> None:
    level = Level.objects.get(code="grassroots")
    for number in range(1, count + 1):
        name = f"Khu phố {number}"
        if not ward.children.filter(name=name).exists():
            unit_create(name=name, unit_type=UnitType.RESIDENTIAL, level=level, parent=ward, valid_to=LEGACY_END)


def load_foundation() -> DemoContext:
    load_units(legacy=True, province_code=HANOI)
    load_units(legacy=True, province_code=GIA_LAI)
    context = DemoContext()
    for name in DEMO_DISTRICTS:
        district = legacy_district(name)
        _add_agencies(district)
        context.units[name] = district
    tam_quan_nam = legacy_ward("Thị xã Hoài Nhơn", "Phường Tam Quan Nam")
    _add_residential_groups(tam_quan_nam, 7)
    context.units["Phường Tam Quan Nam"] = tam_quan_nam
    context.units["Hà Nội"] = OrgUnit.objects.get(ext_key=f"2025:p:{HANOI}")
    for username, full_name, role, spec in PERSONAS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username, password=DEMO_PASSWORD, unit=_find(spec), role=role, full_name=full_name
            )
        context.users[username] = user
    _make_system_admin(context.users["quantri"])
    return context


def _make_system_admin(user: User) -> None:
    """The demo system administrator also reaches the configuration screens (levels, fields,
    catalogues) in the Django admin."""
    if not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])


def demo_today() -> dt.date:
    return dt.date.today()
