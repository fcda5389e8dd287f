"""Readable change history for any model with django-simple-history, in two queries."""

from dataclasses import dataclass


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
                    changes.append((str(field.verbose_name), _display(previous, field), _display(record, field)))
        entries.append(
            HistoryEntry(
                record.history_date,
                record.history_user,
                record.history_type,
                changes,
                record.history_change_reason or "",
            )
        )
    return entries


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
