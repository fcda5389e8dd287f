"""The kinds of sheet beyond registrations and statistics values: award decisions with their
recipients, summary counts for history, and (for administrators) units and user accounts.

Each kind is a ``Spec``: its columns, the capability needed to import it, its row importer, and
what its template offers in drop-downs. Every row goes through the owning app's services, so the
rules are the pages' rules; each kind has a natural key, so importing a file twice creates nothing
new and a corrected file updates what the first one made:

- award decisions by (issuing unit, folded number, year of achievement); recipients within a
  decision by (type, unit, folded name);
- summary counts by (unit, years, kind, subject, field, level);
- units by (parent, folded name);
- users by user name, each row one role on one unit."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Cap
from imports.cells import SERVICE_ERRORS, CellError, Column, RowImporter, _choice, _differs, clean_date, clean_number
from imports.cells import clean_text as text_of
from lib.vn_text import fold


@dataclass(frozen=True)
class Spec:
    columns: object  # () -> list[Column]
    cap: str
    importer: type
    lists: object  # (user) -> {column key: [values]}
    help_lines: object  # () -> list[str]
    dates: tuple = ()
    filename: str = ""


# ============================================================================ shared cell readers


def _required(raw) -> str:
    text = text_of(raw)
    if not text:
        raise CellError(_("Required."))
    return text


def _year(raw, *, required=True) -> int | None:
    found = clean_number(raw if raw not in (None, "") else "", integer=True)
    if found is None:
        if required:
            raise CellError(_("Required."))
        return None
    if not 1945 <= found <= timezone.localdate().year:
        raise CellError(_("The year %(year)s is not plausible.") % {"year": found})
    return int(found)


def _past_date(raw) -> dt.date | None:
    found = clean_date(raw)
    if found and found > timezone.localdate():
        raise CellError(_("The date %(date)s is in the future.") % {"date": f"{found:%d/%m/%Y}"})
    return found


def _required_past_date(raw) -> dt.date:
    found = _past_date(raw)
    if found is None:
        raise CellError(_("Required."))
    return found


def _catalogue(model):
    """Entries of a catalogue by folded name and code (active ones only)."""
    found = {}
    for item in model.objects.filter(active=True):
        found[fold(item.name)] = item
        found[fold(item.code)] = item
    return found


def _pick(found: dict, raw, *, required=False):
    text = text_of(raw)
    if not text:
        if required:
            raise CellError(_("Required."))
        return None
    item = found.get(fold(text))
    if item is None:
        raise CellError(_("“%(value)s” is not in the list: pick it from the drop-down.") % {"value": text})
    return item


class _Row:
    """Reads the cells of one row, collecting cell errors instead of stopping at the first."""

    def __init__(self, importer: RowImporter, number: int, values: dict):
        self.importer, self.number, self.values, self.ok = importer, number, values, True

    def __call__(self, key: str, parse):
        if key not in self.values:
            return None
        try:
            return parse(self.values[key])
        except CellError as exc:
            self.importer.err(self.number, key, self.values[key], exc.message)
            self.ok = False
            return None

    def fail(self, key: str, message: str) -> None:
        self.importer.err(self.number, key, self.values.get(key), message)
        self.ok = False


def _current_units(user, cap, *, ended_too=False):
    """The units of the person's scope for ``cap``: those existing today, or (for history, which
    is mostly about units merged away in 2025) every one of them."""
    from accounts.access import scope_q
    from orgunits.models import OrgUnit

    units = OrgUnit.objects.filter(scope_q(user, cap, field="path")).order_by("path")
    return list(units if ended_too else units.valid_on(timezone.localdate()))


def unit_label(unit) -> str:
    return f"{unit.pk} · {unit.name}"


def _labels(choices) -> list[str]:
    return [str(label) for value, label in choices if value != ""]


def _dup(importer, number, key, values, first_row) -> None:
    importer.err(number, key, values.get(key), _("Duplicate of row %(row)s.") % {"row": first_row})


# ============================================================================ award decisions


def award_columns() -> list[Column]:
    return [
        Column("issuer", gettext_lazy("Issuing unit"), True, 36, gettext_lazy("Pick from the list: code · name.")),
        Column("issuer_title", gettext_lazy("Issuing body"), True, 28),
        Column("number", gettext_lazy("Decision number"), True, 18),
        Column("date", gettext_lazy("Decision date"), True, 14),
        Column("year", gettext_lazy("Year of achievement"), True, 10),
        Column("reward_form", gettext_lazy("Form of reward"), False, 24),
        Column("emulation_title", gettext_lazy("Emulation title"), False, 24),
        Column("area", gettext_lazy("Area of achievement"), False, 24),
        Column("signer", gettext_lazy("Signed by"), False, 20),
        Column("kind", gettext_lazy("Recipient type"), True, 14),
        Column("unit", gettext_lazy("Rewarded unit"), False, 36),
        Column("name", gettext_lazy("Name of the individual or group"), False, 28),
        Column("position", gettext_lazy("Position"), False, 20),
        Column("date_of_birth", gettext_lazy("Date of birth"), False, 14),
        Column("note", gettext_lazy("Note"), False, 24),
    ]


DECISION_KEYS = ("issuer_title", "date", "signer", "reward_form", "emulation_title", "area")
RECIPIENT_KEYS = ("position", "date_of_birth", "note")


class AwardImporter(RowImporter):
    """One row per recipient; the decision's columns repeat on each of its rows. Decisions go
    through ``awards.services.decision_create/update`` (issued: number and date required),
    recipients through ``recipient_add`` (the once-per-person rule included)."""

    UNIT_CAPS = (Cap.REVIEW,)

    def __init__(self, *args):
        super().__init__(*args)
        from awards.models import AchievementArea, EmulationTitle, RewardForm

        self.forms, self.titles, self.areas = (
            _catalogue(RewardForm),
            _catalogue(EmulationTitle),
            _catalogue(AchievementArea),
        )
        # decision key → (decision or None when refused, its first row, the fields it was read with)
        self.decisions: dict[tuple, tuple] = {}
        self.recipients: dict[int, dict[tuple, object]] = {}

    def _read(self, number: int, values: dict):
        from awards.models import RecipientKind

        cell = _Row(self, number, values)
        data = {
            "issuer": cell("issuer", self.unit),
            "issuer_title": cell("issuer_title", _required),
            "number": cell("number", _required),
            "date": cell("date", _required_past_date),
            "year": cell("year", _year),
            "reward_form": cell("reward_form", lambda raw: _pick(self.forms, raw)),
            "emulation_title": cell("emulation_title", lambda raw: _pick(self.titles, raw)),
            "area": cell("area", lambda raw: _pick(self.areas, raw)),
            "signer": cell("signer", text_of) or "",
        }
        person = {
            "kind": cell("kind", lambda raw: _choice(raw, RecipientKind.choices, "kind") or _required("")),
            "unit": cell("unit", lambda raw: self.unit(raw, (Cap.VIEW,)) if text_of(raw) else None),
            "name": cell("name", text_of) or "",
            "position": cell("position", text_of) or "",
            "date_of_birth": cell("date_of_birth", _past_date),
            "note": cell("note", text_of) or "",
        }
        return (data, person) if cell.ok else (None, None)

    def _decision(self, number: int, values: dict, data: dict):
        """The decision this row belongs to: created or updated on its first row, then checked to
        be described the same way on every later row. Returns (decision, changed) or (None, False)."""
        from awards import services
        from awards.models import AwardDecision, DecisionStatus

        key = (data["issuer"].pk, fold(data["number"]), data["year"])
        fields = {k: data[k] for k in DECISION_KEYS}
        if key in self.decisions:
            decision, first, seen = self.decisions[key]
            different = [k for k in DECISION_KEYS if _differs(seen[k], fields[k])]
            if different:
                self.err(
                    number,
                    different[0],
                    values.get(different[0]),
                    _("The decision is described differently on row %(row)s.") % {"row": first},
                )
                return None, False
            return decision, False
        matches = [
            d
            for d in AwardDecision.objects.filter(issuer=data["issuer"], year=data["year"])
            if fold(d.number) == key[1]
        ]
        decision, changed = None, False
        if len(matches) > 1:
            self.err(
                number,
                "number",
                values.get("number"),
                _("%(n)s decisions with this number already exist: edit them on the pages.") % {"n": len(matches)},
            )
        else:
            try:
                with transaction.atomic():
                    if matches:
                        decision = matches[0]
                        update = {k: v for k, v in fields.items() if _differs(getattr(decision, k), v)}
                        if update:
                            decision = services.decision_update(decision=decision, by=self.by, **update)
                            changed = True
                    else:
                        decision = services.decision_create(
                            by=self.by,
                            issuer=data["issuer"],
                            year=data["year"],
                            number=data["number"],
                            status=DecisionStatus.ISSUED,
                            **fields,
                        )
                        changed = True
            except SERVICE_ERRORS as exc:
                decision = None
                self.service_errors(number, exc, values)
        self.decisions[key] = (decision, number, fields)
        return decision, changed

    def row(self, number: int, cells) -> None:
        from awards import services

        values = self.cells(cells)
        data, person = self._read(number, values)
        if data is None:
            return
        decision, changed = self._decision(number, values, data)
        if decision is None:
            return
        key = (decision.pk, person["kind"], person["unit"].pk if person["unit"] else None, fold(person["name"]))
        if key in self.keys:
            _dup(self, number, "name", values, self.keys[key])
            return
        self.keys[key] = number
        if decision.pk not in self.recipients:
            self.recipients[decision.pk] = {
                (decision.pk, r.kind, r.unit_id, fold(r.name)): r for r in decision.recipients.all()
            }
        existing = self.recipients[decision.pk].get(key)
        try:
            with transaction.atomic():
                if existing is None:
                    added = services.recipient_add(decision=decision, by=self.by, **person)
                    self.recipients[decision.pk][key] = added
                    self.outcome.created += 1
                    return
                if any(_differs(getattr(existing, k), person[k]) for k in RECIPIENT_KEYS):
                    # No service edits a recipient: replace it (both steps in its history).
                    services.recipient_remove(recipient=existing, by=self.by)
                    self.recipients[decision.pk][key] = services.recipient_add(decision=decision, by=self.by, **person)
                    changed = True
        except SERVICE_ERRORS as exc:
            self.service_errors(number, exc, values, {"reward_form": "reward_form", "kind": "kind"})
            return
        if changed:
            self.outcome.updated += 1
        else:
            self.outcome.unchanged += 1


def _award_lists(user) -> dict[str, list[str]]:
    from awards.models import AchievementArea, EmulationTitle, RecipientKind, RewardForm

    issuers = _current_units(user, Cap.REVIEW, ended_too=True)
    return {
        "issuer": [unit_label(u) for u in issuers],
        "reward_form": [f.name for f in RewardForm.objects.filter(active=True)],
        "emulation_title": [t.name for t in EmulationTitle.objects.filter(active=True)],
        "area": [a.name for a in AchievementArea.objects.filter(active=True)],
        "kind": _labels(RecipientKind.choices),
        "unit": [
            unit_label(u) for u in _current_units(user, Cap.VIEW) if any(u.path.startswith(i.path) for i in issuers)
        ],
    }


def _award_help() -> list[str]:
    return [
        _("How to fill in the award decisions sheet"),
        _("1. One row per recipient; repeat the decision's columns on each of its rows."),
        _("2. Required: issuing unit, issuing body, decision number and date, year of achievement, recipient type."),
        _("3. A collective: pick the rewarded unit or type the group's name; an individual: the full name."),
        _("4. Dates as dd/mm/yyyy; pick units, forms of reward, titles and areas from the drop-down lists."),
        _("5. A decision is recognized by its issuing unit, number and year: importing again updates it."),
        _("6. If any row has an error, nothing is imported: fix the highlighted cells and upload again."),
    ]


# ============================================================================ summary counts for history


def summary_columns() -> list[Column]:
    return [
        Column("unit", gettext_lazy("Unit"), True, 36, gettext_lazy("Pick from the list: code · name.")),
        Column("year_from", gettext_lazy("From year"), True, 10),
        Column("year_to", gettext_lazy("To year"), False, 10),
        Column("kind", gettext_lazy("Kind"), False, 14),
        Column("subject", gettext_lazy("Subject"), False, 14),
        Column("field", gettext_lazy("Field of work"), False, 28),
        Column("level", gettext_lazy("Recognition level"), False, 20),
        Column("count", gettext_lazy("Count"), True, 10),
        Column("source", gettext_lazy("Source document"), False, 40),
    ]


class SummaryImporter(RowImporter):
    """Counts an office knows only as figures ("từ 2009 đến nay 251 mô hình"), through
    ``initiatives.summaries.record_summary`` and ``summary_update``."""

    def __init__(self, *args):
        super().__init__(*args)
        from initiatives.models import Field

        self.fields = _catalogue(Field)
        self.existing: dict[int, dict[tuple, object]] = {}

    def row(self, number: int, cells) -> None:
        from initiatives import summaries
        from initiatives.models import Kind, RecognitionLevel, Subject, SummaryRegistration

        values = self.cells(cells)
        cell = _Row(self, number, values)
        unit = cell("unit", self.unit)
        year_from = cell("year_from", _year)
        year_to = cell("year_to", lambda raw: _year(raw, required=False))
        kind = cell("kind", lambda raw: _choice(raw, Kind.choices, "kind")) or Kind.MODEL
        subject = cell("subject", lambda raw: _choice(raw, Subject.choices, "subject")) or Subject.COLLECTIVE
        field = cell("field", lambda raw: _pick(self.fields, raw))
        level = cell("level", lambda raw: _choice(raw, RecognitionLevel.choices, "level")) or ""
        count = cell("count", lambda raw: clean_number(raw, integer=True) if text_of(raw) else _required(""))
        source = cell("source", text_of) or ""
        if count is not None and count < 0:
            cell.fail("count", _("The number may not be negative."))
        year_to = year_to or year_from
        if cell.ok and year_to < year_from:
            cell.fail("year_to", _("The end year is before the start year."))
        if cell.ok and unit.valid_from and year_from < unit.valid_from.year:
            cell.fail(
                "year_from",
                _("%(unit)s did not exist in %(year)s (from %(start)s).")
                % {"unit": unit.name, "year": year_from, "start": f"{unit.valid_from:%d/%m/%Y}"},
            )
        if cell.ok and unit.valid_to and year_to > unit.valid_to.year:
            cell.fail(
                "year_to",
                _("%(unit)s no longer existed in %(year)s (until %(end)s).")
                % {"unit": unit.name, "year": year_to, "end": f"{unit.valid_to:%d/%m/%Y}"},
            )
        if not cell.ok:
            return
        key = (unit.pk, year_from, year_to, kind, subject, field.pk if field else None, level)
        if key in self.keys:
            _dup(self, number, "count", values, self.keys[key])
            return
        self.keys[key] = number
        if unit.pk not in self.existing:
            self.existing[unit.pk] = {
                (s.unit_id, s.year_from, s.year_to, s.kind, s.subject, s.field_id, s.level): s
                for s in SummaryRegistration.objects.filter(unit=unit)
            }
        found = self.existing[unit.pk].get(key)
        try:
            with transaction.atomic():
                if found is None:
                    self.existing[unit.pk][key] = summaries.record_summary(
                        unit=unit,
                        year_from=year_from,
                        year_to=year_to,
                        kind=kind,
                        subject=subject,
                        count=int(count),
                        field=field,
                        level=level,
                        source=source,
                        by=self.by,
                    )
                    self.outcome.created += 1
                    return
                if found.count == count and (not source or found.source == source):
                    self.outcome.unchanged += 1
                    return
                self.existing[unit.pk][key] = summaries.summary_update(
                    summary=found, count=int(count), source=source or found.source, by=self.by
                )
                self.outcome.updated += 1
        except SERVICE_ERRORS as exc:
            self.service_errors(number, exc, values)


def _summary_lists(user) -> dict[str, list[str]]:
    from initiatives.models import Field, Kind, RecognitionLevel, Subject

    return {
        "unit": [unit_label(u) for u in _current_units(user, Cap.ENTER, ended_too=True)],
        "kind": _labels(Kind.choices),
        "subject": _labels(Subject.choices),
        "field": [f.name for f in Field.objects.filter(active=True)],
        "level": _labels(RecognitionLevel.choices),
    }


def _summary_help() -> list[str]:
    return [
        _("How to fill in the summary counts sheet"),
        _("1. One row per figure a document gives: a unit, the years it covers and the number."),
        _("2. Leave “To year” empty for a single year; kind, subject, field and level narrow what is counted."),
        _("3. Named registrations entered later are never counted twice: a figure adds only what the names do not."),
        _("4. Importing again changes nothing; a corrected number updates the figure."),
        _("5. If any row has an error, nothing is imported: fix the highlighted cells and upload again."),
    ]


# ============================================================================ units (administrators)


def unit_columns() -> list[Column]:
    return [
        Column("parent", gettext_lazy("Parent unit"), True, 36, gettext_lazy("Pick from the list: code · name.")),
        Column("name", gettext_lazy("Unit name"), True, 32),
        Column("unit_type", gettext_lazy("Unit type"), True, 24),
        Column("level", gettext_lazy("Level"), True, 16),
        Column("code", gettext_lazy("Official code"), False, 12),
        Column("code_scheme", gettext_lazy("Code scheme"), False, 28),
        Column("valid_from", gettext_lazy("Valid from"), False, 13),
        Column("valid_to", gettext_lazy("Valid to"), False, 13),
        Column("note", gettext_lazy("Note"), False, 30),
    ]


UNIT_KEYS = ("unit_type", "level", "code", "code_scheme", "valid_from", "valid_to", "note")


class UnitImporter(RowImporter):
    """New units under existing ones, or changes to them, through ``orgunits.services``."""

    UNIT_CAPS = (Cap.MANAGE_UNITS,)

    def __init__(self, *args):
        super().__init__(*args)
        from orgunits.models import Level

        self.levels = {}
        for level in Level.objects.all():
            self.levels[fold(level.name)] = level
            self.levels[fold(level.code)] = level
        self.children: dict[int, dict[str, list]] = {}

    def row(self, number: int, cells) -> None:
        from orgunits import services
        from orgunits.models import CodeScheme, OrgUnit, UnitType

        values = self.cells(cells)
        cell = _Row(self, number, values)
        data = {
            "parent": cell("parent", self.unit),
            "name": cell("name", _required),
            "unit_type": cell("unit_type", lambda raw: _choice(raw, UnitType.choices, "unit_type") or _required("")),
            "level": cell("level", lambda raw: _pick(self.levels, raw, required=True)),
            "code": cell("code", text_of) or "",
            "code_scheme": cell("code_scheme", lambda raw: _choice(raw, CodeScheme.choices, "code_scheme")) or "",
            "valid_from": cell("valid_from", clean_date),
            "valid_to": cell("valid_to", clean_date),
            "note": cell("note", text_of) or "",
        }
        if not cell.ok:
            return
        parent = data["parent"]
        key = (parent.pk, fold(data["name"]))
        if key in self.keys:
            _dup(self, number, "name", values, self.keys[key])
            return
        self.keys[key] = number
        if parent.pk not in self.children:
            found: dict[str, list] = {}
            for child in OrgUnit.objects.filter(parent=parent):
                found.setdefault(fold(child.name), []).append(child)
            self.children[parent.pk] = found
        matches = self.children[parent.pk].get(key[1], [])
        if len(matches) > 1:
            cell.fail("name", _("%(n)s units with this name already exist under this parent.") % {"n": len(matches)})
            return
        fields = {k: v for k, v in data.items() if k in values or k in ("parent", "name")}
        try:
            with transaction.atomic():
                if not matches:
                    made = services.unit_create(by=self.by, **fields)
                    self.children[parent.pk][key[1]] = [made]
                    self.outcome.created += 1
                    return
                current = matches[0]
                changed = {k: fields[k] for k in UNIT_KEYS if k in fields and _differs(getattr(current, k), fields[k])}
                if not changed:
                    self.outcome.unchanged += 1
                    return
                self.children[parent.pk][key[1]] = [services.unit_update(unit=current, by=self.by, **changed)]
                self.outcome.updated += 1
        except SERVICE_ERRORS as exc:
            self.service_errors(number, exc, values)


def _unit_lists(user) -> dict[str, list[str]]:
    from orgunits.models import CodeScheme, Level, UnitType

    return {
        "parent": [unit_label(u) for u in _current_units(user, Cap.MANAGE_UNITS)],
        "unit_type": _labels(UnitType.choices),
        "level": [level.name for level in Level.objects.all()],
        "code_scheme": _labels(CodeScheme.choices),
    }


def _unit_help() -> list[str]:
    return [
        _("How to fill in the units sheet"),
        _("1. One unit per row, under a parent unit picked from the list (units you manage)."),
        _("2. Required: parent unit, name, unit type, level. Dates as dd/mm/yyyy."),
        _("3. A unit is recognized by its parent and name: importing again updates its other columns."),
        _("4. To add units under new ones, import the upper level first, then download the template again."),
        _("5. If any row has an error, nothing is imported: fix the highlighted cells and upload again."),
    ]


# ============================================================================ users (administrators)


def user_columns() -> list[Column]:
    return [
        Column("username", gettext_lazy("User name"), True, 20),
        Column("full_name", gettext_lazy("Full name"), False, 26),
        Column("position", gettext_lazy("Position"), False, 22),
        Column("email", gettext_lazy("Email"), False, 26),
        Column("unit", gettext_lazy("Unit"), True, 36, gettext_lazy("Pick from the list: code · name.")),
        Column("role", gettext_lazy("Role"), True, 24),
    ]


USER_KEYS = ("full_name", "position", "email")


class UserImporter(RowImporter):
    """Accounts and their roles through ``accounts.services``: one row per role on a unit. A new
    account gets a random password nobody is told: the administrator sets one on its page."""

    UNIT_CAPS = (Cap.MANAGE_USERS,)

    def __init__(self, *args):
        super().__init__(*args)
        self.users: dict[str, tuple] = {}  # user name → (user or None, first row)

    def row(self, number: int, cells) -> None:
        from accounts import services
        from accounts.models import Role, User

        values = self.cells(cells)
        cell = _Row(self, number, values)
        username = cell("username", _required)
        data = {k: cell(k, text_of) or "" for k in USER_KEYS}
        unit = cell("unit", self.unit)
        role = cell("role", lambda raw: _choice(raw, Role.choices, "role") or _required(""))
        if not cell.ok:
            return
        key = (username, unit.pk, role)
        if key in self.keys:
            _dup(self, number, "role", values, self.keys[key])
            return
        self.keys[key] = number
        given = {k: v for k, v in data.items() if k in values and v}
        try:
            with transaction.atomic():
                if username in self.users:
                    user = self.users[username][0]
                    changed = False
                else:
                    user = User.objects.filter(username=username).first()
                    if user is None:
                        user = services.user_create(
                            username=username,
                            password=secrets.token_urlsafe(24),
                            unit=unit,
                            role=role,
                            by=self.by,
                            **given,
                        )
                        self.users[username] = (user, number)
                        self.outcome.created += 1
                        return
                    update = {k: v for k, v in given.items() if _differs(getattr(user, k), v)}
                    changed = bool(update)
                    if update:
                        user = services.user_update(user=user, by=self.by, **update)
                    self.users[username] = (user, number)
                if not user.assignments.filter(unit=unit, role=role).exists():
                    services.assignment_add(user=user, unit=unit, role=role, by=self.by)
                    changed = True
        except SERVICE_ERRORS as exc:
            self.users.setdefault(username, (None, number))
            self.service_errors(number, exc, values)
            return
        if changed:
            self.outcome.updated += 1
        else:
            self.outcome.unchanged += 1


def _user_lists(user) -> dict[str, list[str]]:
    from accounts.models import Role

    return {"unit": [unit_label(u) for u in _current_units(user, Cap.MANAGE_USERS)], "role": _labels(Role.choices)}


def _user_help() -> list[str]:
    return [
        _("How to fill in the user accounts sheet"),
        _("1. One row per role: a user name, the unit and the role on it (several rows for several roles)."),
        _("2. No passwords in the file: set each new account's password on its page after the import."),
        _("3. An account is recognized by its user name: importing again updates its name, position and email."),
        _("4. You may give roles only on units you manage, never above your own."),
        _("5. If any row has an error, nothing is imported: fix the highlighted cells and upload again."),
    ]


SPECS = {
    "awards": Spec(
        award_columns,
        Cap.REVIEW,
        AwardImporter,
        _award_lists,
        _award_help,
        ("date", "date_of_birth"),
        "mau-quyet-dinh-khen-thuong.xlsx",
    ),
    "summaries": Spec(
        summary_columns, Cap.ENTER, SummaryImporter, _summary_lists, _summary_help, (), "mau-so-lieu-tong-hop.xlsx"
    ),
    "units": Spec(
        unit_columns,
        Cap.MANAGE_UNITS,
        UnitImporter,
        _unit_lists,
        _unit_help,
        ("valid_from", "valid_to"),
        "mau-don-vi.xlsx",
    ),
    "users": Spec(user_columns, Cap.MANAGE_USERS, UserImporter, _user_lists, _user_help, (), "mau-tai-khoan.xlsx"),
}
