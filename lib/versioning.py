"""Optimistic version checks: an edit carries the version it started from; the service refuses it
when someone saved in between, saying field by field what they changed (Tên: 'A' → 'B'), so
the second writer's typing is not silently lost and neither is the first writer's change."""

from django.db import models
from django.utils.translation import gettext as _

from lib.errors import InvalidTransition


class VersionConflict(InvalidTransition):
    """Raised by an edit service when the expected version is stale ("not now": the record moved
    on; code "stale_version", answered 409 by the API). ``changes`` holds (field name, label,
    value then, value now) for every field the other writer changed."""

    def __init__(self, *, current_version: int, changes: list[tuple[str, str, str, str]], raw=None):
        self.current_version = current_version
        self.changes = changes
        # {field name: (stored value then, stored value now)} for the changed fields.
        self.raw = raw or {}
        if changes:
            lines = "; ".join(self.change_lines())
            message = _("Someone else saved this record while you were editing it. Their changes: %(changes)s.") % {
                "changes": lines
            }
        else:
            message = _("Someone else saved this record while you were editing it.")
        message += " " + _(
            "Your typing is kept below with their changes where you changed nothing: check and save again."
        )
        super().__init__(message, code="stale_version")
        self.messages = [message]

    def change_lines(self) -> list[str]:
        return [f"{label}: '{before}' → '{after}'" for _name, label, before, after in self.changes]

    def fields(self) -> dict[str, list[str]]:
        return {name: [f"'{before}' → '{after}'"] for name, _label, before, after in self.changes}


def _shown(obj, field) -> str:
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else ""
    value = getattr(obj, field.attname)
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def check_version(obj, expected, names) -> None:
    """Refuse when ``expected`` (the version the writer started from; None = no check) is not the
    locked row's current version. The record as it was at ``expected`` comes from its history."""
    if expected is None or int(expected) == obj.version:
        return
    then = obj.history.filter(version=int(expected)).order_by("-history_date", "-history_id").first()
    changes, raw = [], {}
    if then is not None:
        for name in names:
            field = obj._meta.get_field(name)
            before, after = _shown(then, field), _shown(obj, field)
            if before != after:
                changes.append((name, str(field.verbose_name).capitalize(), before, after))
                raw[name] = (getattr(then, field.attname), getattr(obj, field.attname))
    raise VersionConflict(current_version=obj.version, changes=changes, raw=raw)


def _as_form_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def keep_typing(form, exc: VersionConflict) -> None:
    """After a conflict: the bound form keeps what the second writer typed; a field they left as
    it was takes the first writer's new value, so saving again loses neither; the next save
    starts from the current version. The conflict message goes on top of the form."""
    data = form.data.copy()
    data["version"] = str(exc.current_version)
    cleaned = getattr(form, "cleaned_data", {})
    for name, (before, after) in exc.raw.items():
        if name not in form.fields or name not in cleaned or form.fields[name].disabled:
            continue
        typed = getattr(cleaned[name], "pk", cleaned[name])
        if typed == before or (typed in (None, "") and before in (None, "")):
            data[name] = _as_form_value(after)
    form.data = data
    form.add_error(None, exc.messages)
