"""Demo registry whose counters give the figures stated in the seed articles.

Most rows are lightweight (bulk-created, no per-row history); a few stories go through the real
services so their timeline, decision and public photo can be seen. Deterministic: the same
database after every load.

Seed figures reproduced (see the domain brief beside the repository, §7):
- 000 Bắc Từ Liêm 2022: 78 collectives + 27 individuals registered and recognized.
- 001 Đống Đa 2023: 314 collectives + 299 individuals = 613, 23 recognized at district level by one
  decision, in the 4 fields.
- 002 Tây Hồ 2022: 197 models + 161 exemplars registered.
- 003 Bắc Từ Liêm: 549 models in 2024 with a bit over 7 billion VND and 3,000 workdays; 6,977
  registered 2014–2024; 885 collectives + 748 individuals recognized; 13 plaque-mounted works in 2025.
- 004 Phường Tam Quan Nam 2022: 15 models (6 new, 9 replicated; political 2, culture–society 10,
  defence–security 3); 42 models in force at the end of 2022.
"""

import datetime as dt
import random
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad

from accounts.system import system_actor
from danvan.demo import legacy_district, legacy_ward
from initiatives import services
from initiatives.models import (
    DecisionItem,
    Field,
    Initiative,
    Kind,
    Origin,
    PlaqueLevel,
    PlaqueWork,
    RecognitionDecision,
    RecognitionLevel,
    Status,
    Subject,
)
from lib.vn_text import fold
from orgunits.models import UnitType

BTL, DONG_DA, TAY_HO = "Quận Bắc Từ Liêm", "Quận Đống Đa", "Quận Tây Hồ"

MODEL_NAMES = {
    "political": [
        "Dân vận khéo trong xây dựng Đảng, chính quyền",
        "Nghe dân nói, nói dân hiểu, làm dân tin",
        "Chi bộ gắn với tổ dân phố",
        "Tiếp dân, giải quyết thủ tục hành chính thân thiện",
        "Thực hiện bộ quy tắc ứng xử nơi công sở",
        "Đối thoại trực tiếp với nhân dân định kỳ",
    ],
    "economy": [
        "Dân vận khéo trong xây dựng tuyến phố văn minh",
        "Vận động nhân dân hiến đất mở đường",
        "Vận động giải phóng mặt bằng",
        "Chuyển đổi cơ cấu cây trồng có giá trị kinh tế cao",
        "Tuyến phố sáng – xanh – sạch – đẹp",
        "Chỉnh trang vỉa hè, lòng đường",
    ],
    "culture": [
        "Cải tạo điểm vui chơi sinh hoạt cộng đồng",
        "Ngày chủ nhật xanh – sạch – đẹp",
        "Tổ dân phố không rác thải nhựa",
        "Bữa cơm nghĩa tình",
        "Quỹ khuyến học dòng họ",
        "Gia đình, họ đạo không vi phạm pháp luật",
        "Phụ nữ tham gia phòng chống dịch bệnh",
        "Đoàn viên thanh niên tình nguyện vì cộng đồng",
    ],
    "security": [
        "Camera an ninh",
        "Xã hội hóa lắp đặt camera giám sát an ninh trật tự",
        "Móc khóa an ninh",
        "Khu dân cư tự quản về an ninh trật tự",
        "Cựu chiến binh tham gia giữ gìn trật tự đô thị",
        "Tổ liên gia an toàn phòng cháy chữa cháy",
    ],
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Thanh", "Đức", "Ngọc", "Hữu", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Mai", "Nam", "Phương", "Tâm", "Yến"]
POSITIONS = [
    "Tổ trưởng tổ dân phố",
    "Bí thư chi bộ",
    "Chi hội trưởng phụ nữ",
    "Công an khu vực",
    "Trưởng ban công tác Mặt trận",
]
FIELD_WEIGHTS = [("political", 2), ("economy", 3), ("culture", 4), ("security", 3)]


class _Builder:
    """Makes lightweight Initiative rows for bulk_create, deterministically."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.fields = {f.code: f for f in Field.objects.all()}
        self.rows: list[Initiative] = []

    def field_code(self) -> str:
        codes, weights = zip(*FIELD_WEIGHTS, strict=True)
        return self.rng.choices(codes, weights)[0]

    def person(self) -> str:
        return f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"

    def add(self, *, unit, year, subject, kind=None, field=None, status=Status.IMPLEMENTING, level="", **extra):
        field = field or self.field_code()
        kind = kind or (Kind.MODEL if subject == Subject.COLLECTIVE else Kind.EXEMPLAR)
        if "start_date" not in extra:
            extra["start_date"] = dt.date(year, 1 + self.rng.randrange(6), 1 + self.rng.randrange(28))
        row = Initiative(
            unit=unit,
            year=year,
            subject=subject,
            kind=kind,
            field=self.fields[field],
            status=status,
            recognized_level=level,
            **extra,
        )
        if subject == Subject.INDIVIDUAL:
            row.person_name = row.person_name or self.person()
            row.person_position = row.person_position or self.rng.choice(POSITIONS)
            row.person_unit = row.person_unit or unit.name
            row.name = row.name or f"Điển hình “Dân vận khéo”: {row.person_name}"
        else:
            row.name = row.name or self.rng.choice(MODEL_NAMES[field])
        row.search_text = fold(" ".join([row.name, unit.name, row.person_name, row.field.name]))
        self.rows.append(row)
        return row

    def save(self) -> list[Initiative]:
        created = Initiative.objects.bulk_create(self.rows, batch_size=500)
        _set_root_paths()
        return created


def _set_root_paths() -> None:
    """Lineage path of rows without a source, in one UPDATE (same format as the services)."""
    Initiative.objects.filter(lineage_path="", source__isnull=True).update(
        lineage_path=Concat(LPad(Cast("id", CharField()), 9, Value("0")), Value("."))
    )
    # bulk_create skips Initiative.save, which fills the registered level.
    Initiative.objects.all().fill_registered_levels()


def _decision(issuer, number, date, level, signer="") -> RecognitionDecision:
    found = RecognitionDecision.objects.filter(issuer=issuer, number=number, date=date).first()
    return found or services.decision_create(
        by=system_actor(), number=number, date=date, issuer=issuer, level=level, signer=signer
    )


def _attach(decision, initiatives, outstanding_every: int = 0) -> None:
    DecisionItem.objects.bulk_create(
        [
            DecisionItem(
                decision=decision, initiative=i, outstanding=bool(outstanding_every) and n % outstanding_every == 0
            )
            for n, i in enumerate(initiatives)
        ],
        batch_size=500,
    )


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` positive integers, deterministic and uneven."""
    weights = [1 + rng.random() for _ in range(parts)]
    scale = total / sum(weights)
    out = [int(w * scale) for w in weights]
    out[-1] += total - sum(out)
    return out


def _png(color: tuple[int, int, int]) -> bytes:
    """A small valid PNG (16×16, one colour) so the demo has photos without shipping binaries."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(color) * 16 for _ in range(16))
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


# ---------------------------------------------------------------- Bắc Từ Liêm (seeds 000, 003)

BTL_TOTAL_2014_2024 = 6977
BTL_RECOGNIZED = {Subject.COLLECTIVE: 885, Subject.INDIVIDUAL: 748}
BTL_2022 = {Subject.COLLECTIVE: 78, Subject.INDIVIDUAL: 27}
BTL_2024_MODELS = 549
BTL_2024_RECOGNIZED = 40
BTL_2024_FUNDING = 7_215_000_000
BTL_2024_WORKDAYS = 3_126
BTL_HISTORY_YEARS = [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2023]


def _btl(context) -> None:
    district = legacy_district(BTL)
    units = list(district.children.order_by("path"))
    wards = [u for u in units if u.unit_type == UnitType.COMMUNE]
    b = _Builder(seed=3)
    pick = lambda n: units[n % len(units)]  # noqa: E731
    stories = _btl_stories(district)

    # 2022 — everything registered was recognized (seed 000).
    rows_2022 = []
    for subject, count in BTL_2022.items():
        for n in range(count):
            rows_2022.append(
                b.add(
                    unit=pick(n),
                    year=2022,
                    subject=subject,
                    status=Status.RECOGNIZED,
                    level=RecognitionLevel.DISTRICT,
                    funding_social=b.rng.randrange(0, 50) * 1_000_000,
                    workdays=b.rng.randrange(0, 20),
                )
            )
    # 2024 — 549 models, funding and workdays summing to the seed's figures (seed 003).
    rows_2024 = []
    bulk_2024 = BTL_2024_MODELS - len(stories)
    funding = _spread(BTL_2024_FUNDING - sum(s.funding_social for s in stories), bulk_2024, b.rng)
    workdays = _spread(BTL_2024_WORKDAYS - sum(s.workdays for s in stories), bulk_2024, b.rng)
    recognized_left = BTL_2024_RECOGNIZED - len(stories)
    for n in range(bulk_2024):
        recognized = n < recognized_left
        rows_2024.append(
            b.add(
                unit=pick(n),
                year=2024,
                subject=Subject.COLLECTIVE,
                kind=Kind.MODEL,
                status=Status.RECOGNIZED if recognized else (Status.IMPLEMENTING if n % 3 else Status.REGISTERED),
                level=RecognitionLevel.DISTRICT if recognized else "",
                funding_social=funding[n],
                workdays=workdays[n],
                origin=Origin.REPLICATED if n % 4 == 0 else Origin.NEW,
            )
        )
    # History years: the rest of the 6,977 registrations and of the 885 + 748 recognitions.
    history_total = BTL_TOTAL_2014_2024 - sum(BTL_2022.values()) - BTL_2024_MODELS
    per_year = _spread(history_total, len(BTL_HISTORY_YEARS), b.rng)
    rec_collective = _spread(
        BTL_RECOGNIZED[Subject.COLLECTIVE] - BTL_2022[Subject.COLLECTIVE] - BTL_2024_RECOGNIZED,
        len(BTL_HISTORY_YEARS),
        b.rng,
    )
    rec_individual = _spread(
        BTL_RECOGNIZED[Subject.INDIVIDUAL] - BTL_2022[Subject.INDIVIDUAL], len(BTL_HISTORY_YEARS), b.rng
    )
    by_year: dict[int, list[Initiative]] = {}
    for index, year in enumerate(BTL_HISTORY_YEARS):
        n_coll_rec, n_ind_rec = rec_collective[index], rec_individual[index]
        others = per_year[index] - n_coll_rec - n_ind_rec
        recognized = by_year.setdefault(year, [])
        for n in range(n_coll_rec):
            recognized.append(
                b.add(unit=pick(n), year=year, subject=Subject.COLLECTIVE, status=Status.RECOGNIZED, level="district")
            )
        for n in range(n_ind_rec):
            recognized.append(
                b.add(unit=pick(n), year=year, subject=Subject.INDIVIDUAL, status=Status.RECOGNIZED, level="district")
            )
        for n in range(others):
            subject = Subject.INDIVIDUAL if n % 5 == 0 else Subject.COLLECTIVE
            status = [Status.IMPLEMENTING, Status.STOPPED, Status.NOT_RECOGNIZED][n % 3]
            b.add(
                unit=pick(n),
                year=year,
                subject=subject,
                status=status,
                stopped_on=dt.date(year + 1, 6, 30) if status == Status.STOPPED else None,
            )
    b.save()

    # Decisions of the Quận ủy recognizing them, one per year.
    issuer = district
    for year, rows in [(2022, rows_2022), *sorted(by_year.items())]:
        decision = _decision(issuer, f"{100 + year % 100}-QĐ/QU", dt.date(year, 12, 15), RecognitionLevel.DISTRICT)
        _attach(decision, rows, outstanding_every=10)
    decision_2024 = _decision(issuer, "1248-QĐ/QU", dt.date(2024, 10, 14), RecognitionLevel.DISTRICT)
    _attach(decision_2024, [r for r in rows_2024 if r.recognized_level])
    for story in stories:
        services.initiative_propose(initiative=story, level=RecognitionLevel.DISTRICT, by=system_actor())
    services.decision_recognize(
        decision=decision_2024, initiatives=stories, by=system_actor(), outstanding=[stories[0]]
    )

    # 13 wards register works to be plaque-mounted in 2025 (seed 003).
    occasions = [
        ("Chào mừng 50 năm Ngày giải phóng miền Nam, thống nhất đất nước", dt.date(2025, 4, 30)),
        ("Chào mừng 135 năm Ngày sinh Chủ tịch Hồ Chí Minh", dt.date(2025, 5, 19)),
        ("Chào mừng 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9", dt.date(2025, 8, 19)),
    ]
    by_ward = {r.unit_id: r for r in rows_2024 if r.unit.unit_type == UnitType.COMMUNE}
    for s in stories:
        by_ward[s.unit_id] = s
    plaques = []
    for n, ward in enumerate(wards):
        occasion, date = occasions[n % len(occasions)]
        initiative = by_ward[ward.pk]
        plaques.append(
            PlaqueWork(
                initiative=initiative,
                name=f"Công trình “Dân vận khéo” {ward.name}: {initiative.name.lower()}",
                level=PlaqueLevel.PROVINCE if n % 4 == 0 else PlaqueLevel.DISTRICT,
                occasion=occasion,
                date=date,
            )
        )
    PlaqueWork.objects.bulk_create(plaques)


def _btl_stories(district) -> list[Initiative]:
    """Two 2024 models of Cổ Nhuế 1 taken through the real life cycle (timeline, decision, photo)."""
    ward = legacy_ward(BTL, "Phường Cổ Nhuế 1")
    fields = {f.code: f for f in Field.objects.all()}
    first = services.initiative_create(
        by=system_actor(),
        unit=ward,
        register=True,
        name="Dân vận khéo trong xây dựng tuyến phố văn minh",
        kind=Kind.MODEL,
        subject=Subject.COLLECTIVE,
        field=fields["economy"],
        year=2024,
        place="Tuyến phố Cổ Nhuế, phường Cổ Nhuế 1",
        situation="Vỉa hè bị lấn chiếm, rác thải tồn đọng, nhân dân bức xúc.",
        goals="100% hộ dân ký cam kết; tuyến phố sáng – xanh – sạch – đẹp.",
        content="Tổ dân vận vận động từng hộ; chi bộ, tổ dân phố và các đoàn thể cùng ra quân.",
        scope="Tuyến phố Cổ Nhuế, 320 hộ dân",
        leader="Đảng ủy, UBND phường Cổ Nhuế 1",
        participants="MTTQ, Hội Phụ nữ, Đoàn Thanh niên, Hội Cựu chiến binh, nhân dân",
        resources="Xã hội hóa và ngân sách phường",
        start_date=dt.date(2024, 2, 1),
        end_date=dt.date(2024, 12, 31),
        expected_outputs="Tuyến phố văn minh được công nhận",
        sustainability="Duy trì tổ tự quản; nhân rộng ra các tuyến phố khác",
        funding_social=320_000_000,
        funding_state=80_000_000,
        workdays=150,
        land_m2=0,
        beneficiaries=1_200,
        works_built=2,
        results_text="Tuyến phố thông thoáng, sạch đẹp; nhân dân đồng tình ủng hộ.",
        contact="Nguyễn Thị Lan – 0912 000 111",
        internal_note="Cần theo dõi việc duy trì sau công nhận.",
    )
    services.initiative_start(initiative=first, by=system_actor())
    services.evidence_add(
        initiative=first,
        by=system_actor(),
        file=SimpleUploadedFile("tuyen-pho.png", _png((200, 40, 40)), content_type="image/png"),
        caption="Tuyến phố văn minh Cổ Nhuế",
        is_public=True,
    )
    second = services.initiative_create(
        by=system_actor(),
        unit=ward,
        register=True,
        name="Camera an ninh",
        kind=Kind.MODEL,
        subject=Subject.COLLECTIVE,
        field=fields["security"],
        year=2024,
        place="Các tổ dân phố phường Cổ Nhuế 1",
        content="Vận động nhân dân xã hội hóa lắp đặt camera giám sát an ninh trật tự.",
        funding_social=450_000_000,
        workdays=60,
        works_built=48,
        results_text="48 mắt camera được lắp đặt, kết nối với Công an phường.",
    )
    services.initiative_start(initiative=second, by=system_actor())
    return [first, second]


# ---------------------------------------------------------------- Đống Đa 2023 (seed 001)

DONG_DA_2023 = {Subject.COLLECTIVE: 314, Subject.INDIVIDUAL: 299}
DONG_DA_RECOGNIZED = 23


def _dong_da() -> None:
    district = legacy_district(DONG_DA)
    units = list(district.children.order_by("path"))
    b = _Builder(seed=1)
    fields = [code for code, _w in FIELD_WEIGHTS]
    recognized = []
    for subject, count in DONG_DA_2023.items():
        for n in range(count):
            is_recognized = subject == Subject.COLLECTIVE and n < DONG_DA_RECOGNIZED
            row = b.add(
                unit=units[n % len(units)],
                year=2023,
                subject=subject,
                field=fields[n % len(fields)],
                status=Status.RECOGNIZED if is_recognized else Status.IMPLEMENTING,
                level=RecognitionLevel.DISTRICT if is_recognized else "",
            )
            if is_recognized:
                recognized.append(row)
    b.save()
    issuer = district.children.filter(name__startswith="Ban Dân vận").first() or district
    decision = _decision(issuer, "2315-QĐ/QU", dt.date(2023, 11, 9), RecognitionLevel.DISTRICT, "Nguyễn Anh Cường")
    _attach(decision, recognized, outstanding_every=5)


# ---------------------------------------------------------------- Tây Hồ 2022 H1 (seed 002)

TAY_HO_2022 = {Kind.MODEL: 197, Kind.EXEMPLAR: 161}


def _tay_ho() -> None:
    district = legacy_district(TAY_HO)
    units = list(district.children.order_by("path"))
    b = _Builder(seed=2)
    for kind, count in TAY_HO_2022.items():
        for n in range(count):
            subject = Subject.COLLECTIVE if kind == Kind.MODEL or n % 3 == 0 else Subject.INDIVIDUAL
            b.add(
                unit=units[n % len(units)],
                year=2022,
                subject=subject,
                kind=kind,
                status=Status.REGISTERED,
            )
    b.save()


# ---------------------------------------------------------------- Phường Tam Quan Nam 2022 (seed 004)

# (name, field, replicated?) — 15 models in 2022: 6 new, 9 replicated; political 2, culture 10, security 3.
TAM_QUAN_NAM_2022 = [
    ("Đồng Tâm xây dựng nông thôn mới – đô thị văn minh", "political", False),
    ("Chi bộ gắn với khu phố", "political", False),
    ("Vận động nhân dân giải phóng mặt bằng xây dựng tuyến đường", "culture", False),
    ("Ngày chủ nhật xây dựng thị xã sáng, xanh, sạch, đẹp", "culture", False),
    ("Bữa cơm nghĩa tình", "culture", False),
    ("Quỹ khuyến học khu phố", "culture", False),
    ("Gia đình, họ đạo không vi phạm pháp luật", "culture", True),
    ("Khu dân cư sáng – xanh – sạch – đẹp – an toàn – văn minh", "culture", True),
    ("Tuyến đường hoa", "culture", True),
    ("Phụ nữ tiết kiệm giúp nhau", "culture", True),
    ("Thắp sáng đường quê", "culture", True),
    ("Nhà văn hóa khu phố xanh", "culture", True),
    ("Camera an ninh", "security", True),
    ("Móc khóa an ninh", "security", True),
    ("Khu dân cư tự quản về an ninh trật tự", "security", True),
]
TAM_QUAN_NAM_EARLIER_ACTIVE = 27
TAM_QUAN_NAM_EARLIER_STOPPED = 4


def _tam_quan_nam(context) -> None:
    ward = context.units.get("Phường Tam Quan Nam") or legacy_ward("Thị xã Hoài Nhơn", "Phường Tam Quan Nam")
    units = [ward, *ward.children.order_by("path")]
    b = _Builder(seed=4)
    earlier = []
    for n in range(TAM_QUAN_NAM_EARLIER_ACTIVE + TAM_QUAN_NAM_EARLIER_STOPPED):
        stopped = n >= TAM_QUAN_NAM_EARLIER_ACTIVE
        year = 2015 + n % 7
        earlier.append(
            b.add(
                unit=units[n % len(units)],
                year=year,
                subject=Subject.COLLECTIVE,
                kind=Kind.MODEL,
                status=Status.STOPPED if stopped else Status.IMPLEMENTING,
                stopped_on=dt.date(2021, 12, 31) if stopped else None,
            )
        )
    b.save()
    sources = {row.name: row for row in earlier}
    camera_btl = Initiative.objects.filter(unit__parent__name=BTL, name="Camera an ninh", year=2022).first()
    sources["Camera an ninh"] = camera_btl or sources.get("Camera an ninh")
    created = []
    for n, (name, field, replicated) in enumerate(TAM_QUAN_NAM_2022):
        source = sources.get(name) if replicated else None
        row = Initiative(
            name=name,
            unit=units[n % len(units)],
            year=2022,
            subject=Subject.COLLECTIVE,
            kind=Kind.MODEL,
            field=b.fields[field],
            status=Status.RECOGNIZED if n % 3 == 0 else Status.IMPLEMENTING,
            recognized_level=RecognitionLevel.COMMUNE if n % 3 == 0 else "",
            origin=Origin.REPLICATED if replicated else Origin.NEW,
            source=source,
            start_date=dt.date(2022, 1 + n % 9, 1),
        )
        row.search_text = fold(f"{row.name} {row.unit.name} {row.field.name}")
        created.append(row)
    Initiative.objects.bulk_create(created)
    _set_root_paths()
    linked = [r for r in created if r.source_id]
    source_paths = dict(
        Initiative.objects.filter(pk__in=[r.source_id for r in linked]).values_list("pk", "lineage_path")
    )
    for row in linked:
        row.lineage_path = source_paths[row.source_id] + f"{row.pk:09d}."
    Initiative.objects.bulk_update(linked, ["lineage_path"])
    decision = _decision(ward, "45-QĐ/ĐU", dt.date(2022, 11, 17), RecognitionLevel.COMMUNE, "Bí thư Đảng ủy phường")
    _attach(decision, [r for r in created if r.recognized_level])


# ---------------------------------------------------------------- today's wards (2025–2026)

# legacy ward → (rows per year 2025, 2026), the decision recognizing some of 2025 at ward level.
CURRENT_WARDS = {
    ("Quận Bắc Từ Liêm", "Phường Đông Ngạc"): ((14, 9), "12-QĐ/ĐU", dt.date(2025, 12, 18)),
    ("Thị xã Hoài Nhơn", "Phường Tam Quan Nam"): ((11, 7), "08-QĐ/ĐU", dt.date(2025, 12, 22)),
}
REFUSE_REASON = "Mô hình mới triển khai, chưa có kết quả được đánh giá; đề nghị tiếp tục thực hiện, tổng kết sau."


def _current(context) -> None:
    """Today's wards register in 2025–2026: some recognized at ward level (one decision each), most
    being implemented, two proposed to the city / province (waiting for its reviewer) and one
    refused with a reason (back to the ward's clerk)."""
    from danvan.demo import current_ward

    for n, ((district, legacy_name), ((y2025, y2026), number, date)) in enumerate(CURRENT_WARDS.items()):
        ward = current_ward(district, legacy_name)
        if Initiative.objects.filter(unit=ward, year__gte=2025).exists():
            continue
        b = _Builder(seed=2025 + n)
        rows = []
        for year, count in ((2025, y2025), (2026, y2026)):
            for i in range(count):
                subject = Subject.INDIVIDUAL if i % 4 == 3 else Subject.COLLECTIVE
                start = dt.date(year, 7 if year == 2025 else 1 + i % 6, 1 + i % 27)
                recognized = year == 2025 and i % 3 == 0
                rows.append(
                    b.add(
                        unit=ward,
                        year=year,
                        subject=subject,
                        start_date=start,
                        status=Status.RECOGNIZED if recognized else Status.IMPLEMENTING,
                        level=RecognitionLevel.COMMUNE if recognized else "",
                        funding_social=b.rng.randrange(0, 40) * 1_000_000,
                        workdays=b.rng.randrange(0, 30),
                    )
                )
        b.save()
        decision = _decision(ward, number, date, RecognitionLevel.COMMUNE, "Bí thư Đảng ủy phường")
        _attach(decision, [r for r in rows if r.recognized_level])
        waiting = [r for r in rows if r.year == 2025 and r.recognized_level][:2]
        for row in waiting:
            services.initiative_propose(initiative=row, level=RecognitionLevel.PROVINCE, by=system_actor())
        refused = next(r for r in rows if r.year == 2026 and r.status == Status.IMPLEMENTING)
        services.initiative_propose(initiative=refused, level=RecognitionLevel.COMMUNE, by=system_actor())
        services.initiative_refuse(initiative=refused, by=system_actor(), reason=REFUSE_REASON)


def load(context) -> None:
    """Load the demo registry (idempotent: does nothing when the demo rows exist)."""
    if not Initiative.objects.filter(name="Dân vận khéo trong xây dựng tuyến phố văn minh", year=2024).exists():
        _btl(context)
        _dong_da()
        _tay_ho()
        _tam_quan_nam(context)
    _current(context)
