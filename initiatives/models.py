"""The registry of models and exemplars (mô hình / điển hình), their recognition decisions,
evidence files and plaque-mounted works.

An initiative belongs to the org unit that owned it at the time (``unit``); subtree filters use
``unit__path``. ``recognized_level`` keeps the highest level it was recognized at, so lists and
counters filter on one column. ``lineage_path`` is a materialized path of the replication tree
(source's path + own segment), so the whole tree of replications is one prefix query."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.softdelete import LiveManager, SoftDeletable, deleted_index
from lib.vn_text import fold
from orgunits.scope import subtree_q
from webkit.uploads import random_path


class Field(models.Model):
    """A field of work (lĩnh vực). Configurable; the four standard ones come with a migration."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self):
        return self.name


class Kind(models.TextChoices):
    MODEL = "model", _("Model")
    EXEMPLAR = "exemplar", _("Exemplar")


class Subject(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class Origin(models.TextChoices):
    NEW = "new", _("New")
    REPLICATED = "replicated", _("Replicated")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTERED = "registered", _("Registered")
    IMPLEMENTING = "implementing", _("Being implemented")
    PROPOSED = "proposed", _("Proposed for recognition")
    RECOGNIZED = "recognized", _("Recognized")
    NOT_RECOGNIZED = "not_recognized", _("Not recognized")
    STOPPED = "stopped", _("Stopped / withdrawn")


class RecognitionLevel(models.TextChoices):
    """Levels at which an initiative is recognized; codes match ``orgunits.Level.code``."""

    COMMUNE = "commune", _("Commune / ward level")
    DISTRICT = "district", _("District level")
    PROVINCE = "province", _("Province / city level")


# Smaller = higher, as in orgunits.Level.rank.
LEVEL_RANK = {RecognitionLevel.PROVINCE: 1, RecognitionLevel.DISTRICT: 2, RecognitionLevel.COMMUNE: 3}
UNIT_LEVEL_RANK = {"national": 0, "province": 1, "district": 2, "commune": 3, "grassroots": 4}


class InitiativeQuerySet(models.QuerySet):
    def visible_to(self, user):
        from accounts.access import scope_q
        from accounts.roles import Cap

        return self.filter(scope_q(user, Cap.VIEW))

    def within(self, paths):
        """Initiatives of units in the subtrees rooted at ``paths`` (None = everywhere)."""
        if paths is None:
            return self
        return self.filter(subtree_q(paths)) if paths else self.none()

    def search(self, text: str):
        folded = fold(text)
        if not folded:
            return self
        condition = Q()
        for word in folded.split():
            condition &= Q(search_text__contains=word)
        # Every word must occur; rows holding the words as one phrase rank first.
        rank = models.Case(
            models.When(search_text__contains=folded, then=models.Value(0)),
            default=models.Value(1),
            output_field=models.IntegerField(),
        )
        return self.filter(condition).annotate(search_rank=rank)

    def in_years(self, year=None, year_range=None):
        if year is not None:
            return self.filter(year=year)
        if year_range is not None:
            start, end = year_range
            if start is not None:
                self = self.filter(year__gte=start)
            if end is not None:
                self = self.filter(year__lte=end)
        return self

    def recognized(self):
        return self.exclude(recognized_level="")

    def fill_registered_levels(self) -> int:
        """Set the empty ``registered_level`` from each unit's level, in three UPDATEs (rows made by
        ``bulk_create`` skip ``Initiative.save``)."""
        empty = self.filter(registered_level="")
        changed = empty.filter(unit__level__code__in=["national", "province"]).update(
            registered_level=RecognitionLevel.PROVINCE
        )
        changed += empty.filter(unit__level__code="district").update(registered_level=RecognitionLevel.DISTRICT)
        changed += empty.update(registered_level=RecognitionLevel.COMMUNE)
        return changed

    def public(self):
        """What the public showcase may show: recognized at some level and not refused or stopped."""
        return self.exclude(recognized_level="").filter(status__in=[Status.RECOGNIZED, Status.PROPOSED])


def evidence_upload_to(instance, filename) -> str:
    # Random names (webkit.uploads): the original name is kept in the database only.
    return random_path("evidence", filename)


def decision_upload_to(instance, filename) -> str:
    return random_path("decisions", filename)


class Initiative(SoftDeletable):
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MODEL)
    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices, default=Subject.COLLECTIVE)
    field = models.ForeignKey(Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="initiatives")
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="initiatives"
    )
    place = models.CharField(_("where it is carried out"), max_length=300, blank=True)
    # Subject: a collective is the unit itself or a named group; an individual has a name.
    group_name = models.CharField(_("collective (named group)"), max_length=300, blank=True)
    person_name = models.CharField(_("individual's full name"), max_length=150, blank=True)
    person_position = models.CharField(_("individual's position"), max_length=200, blank=True)
    person_unit = models.CharField(_("individual's unit"), max_length=300, blank=True)
    # Registration content
    situation = models.TextField(_("situation and reason"), blank=True)
    goals = models.TextField(_("goals and criteria"), blank=True)
    content = models.TextField(_("content and method"), blank=True)
    scope = models.TextField(_("area and target group"), blank=True)
    leader = models.CharField(_("who leads"), max_length=300, blank=True)
    participants = models.TextField(_("who takes part"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    expected_outputs = models.TextField(_("expected outputs"), blank=True)
    sustainability = models.TextField(_("how it is sustained and replicated"), blank=True)
    # Origin
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.NEW)
    source = models.ForeignKey(
        "self",
        verbose_name=_("replicated from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replications",
    )
    lineage_path = models.CharField(max_length=255, blank=True, default="", db_index=True, editable=False)
    # Results (money in whole VND)
    funding_social = models.BigIntegerField(_("socialized funding (VND)"), default=0)
    funding_state = models.BigIntegerField(_("state budget (VND)"), default=0)
    workdays = models.IntegerField(_("workdays"), default=0)
    land_m2 = models.DecimalField(_("land donated (m²)"), max_digits=14, decimal_places=2, default=0)
    beneficiaries = models.IntegerField(_("beneficiaries"), default=0)
    works_built = models.IntegerField(_("works built"), default=0)
    results_text = models.TextField(_("results (narrative)"), blank=True)
    # Private: never shown on public pages.
    contact = models.CharField(_("contact (private)"), max_length=300, blank=True)
    internal_note = models.TextField(_("internal notes (private)"), blank=True)
    # Life cycle
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    proposed_level = models.CharField(
        _("proposed at level"), max_length=10, choices=RecognitionLevel.choices, blank=True
    )
    recognized_level = models.CharField(
        _("highest recognized level"), max_length=10, choices=RecognitionLevel.choices, blank=True, db_index=True
    )
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    # The level the initiative registered at (cơ sở / huyện / tỉnh); filled from the registering
    # unit's level when left empty (see ``save``).
    registered_level = models.CharField(
        _("registered at level"), max_length=10, choices=RecognitionLevel.choices, blank=True, db_index=True
    )
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Raised by every edit; an edit started from an older version is refused (lost-update check).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text", "lineage_path"])
    # Live rows only (lib.softdelete); ``all_objects`` sees deleted ones too.
    objects = LiveManager.from_queryset(InitiativeQuerySet)()
    all_objects = models.Manager.from_queryset(InitiativeQuerySet)()

    class Meta:
        ordering = ["-year", "name", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [models.Index(fields=["year", "status"]), deleted_index("initiatives_deleted")]
        constraints = [
            models.CheckConstraint(
                condition=Q(funding_social__gte=0)
                & Q(funding_state__gte=0)
                & Q(workdays__gte=0)
                & Q(land_m2__gte=0)
                & Q(beneficiaries__gte=0)
                & Q(works_built__gte=0),
                name="initiative_results_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.registered_level and self.unit_id:
            self.registered_level = level_of_unit(self.unit)
        super().save(*args, **kwargs)

    @property
    def subject_label(self) -> str:
        if self.subject == Subject.INDIVIDUAL:
            return self.person_name
        return self.group_name or (self.unit.name if self.unit_id else "")

    @property
    def is_public(self) -> bool:
        return bool(self.recognized_level) and self.status in (Status.RECOGNIZED, Status.PROPOSED)


def level_of_unit(unit) -> str:
    """The registry level of an org unit: a ward or anything below registers at commune level,
    a district at district level, a province or the nation at province level."""
    code = unit.level.code if unit is not None else ""
    if code in ("national", "province"):
        return RecognitionLevel.PROVINCE
    if code == "district":
        return RecognitionLevel.DISTRICT
    return RecognitionLevel.COMMUNE


class EventAction(models.TextChoices):
    CREATE = "create", _("created")
    REGISTER = "register", _("registered")
    START = "start", _("started implementing")
    PROPOSE = "propose", _("proposed for recognition")
    WITHDRAW = "withdraw", _("withdrew the proposal")
    RECOGNIZE = "recognize", _("recognized")
    REFUSE = "refuse", _("not recognized")
    REOPEN = "reopen", _("reopened")
    STOP = "stop", _("stopped")


class InitiativeEvent(models.Model):
    """One step of the life cycle: who, when, from → to, at which level, why."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=EventAction.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    level = models.CharField(_("level"), max_length=10, choices=RecognitionLevel.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    decision = models.ForeignKey(
        "RecognitionDecision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("life-cycle event")
        verbose_name_plural = _("life-cycle events")

    def __str__(self):
        return f"{self.get_action_display()} ({self.from_status} → {self.to_status})"


class RecognitionDecision(models.Model):
    number = models.CharField(_("decision number"), max_length=60)
    date = models.DateField(_("decision date"))
    issuer = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="+"
    )
    signer = models.CharField(_("signer"), max_length=150, blank=True)
    level = models.CharField(_("level of recognition"), max_length=10, choices=RecognitionLevel.choices)
    scan = models.FileField(_("scanned decision"), upload_to=decision_upload_to, blank=True, max_length=200)
    scan_name = models.CharField(max_length=255, blank=True, editable=False)
    initiatives = models.ManyToManyField(Initiative, through="DecisionItem", related_name="decisions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number", "date"], name="decision_unique_number"),
        ]

    def __str__(self):
        return _("Decision %(number)s of %(date)s") % {"number": self.number, "date": self.date.strftime("%d/%m/%Y")}


class DecisionItem(models.Model):
    decision = models.ForeignKey(RecognitionDecision, on_delete=models.CASCADE, related_name="items")
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="decision_items")
    outstanding = models.BooleanField(_("outstanding (tiêu biểu)"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "initiative"], name="decision_item_unique"),
        ]

    def __str__(self):
        return f"{self.decision} · {self.initiative}"


class EvidenceType(models.TextChoices):
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    WEBP = "webp", "WebP"
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"


IMAGE_TYPES = {EvidenceType.JPEG, EvidenceType.PNG, EvidenceType.WEBP}
CONTENT_TYPES = {
    EvidenceType.JPEG: "image/jpeg",
    EvidenceType.PNG: "image/png",
    EvidenceType.WEBP: "image/webp",
    EvidenceType.PDF: "application/pdf",
    EvidenceType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    EvidenceType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Evidence(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    file_type = models.CharField(_("file type"), max_length=8, choices=EvidenceType.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    is_public = models.BooleanField(_("show on the public showcase"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.caption or self.original_name

    @property
    def is_image(self) -> bool:
        return self.file_type in IMAGE_TYPES

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_type]


class PlaqueLevel(models.TextChoices):
    PROVINCE = "province", _("City / province level")
    DISTRICT = "district", _("District level")


class PlaqueWork(models.Model):
    """A work built through an initiative and given a plaque to celebrate an occasion."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="plaques"
    )
    name = models.CharField(_("work name"), max_length=300)
    level = models.CharField(_("plaque level"), max_length=10, choices=PlaqueLevel.choices)
    occasion = models.CharField(_("occasion"), max_length=300, blank=True)
    date = models.DateField(_("plaque date"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("plaque-mounted work")
        verbose_name_plural = _("plaque-mounted works")

    def __str__(self):
        return self.name


class FormSubmission(models.Model):
    """A one-time token of a create form, claimed when the form is saved: a second post of the
    same form (double click, reload) finds the claim and goes to the record already made."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return f"{self.kind} {self.token[:8]}"


class Rating(models.TextChoices):
    """How a reviewer judged a model or exemplar, as reports word it."""

    OUTSTANDING = "outstanding", _("Outstanding")
    GOOD = "good", _("Good results")
    EFFECTIVE = "effective", _("Working effectively")
    NOT_EFFECTIVE = "not_effective", _("Not yet effective")


# Ratings that count as "effective" in the registry's rates.
EFFECTIVE_RATINGS = (Rating.OUTSTANDING, Rating.GOOD, Rating.EFFECTIVE)


class Evaluation(models.Model):
    """One evaluation of an initiative by a reviewer of its unit: who, when, what. Evaluations
    are never edited: a new judgement is a new row, so the rows are the history; the latest
    (by date, then id) is the one counted."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="evaluations"
    )
    rating = models.CharField(_("evaluation"), max_length=16, choices=Rating.choices)
    evaluated_on = models.DateField(_("evaluated on"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-evaluated_on", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{self.initiative} · {self.get_rating_display()}"


class SummaryRegistration(models.Model):
    """A count of models or exemplars an office knows only as a number ("từ 2009 đến nay 251 mô
    hình"), for a unit, a year or range of years, and optionally a field and a level.

    Counting rule (never twice): the summary stands for ``count`` registrations of its unit (that
    unit exactly, not its sub-units) in ``year_from``–``year_to`` of its kind and subject (and of
    its field / level when given). Named registrations matching the same (unit, years, field,
    level, kind, subject) are taken out of it, up to the declared count: the counters add
    ``max(0, count − named)``, so the total is ``max(count, named)`` whether names are entered
    later or not. A summary over several years is counted only by counters whose years cover its
    whole period (a per-year breakdown cannot split it)."""

    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="summary_registrations"
    )
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    field = models.ForeignKey(
        Field, verbose_name=_("field"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=10, choices=RecognitionLevel.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MODEL)
    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices, default=Subject.COLLECTIVE)
    count = models.PositiveIntegerField(_("count"))
    source = models.TextField(_("source document"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year_to", "unit__path", "pk"]
        verbose_name = _("summary registration")
        verbose_name_plural = _("summary registrations")
        constraints = [
            models.CheckConstraint(condition=Q(year_from__lte=models.F("year_to")), name="summary_years_ordered"),
        ]

    def __str__(self):
        years = str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"
        return f"{self.unit} · {years} · {self.count}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise ValidationError({"year_to": _("The last year may not be before the first year.")})
        if self.count is not None and self.count < 1:
            raise ValidationError({"count": _("The count must be at least 1.")})
