"""Soft delete: what a user entered is never removed through the interface, only marked.

A model opts in by inheriting ``SoftDeletable`` (two columns, ``deleted_at`` and ``deleted_by``)
and declaring ``objects = LiveManager.from_queryset(TheQuerySet)()`` first — the default manager —
so every selector, counter, export and reverse relation (``unit.initiatives``) sees live rows only,
and ``all_objects`` second for the few places that must see deleted rows too (restore, the
administrator's "Deleted" page). Unique constraints a deleted row must not block are made
conditional on ``deleted_at IS NULL``; a restore runs the model's constraint checks again, so a
restored row cannot collide with one created since.

``mark_deleted`` / ``mark_restored`` write through ``save_by`` so the history records who deleted
or restored and when. The apps' services call them after their own permission and state checks.

``register(Deletable(...))`` (from an app's ``ready()``) lists a model on the "Deleted" page; the
page reads this registry, so the lower layers never import a domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

from lib.audit import save_by

FIELDS = ["deleted_at", "deleted_by"]


class SoftDeletable(models.Model):
    # No plain index: nearly every row is live, so an index on the column only tempts the planner
    # away from the real filters (the trigram search, for one). ``deleted_index`` serves the
    # "Deleted" page instead.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def deleted_index(name: str) -> models.Index:
    """A partial index over the few deleted rows (each model's Meta lists it under its own name)."""
    return models.Index(fields=["deleted_at"], condition=models.Q(deleted_at__isnull=False), name=name)


class LiveManager(models.Manager):
    """The default manager of a soft-deletable model: deleted rows are invisible."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


def _actor(by):
    # The system actor or an anonymous caller is not a row to point at.
    return by if getattr(by, "pk", None) else None


def mark_deleted(obj, *, by, when=None):
    """Mark ``obj`` deleted by ``by`` (recorded in its history); returns ``obj``."""
    obj.deleted_at = when or timezone.now()
    obj.deleted_by = _actor(by)
    return save_by(obj, by=by, update_fields=FIELDS, clean=False)


def mark_restored(obj, *, by, also=()):
    """Bring ``obj`` back; its unique constraints are checked again first (ValidationError).
    ``also``: columns the caller recomputed for the restore, saved with it."""
    obj.deleted_at = None
    obj.deleted_by = None
    obj.validate_constraints()
    return save_by(obj, by=by, update_fields=[*FIELDS, *also], clean=False)


@dataclass(frozen=True)
class Deletable:
    """One kind of soft-deleted record listed on the administrator's "Deleted" page."""

    key: str  # in the page's URLs
    label: str  # plural, gettext_lazy
    model: type[models.Model]
    # Lookup of the unit path that decides who may restore (scope_q field).
    unit_path: str
    # restore(obj, by=user): the app's service (permission, state and constraint checks).
    restore: Callable
    # Words describing one row (name, number, unit) for the list.
    describe: Callable
    select_related: tuple[str, ...] = ()
    # Extra filter on the deleted rows listed (e.g. recipients whose decision is still live).
    listed: Callable | None = None


_REGISTRY: dict[str, Deletable] = {}


def register(entry: Deletable) -> None:
    _REGISTRY[entry.key] = entry


def registered() -> list[Deletable]:
    return list(_REGISTRY.values())


def get(key: str) -> Deletable | None:
    return _REGISTRY.get(key)
