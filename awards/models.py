"""Awards (khen thưởng): emulation titles kept apart from forms of reward, areas of achievement,
award decisions and the collectives and individuals they reward.

An individual is identified for the once-per-person rule (Kỷ niệm chương "Vì sự nghiệp dân vận")
by ``person_key``: the folded full name plus, when known, date of birth and unit."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.softdelete import LiveManager, SoftDeletable, deleted_index
from webkit.uploads import random_path


class AppliesTo(models.TextChoices):
    ANY = "any", _("Collectives and individuals")
    COLLECTIVE = "collective", _("Collectives only")
    INDIVIDUAL = "individual", _("Individuals only")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class CatalogueQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class CatalogueEntry(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("display order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class EmulationTitle(CatalogueEntry):
    """Danh hiệu thi đua, e.g. "Tập thể lao động xuất sắc", "Chiến sĩ thi đua cơ sở"."""

    applies_to = models.CharField(_("given to"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.ANY)
    history = HistoricalRecords()

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("emulation title")
        verbose_name_plural = _("emulation titles")


class RewardKind(models.TextChoices):
    """A reward proper (khen thưởng) or a commendation (biểu dương, tuyên dương): reports count
    and word them apart ("khen thưởng 11 tập thể", "biểu dương 5 cá nhân")."""

    REWARD = "reward", _("Reward")
    COMMENDATION = "commendation", _("Commendation")


class RewardForm(CatalogueEntry):
    """Hình thức khen thưởng: Giấy khen, Bằng khen, Kỷ niệm chương, Cờ thi đua … and the
    commendations Biểu dương, Tuyên dương (``kind``)."""

    kind = models.CharField(_("kind"), max_length=12, choices=RewardKind.choices, default=RewardKind.REWARD)
    applies_to = models.CharField(_("given to"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.ANY)
    once_per_person = models.BooleanField(
        _("once per person"), default=False, help_text=_("A person can receive this form of reward only once.")
    )
    history = HistoricalRecords()

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("form of reward")
        verbose_name_plural = _("forms of reward")


class AchievementArea(CatalogueEntry):
    """Lĩnh vực thành tích: Dân vận khéo, Quy chế dân chủ ở cơ sở, Dân vận chính quyền …"""

    history = HistoricalRecords()

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("area of achievement")
        verbose_name_plural = _("areas of achievement")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    ISSUED = "issued", _("Issued")


class AwardDecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Decisions issued or proposed in the user's subtree, or rewarding someone in it."""
        from accounts.access import scope_paths, scope_q
        from accounts.roles import Cap

        if scope_paths(user, Cap.VIEW) is None:
            return self
        in_recipients = AwardRecipient.objects.filter(scope_q(user, Cap.VIEW, "unit__path")).values("decision_id")
        return self.filter(
            scope_q(user, Cap.VIEW, "issuer__path")
            | scope_q(user, Cap.VIEW, "proposed_by__path")
            | Q(pk__in=in_recipients)
        )

    def issued(self):
        return self.filter(status=DecisionStatus.ISSUED)


def scan_upload_to(instance, filename) -> str:
    # A random name (webkit.uploads); the uploaded name is kept in ``scan_name`` for downloads.
    return random_path("awards", filename)


class AwardDecision(SoftDeletable):
    """A decision (quyết định) rewarding many collectives and individuals at once, or a proposal
    for one sent to the issuing body (status "proposed")."""

    number = models.CharField(_("decision number"), max_length=50, blank=True)
    date = models.DateField(_("decision date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year of achievement"))
    status = models.CharField(_("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.ISSUED)
    issuer = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="award_decisions"
    )
    issuer_title = models.CharField(
        _("issued by"), max_length=255, help_text=_('E.g. "Ban Thường vụ Quận ủy", "Chủ tịch UBND quận".')
    )
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    proposed_by = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("proposing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_proposals",
    )
    reward_form = models.ForeignKey(
        RewardForm, verbose_name=_("form of reward"), null=True, blank=True, on_delete=models.PROTECT
    )
    emulation_title = models.ForeignKey(
        EmulationTitle, verbose_name=_("emulation title"), null=True, blank=True, on_delete=models.PROTECT
    )
    area = models.ForeignKey(
        AchievementArea, verbose_name=_("area of achievement"), null=True, blank=True, on_delete=models.PROTECT
    )
    summary = models.TextField(_("content"), blank=True)
    # Recipient counts a decision declares without names (history known only as figures: "khen
    # thưởng 84 tập thể"). Counting rule: for each of collectives and individuals, a decision
    # counts max(declared, named recipients) — names entered later never count twice. Unnamed
    # recipients count where the decision was issued.
    declared_collectives = models.PositiveIntegerField(_("number of collectives (declared)"), null=True, blank=True)
    declared_individuals = models.PositiveIntegerField(_("number of individuals (declared)"), null=True, blank=True)
    scan = models.FileField(_("scanned decision"), upload_to=scan_upload_to, blank=True, max_length=200)
    scan_name = models.CharField(_("scan file name"), max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every edit; an edit started from an older version is refused (lost-update check).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    # Live rows only (lib.softdelete); ``all_objects`` sees deleted ones too.
    objects = LiveManager.from_queryset(AwardDecisionQuerySet)()
    all_objects = models.Manager.from_queryset(AwardDecisionQuerySet)()

    class Meta:
        ordering = ["-year", "-date", "-pk"]
        indexes = [models.Index(fields=["year", "status"]), deleted_index("award_decisions_deleted")]
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")

    def __str__(self):
        if self.number:
            return _("Decision %(number)s") % {"number": self.number}
        # Never the raw id: a proposal is known by its year and the body it goes to.
        return _("Award proposal %(year)s to %(issuer)s") % {"year": self.year, "issuer": self.issuer_title}

    @property
    def what(self) -> str:
        """The reward in words: form of reward and/or emulation title."""
        return " – ".join(str(x) for x in (self.reward_form, self.emulation_title) if x)


class AwardRecipient(SoftDeletable):
    """A collective (an org unit, or a named group under one) or an individual rewarded by a decision."""

    decision = models.ForeignKey(
        AwardDecision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="recipients"
    )
    kind = models.CharField(_("recipient type"), max_length=12, choices=RecipientKind.choices)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_recipients",
    )
    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("Full name of the individual, or name of a group.")
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative rewarded"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_recipients",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    # fold(full name)|date of birth|unit id — who this individual is, for the once-per-person rule.
    person_key = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    # "<reward form id>:<person_key>" when the decision's form may be given once per person; the
    # unique constraint is the last line of defence behind the service's check.
    once_key = models.CharField(max_length=320, null=True, blank=True, editable=False)
    search_text = models.CharField(max_length=600, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["person_key", "once_key", "search_text"])
    # Live rows only (lib.softdelete); ``all_objects`` sees deleted ones too.
    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        ordering = ["decision_id", "kind", "pk"]
        indexes = [deleted_index("award_recipients_deleted")]
        constraints = [
            models.UniqueConstraint(
                fields=["once_key"],
                # A deleted award does not count: the person may be rewarded again.
                condition=Q(once_key__isnull=False, deleted_at__isnull=True),
                name="award_once_per_person",
            ),
            models.CheckConstraint(
                condition=Q(kind="collective", unit__isnull=False) | ~Q(name=""), name="award_recipient_named"
            ),
        ]
        verbose_name = _("award recipient")
        verbose_name_plural = _("award recipients")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == RecipientKind.COLLECTIVE and not self.name:
            return self.unit.name if self.unit else ""
        return self.name


# ---------------------------------------------------------------- decision numbers


class DecisionCounter(models.Model):
    """The last number an issuing unit gave in one series (award or recognition decisions) and
    year, with the date it carried: numbers follow the order of dates (lib.numbering)."""

    issuer = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)
    last_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "series", "year"], name="award_counter_unique")]

    def __str__(self):
        return f"{self.issuer_id} {self.series} {self.year}: {self.last}"


# ---------------------------------------------------------------- reward dossiers


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    REVIEWED = "reviewed", _("Reviewed by the council")
    DECIDED = "decided", _("Decided")


class DossierQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Dossiers the user's subtree proposes or is asked to decide."""
        from accounts.access import scope_q
        from accounts.roles import Cap

        return self.filter(scope_q(user, Cap.VIEW, "proposer__path") | scope_q(user, Cap.VIEW, "issuer__path"))


def dossier_upload_to(instance, filename) -> str:
    return random_path("awards/dossiers", filename)


class Dossier(models.Model):
    """Hồ sơ đề nghị khen thưởng: a unit's proposal letter (tờ trình) with its candidates, their
    achievement reports, the emulation council's review and, at the end, the award decision."""

    proposer = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("addressed to"), on_delete=models.PROTECT, related_name="+"
    )
    issuer_title = models.CharField(_("issued by"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year of achievement"))
    reward_form = models.ForeignKey(
        RewardForm, verbose_name=_("form of reward"), null=True, blank=True, on_delete=models.PROTECT
    )
    emulation_title = models.ForeignKey(
        EmulationTitle, verbose_name=_("emulation title"), null=True, blank=True, on_delete=models.PROTECT
    )
    area = models.ForeignKey(
        AchievementArea, verbose_name=_("area of achievement"), null=True, blank=True, on_delete=models.PROTECT
    )
    letter_number = models.CharField(_("proposal letter number"), max_length=50, blank=True)
    letter_date = models.DateField(_("proposal letter date"), null=True, blank=True)
    letter_file = models.FileField(_("proposal letter"), upload_to=dossier_upload_to, blank=True, max_length=200)
    letter_file_name = models.CharField(max_length=255, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=DossierStatus.choices, default=DossierStatus.DRAFT)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    council_members = models.TextField(_("council members"), blank=True, help_text=_("One member per line."))
    meeting_date = models.DateField(_("council meeting date"), null=True, blank=True)
    required_share = models.PositiveSmallIntegerField(
        _("share of votes required (%)"), default=50, help_text=_("Of all council members.")
    )
    share_inclusive = models.BooleanField(
        _("this share is enough"), default=False, help_text=_("Unticked: more than this share is required.")
    )
    decision = models.OneToOneField(
        AwardDecision, verbose_name=_("decision"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = DossierQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("reward dossier")
        verbose_name_plural = _("reward dossiers")

    def __str__(self):
        number = self.letter_number or _("(no number)")
        return _("Proposal letter %(number)s of %(unit)s") % {"number": number, "unit": self.proposer.name}

    @property
    def members(self) -> list[str]:
        return [line.strip() for line in self.council_members.splitlines() if line.strip()]

    @property
    def what(self) -> str:
        return " – ".join(str(x) for x in (self.reward_form, self.emulation_title) if x)


def report_upload_to(instance, filename) -> str:
    return random_path("awards/achievements", filename)


class Candidate(models.Model):
    """A collective or an individual a dossier proposes, with their achievement report and the
    council's vote on them."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="candidates")
    kind = models.CharField(_("recipient type"), max_length=12, choices=RecipientKind.choices)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    report_text = models.TextField(_("achievement report"), blank=True)
    report_file = models.FileField(_("achievement report file"), upload_to=report_upload_to, blank=True, max_length=200)
    report_file_name = models.CharField(max_length=255, blank=True, editable=False)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["dossier_id", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == RecipientKind.COLLECTIVE and not self.name:
            return self.unit.name if self.unit else ""
        return self.name

    @property
    def has_report(self) -> bool:
        return bool(self.report_text.strip() or self.report_file)


class DossierEvent(models.Model):
    """One step of a dossier: who acted, when, from which status to which."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.TextField(blank=True)
    by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.action} ({self.from_status} → {self.to_status})"

    @property
    def from_label(self) -> str:
        return DossierStatus(self.from_status).label if self.from_status else "—"

    @property
    def to_label(self) -> str:
        return DossierStatus(self.to_status).label


# ---------------------------------------------------------------- certificates


class CertificateTemplate(models.Model):
    """How an issuing unit's certificates (Bằng khen, Giấy khen, Giấy công nhận) are laid out:
    the heading lines, the place and the signer. Without one, a default is built from the decision."""

    issuer = models.OneToOneField(
        "orgunits.OrgUnit", verbose_name=_("issuing unit"), on_delete=models.CASCADE, related_name="+"
    )
    heading = models.TextField(_("heading"), help_text=_("One line each, e.g. the party committee, then the body."))
    place = models.CharField(_("place"), max_length=100)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self):
        return self.heading.splitlines()[0] if self.heading else str(self.issuer_id)
