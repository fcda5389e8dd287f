"""Readable change history for any model with django-simple-history, in a bounded number of
queries (the records, then one per kind of related object that changed)."""

from dataclasses import dataclass

from django.utils.translation import gettext


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str  # "+", "~", "-"
    changes: list[tuple[str, object, object]]
    reason: str


def history_entries(obj, limit: int = 50) -> list[HistoryEntry]:
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    fields = [f for f in obj.history.model.instance_type._meta.fields if f.name in _tracked(obj)]
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for field in fields:
                old, new = getattr(previous, field.attname), getattr(record, field.attname)
                if old != new:
                    changes.append((field, _display(previous, field), _display(record, field)))
        entries.append(
            HistoryEntry(
                record.history_date,
                record.history_user,
                record.history_type,
                changes,
                record.history_change_reason or "",
            )
        )
    _name_related(entries)
    return entries


def _name_related(entries: list[HistoryEntry]) -> None:
    """Replace related-object ids ("— → 1") by the objects' names ("— → Nguyễn Thị Lan"):
    one query per related model, however many entries changed it."""
    wanted: dict = {}
    for entry in entries:
        for field, old, new in entry.changes:
            if field.is_relation and field.related_model is not None:
                wanted.setdefault(field.related_model, set()).update(v for v in (old, new) if v != "—")
    found = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items() if ids}
    for entry in entries:
        entry.changes = [
            (
                _field_label(field),
                _related_name(found, field, old),
                _related_name(found, field, new),
            )
            for field, old, new in entry.changes
        ]


def _field_label(field) -> str:
    # Fields declared without a verbose name ("updated at") get Django's automatic English one;
    # look it up in the catalogue too (locale/vi has these few).
    return gettext(str(field.verbose_name))


def _related_name(found, field, value):
    if not field.is_relation or value == "—":
        return value
    obj = found.get(field.related_model, {}).get(value)
    if obj is None:
        return value
    full_name = getattr(obj, "get_full_name", None)
    return (full_name() if callable(full_name) else "") or str(obj)


def _tracked(obj) -> set[str]:
    return {f.name for f in obj.history.model._meta.fields} - {
        "id",
        "history_id",
        "history_date",
        "history_user",
        "history_type",
        "history_change_reason",
    }


def _display(record, field):
    if field.choices:
        return dict(field.flatchoices).get(getattr(record, field.attname), getattr(record, field.attname))
    value = getattr(record, field.attname)
    return "—" if value in (None, "") else value
