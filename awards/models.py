"""Awards (khen thưởng): emulation titles kept apart from forms of reward, areas of achievement,
award decisions and the collectives and individuals they reward.

An individual is identified for the once-per-person rule (Kỷ niệm chương "Vì sự nghiệp dân vận")
by ``person_key``: the folded full name plus, when known, date of birth and unit."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class AwardDecision(models.Model):
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
    objects = AwardDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-date", "-pk"]
        indexes = [models.Index(fields=["year", "status"])]
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


class AwardRecipient(models.Model):
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

    class Meta:
        ordering = ["decision_id", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["once_key"], condition=Q(once_key__isnull=False), name="award_once_per_person"
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
