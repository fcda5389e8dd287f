"""The org-unit tree with validity periods and lineage (merges, splits, renames, successions).

The tree is stored as a materialized path: every unit's ``path`` is its parent's path plus a
fixed-width segment made from its own id, so a subtree is one ``path LIKE 'prefix%'`` query on
both SQLite and PostgreSQL."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.vn_text import fold
from orgunits.scope import subtree_q

SEGMENT_WIDTH = 7
REORGANIZATION_DATE = dt.date(2025, 7, 1)


class Level(models.Model):
    """An administrative level. Levels are configuration: the district level ends on 30/06/2025."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("0 = national, larger = lower"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self):
        return self.name


class UnitType(models.TextChoices):
    COUNTRY = "country", _("Country")
    PROVINCE = "province", _("Province / city")
    DISTRICT = "district", _("District / town")
    COMMUNE = "commune", _("Commune / ward / township")
    RESIDENTIAL = "residential", _("Residential group / village")
    AGENCY = "agency", _("Agency or organization")


class CodeScheme(models.TextChoices):
    NONE = "", _("No official code")
    CURRENT = "2025", _("Official code (since 01/07/2025)")
    LEGACY = "legacy", _("Official code (before 01/07/2025)")


class OrgUnitQuerySet(models.QuerySet):
    def valid_on(self, date: dt.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=date)
        )

    def within(self, paths):
        """Units in any of the subtrees whose root paths are given (None = everywhere)."""
        if paths is None:
            return self
        paths = list(paths)
        return self.filter(subtree_q(paths, "path")) if paths else self.none()

    def visible_to(self, user):
        from accounts.access import visible_paths

        paths = visible_paths(user)
        return self if paths is None else self.within(paths)

    def search(self, text: str):
        folded = fold(text)
        return self.filter(search_text__contains=folded) if folded else self


class OrgUnit(models.Model):
    name = models.CharField(_("name"), max_length=255)
    unit_type = models.CharField(_("type"), max_length=20, choices=UnitType.choices)
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(_("official code"), max_length=20, blank=True)
    code_scheme = models.CharField(_("code scheme"), max_length=10, blank=True, choices=CodeScheme.choices)
    # Stable key for loaders ("2025:w:4", "legacy:d:21"); null for units created by hand.
    ext_key = models.CharField(max_length=40, unique=True, null=True, blank=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    search_text = models.CharField(max_length=255, editable=False, default="", db_index=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(excluded_fields=["path", "depth", "search_text"])
    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")

    def __str__(self):
        return self.name

    def is_valid_on(self, date: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (self.valid_to is None or self.valid_to >= date)

    def existed_in_year(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from.year <= year) and (
            self.valid_to is None or self.valid_to.year >= year
        )

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def ancestor_paths(self) -> list[str]:
        return [self.path[: i * SEGMENT_WIDTH] for i in range(1, self.depth + 2)]

    def ancestors(self):
        return OrgUnit.objects.filter(path__in=self.ancestor_paths()[:-1]).select_related("level").order_by("depth")

    def descendants(self):
        return OrgUnit.objects.filter(path__startswith=self.path).exclude(pk=self.pk)


class LineageKind(models.TextChoices):
    MERGED_INTO = "merged_into", _("merged into")
    SPLIT_INTO = "split_into", _("split into (in part)")
    RENAMED_TO = "renamed_to", _("renamed to")
    SUCCEEDED_BY = "succeeded_by", _("succeeded by")


class LineageEvent(models.Model):
    """On ``date`` the ``source`` unit ended (or lost part of itself) into ``target``."""

    source = models.ForeignKey(
        OrgUnit, verbose_name=_("from unit"), on_delete=models.CASCADE, related_name="lineage_out"
    )
    target = models.ForeignKey(OrgUnit, verbose_name=_("to unit"), on_delete=models.CASCADE, related_name="lineage_in")
    kind = models.CharField(_("kind"), max_length=20, choices=LineageKind.choices)
    date = models.DateField(_("effective date"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "source_id", "target_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind", "date"], name="lineage_unique_event"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="lineage_not_self"),
        ]
        verbose_name = _("lineage event")
        verbose_name_plural = _("lineage events")

    def __str__(self):
        return f"{self.source} → {self.target} ({self.get_kind_display()}, {self.date:%d/%m/%Y})"
