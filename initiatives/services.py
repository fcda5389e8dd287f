"""Every state change of the registry. Views, the API, imports and the demo loader call these
functions; nothing else writes initiatives, decisions, evidence or plaques.

Each function is keyword-only and atomic, validates with Vietnamese messages naming the field,
checks the actor's role at the right level (PermissionDenied otherwise), records who did it in
the change history and, for life-cycle steps, a timeline event."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can, require
from accounts.audit import delete_by, save_by
from accounts.roles import Cap
from accounts.system import is_system
from initiatives import access
from initiatives.models import (
    IMAGE_TYPES,
    LEVEL_RANK,
    UNIT_LEVEL_RANK,
    DecisionItem,
    EventAction,
    Evidence,
    Initiative,
    InitiativeEvent,
    Origin,
    PlaqueWork,
    RecognitionDecision,
    RecognitionLevel,
    Status,
    Subject,
)
from lib.errors import InvalidTransition
from lib.events import EventKind, emit
from lib.numbering import next_number
from lib.softdelete import mark_deleted, mark_restored
from lib.validators import ACTIVITY, DECISION, check_date, clean_name, collect, normalize_text
from lib.versioning import check_version
from lib.vn_text import fold
from webkit import uploads

FIRST_YEAR = 2009  # the movement started in 2009
EVIDENCE_KINDS = (*uploads.DOCUMENTS, uploads.WEBP)
RESULT_FIELDS = ("funding_social", "funding_state", "workdays", "land_m2", "beneficiaries", "works_built")
EDIT_FIELDS = {
    "name",
    "kind",
    "subject",
    "field",
    "year",
    "unit",
    "place",
    "group_name",
    "person_name",
    "person_position",
    "person_unit",
    "situation",
    "goals",
    "content",
    "scope",
    "leader",
    "participants",
    "resources",
    "start_date",
    "end_date",
    "expected_outputs",
    "sustainability",
    "origin",
    "source",
    "results_text",
    "contact",
    "internal_note",
    *RESULT_FIELDS,
}
# One-line names typed by people: normalized (NFC, no invisible characters, single spaces).
NAME_FIELDS = ("name", "place", "group_name", "person_name", "person_position", "person_unit", "leader")
# What a recognition decision recognized and the public showcase shows: after recognition only a
# reviewer of the unit may change these (results keep growing and stay open to the clerk).
RECOGNIZED_FIELDS = (
    "name",
    "kind",
    "subject",
    "field",
    "year",
    "unit",
    "place",
    "group_name",
    "person_name",
    "person_position",
    "person_unit",
    "origin",
    "source",
    "situation",
    "goals",
    "content",
    "scope",
    "expected_outputs",
    "sustainability",
)


# ---------------------------------------------------------------- validation helpers


def detect_file_type(fileobj) -> str | None:
    """The evidence type judged by content (the one upload module decides; its codes are EvidenceType values)."""
    return uploads.detect_kind(fileobj)


def check_upload(upload, *, field: str = "file", images_only: bool = False, kinds=None) -> str:
    """The file's type, or a ValidationError on ``field`` saying why it is refused. Evidence takes
    documents and images (WebP too, as before); ``kinds`` narrows it (decision scans)."""
    allowed = kinds or (uploads.IMAGES if images_only else EVIDENCE_KINDS)
    return uploads.check(upload, field=field, kinds=allowed)


def _unit_missing_in_year(unit, year: int) -> str:
    """Say which unit to use instead: after the July-2025 reorganization a clerk of an ended ward
    registers this year's models under the ward it became."""
    from orgunits.selectors import current_successors

    message = _("Year: the unit %(unit)s did not exist in %(year)s.") % {"unit": unit.name, "year": year}
    current = [u for u in current_successors(unit, timezone.localdate()) if u.pk != unit.pk]
    if unit.valid_to and current and year > unit.valid_to.year:
        message += " " + _("It has become %(current)s: register the model under that unit.") % {
            "current": ", ".join(u.name for u in current)
        }
    return message


def validate_initiative(initiative: Initiative) -> None:
    """Rules across fields and rows; messages name the field."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    collect(errors, "name", clean_name, initiative.name, Initiative._meta.get_field("name").verbose_name)
    for name in ("start_date", "end_date"):
        collect(errors, name, check_date, getattr(initiative, name), Initiative._meta.get_field(name).verbose_name)
    for name in RESULT_FIELDS:
        value = getattr(initiative, name)
        if value is not None and value < 0:
            label = Initiative._meta.get_field(name).verbose_name
            add(name, _("%(field)s cannot be negative.") % {"field": str(label).capitalize()})
    if initiative.start_date and initiative.end_date and initiative.end_date < initiative.start_date:
        add("end_date", _("End date: the end date is before the start date."))
    year_now = timezone.localdate().year
    if initiative.year and not (FIRST_YEAR <= initiative.year <= year_now + 1):
        add("year", _("Year: must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": year_now + 1})
    elif initiative.year and initiative.unit_id and not initiative.unit.existed_in_year(initiative.year):
        add("year", _unit_missing_in_year(initiative.unit, initiative.year))
    if initiative.subject == Subject.INDIVIDUAL and not normalize_text(initiative.person_name):
        add("person_name", _("Individual's full name: required for an individual."))
    if initiative.source_id:
        if initiative.pk and initiative.source_id == initiative.pk:
            add("source", _("Replicated from: an initiative cannot replicate itself."))
        elif (
            initiative.pk
            and initiative.lineage_path
            and initiative.source.lineage_path.startswith(initiative.lineage_path)
        ):
            add("source", _("Replicated from: an initiative cannot replicate one of its own replications."))
    if errors:
        raise ValidationError(errors)


def _normalize_names(initiative: Initiative) -> None:
    for name in NAME_FIELDS:
        setattr(initiative, name, normalize_text(getattr(initiative, name)))


def _set_derived(initiative: Initiative) -> None:
    _normalize_names(initiative)
    if initiative.source_id:
        initiative.origin = Origin.REPLICATED
    parts = [
        initiative.name,
        initiative.unit.name if initiative.unit_id else "",
        initiative.group_name,
        initiative.person_name,
        initiative.person_unit,
        initiative.place,
        initiative.field.name if initiative.field_id else "",
    ]
    initiative.search_text = fold(" ".join(p for p in parts if p))


def _lineage_path(initiative: Initiative) -> str:
    prefix = initiative.source.lineage_path if initiative.source_id else ""
    return (prefix + f"{initiative.pk:09d}.")[-255:]


def _save(initiative: Initiative, by, update_fields=None) -> None:
    # Validated by the caller (full_clean excluding the derived columns), so no second clean here.
    save_by(initiative, by=by, update_fields=update_fields, clean=False)


def _event(initiative, *, action, from_status, by, level="", reason="", decision=None) -> InitiativeEvent:
    return InitiativeEvent.objects.create(
        initiative=initiative,
        action=action,
        from_status=from_status,
        to_status=initiative.status,
        level=level,
        reason=reason,
        decision=decision,
        by=by,
    )


def _require_either(by, alternative: bool, cap: str, unit, message: str) -> None:
    """ "May not" for a rule with two ways in: ``alternative`` is the other way's answer; without
    it the actor needs ``cap`` on ``unit`` (accounts.access.require, where the system actor passes)."""
    if not alternative:
        require(by, cap, unit, message)


def _require_decide(by, initiative: Initiative, level: str, message: str) -> None:
    """Deciding needs a review role on the unit and, more narrowly, at ``level`` (initiatives.access)."""
    require(by, Cap.REVIEW, initiative.unit, message)
    if not is_system(by) and not access.can_decide(by, initiative, level):
        raise PermissionDenied(message)


def _illegal(initiative: Initiative, action: str, code: str) -> InvalidTransition:
    """ "Not now": the initiative's status forbids the step (``code`` names the rule for API clients)."""
    return InvalidTransition(
        _("The initiative “%(name)s” is “%(status)s”: it cannot be %(action)s now.")
        % {"name": initiative.name, "status": initiative.get_status_display(), "action": action},
        code=code,
    )


def _locked(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().select_related("unit__level", "field").get(pk=initiative.pk)


# ---------------------------------------------------------------- delete / restore (soft)


@transaction.atomic
def initiative_delete(*, initiative: Initiative, by) -> Initiative:
    """Mark the initiative deleted (lib.softdelete): it leaves every list, count and report, and
    an administrator may bring it back. One that was proposed or recognized stays: its decisions
    and the figures built on them would lose their subject."""
    initiative = _locked(initiative)
    require(by, Cap.ENTER, initiative.unit, _("You may not delete this initiative."))
    if (
        initiative.recognized_level
        or initiative.status in (Status.PROPOSED, Status.RECOGNIZED)
        or DecisionItem.objects.filter(initiative=initiative).exists()
    ):
        raise _illegal(initiative, _("deleted"), "recognized")
    return mark_deleted(initiative, by=by)


@transaction.atomic
def initiative_restore(*, initiative: Initiative, by) -> Initiative:
    """Bring a deleted initiative back (an administrator of its unit)."""
    initiative = Initiative.all_objects.select_for_update().select_related("unit").get(pk=initiative.pk)
    require(by, Cap.MANAGE_UNITS, initiative.unit, _("You may not restore this initiative."))
    if not initiative.is_deleted:
        raise InvalidTransition(_("This record is not deleted."), code="not_deleted")
    return mark_restored(initiative, by=by)


# ---------------------------------------------------------------- create / edit


@transaction.atomic
def initiative_create(*, by, unit, register: bool = False, **fields) -> Initiative:
    """A new initiative in draft (or registered straight away with ``register=True``)."""
    require(by, Cap.ENTER, unit, _("You may not register initiatives for %(unit)s.") % {"unit": unit})
    unknown = set(fields) - EDIT_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    initiative = Initiative(unit=unit, created_by=by, **fields)
    for name in RESULT_FIELDS:
        if getattr(initiative, name) is None:
            setattr(initiative, name, 0)
    _set_derived(initiative)
    validate_initiative(initiative)
    initiative.full_clean(exclude=["lineage_path", "search_text"])
    _save(initiative, by)
    # Not a change anyone made: written without a history record.
    initiative.lineage_path = _lineage_path(initiative)
    Initiative.objects.filter(pk=initiative.pk).update(lineage_path=initiative.lineage_path)
    _event(initiative, action=EventAction.CREATE, from_status="", by=by)
    if register:
        initiative_register(initiative=initiative, by=by)
    return initiative


@transaction.atomic
def initiative_update(*, initiative: Initiative, by, expected_version: int | None = None, **fields) -> Initiative:
    """Change the initiative. ``expected_version``: the version the editor started from; when
    someone saved in between, a VersionConflict lists what they changed (None: no check)."""
    initiative = _locked(initiative)
    _require_either(
        by, access.can_correct(by, initiative), Cap.ENTER, initiative.unit, _("You may not edit this initiative.")
    )
    if initiative.status not in access.EDITABLE:
        raise _illegal(initiative, _("edited"), "not_editable")
    unknown = set(fields) - EDIT_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    check_version(initiative, expected_version, sorted(EDIT_FIELDS))
    _check_recognized_fields(initiative, by, fields)
    if "unit" in fields and fields["unit"] != initiative.unit:
        require(by, Cap.ENTER, fields["unit"], _("You may not move the initiative there."))
    for name, value in fields.items():
        setattr(initiative, name, 0 if name in RESULT_FIELDS and value is None else value)
    _set_derived(initiative)
    validate_initiative(initiative)
    initiative.full_clean(exclude=["lineage_path", "search_text"])
    old_path = initiative.lineage_path
    initiative.lineage_path = _lineage_path(initiative)
    initiative.version += 1
    _save(initiative, by)
    if old_path != initiative.lineage_path:
        _move_lineage(old_path, initiative.lineage_path)
    return initiative


def may_change_recognized(user, initiative: Initiative) -> bool:
    """Before recognition the clerk edits everything; after, the recognized fields need a reviewer."""
    return is_system(user) or not initiative.recognized_level or can(user, Cap.REVIEW, initiative.unit)


def locked_fields(user, initiative: Initiative) -> tuple[str, ...]:
    return () if may_change_recognized(user, initiative) else RECOGNIZED_FIELDS


def _same(initiative: Initiative, name: str, value) -> bool:
    current = getattr(initiative, name)
    if name in NAME_FIELDS:
        return normalize_text(value) == current
    if isinstance(current, str) and isinstance(value, str):
        return current.strip() == value.strip()
    return current == value


def _check_recognized_fields(initiative: Initiative, by, fields: dict) -> None:
    changed = [
        name for name in locked_fields(by, initiative) if name in fields and not _same(initiative, name, fields[name])
    ]
    if changed:
        labels = ", ".join(str(Initiative._meta.get_field(n).verbose_name) for n in changed)
        message = _(
            "The initiative is recognized: only a reviewer of its unit may change what was recognized (%(fields)s)."
        ) % {"fields": labels}
        require(by, Cap.REVIEW, initiative.unit, message)


def _move_lineage(old: str, new: str) -> None:
    moved = list(Initiative.objects.filter(lineage_path__startswith=old).exclude(lineage_path=new).only("lineage_path"))
    for row in moved:
        row.lineage_path = (new + row.lineage_path[len(old) :])[-255:]
    Initiative.objects.bulk_update(moved, ["lineage_path"], batch_size=500)


@transaction.atomic
def initiative_replicate(*, source: Initiative, by, unit, year: int, name: str = "", **fields) -> Initiative:
    """Register a replication of ``source`` in ``unit``, linked to it. Replicating an initiative
    into the unit that owns it is refused (that is the same initiative, not a replication)."""
    if unit.pk == source.unit_id:
        raise ValidationError(
            {"unit": _("Unit: an initiative cannot replicate itself; choose another unit than the source's.")}
        )
    defaults = {
        "kind": source.kind,
        "subject": source.subject,
        "field": source.field,
        "goals": source.goals,
        "content": source.content,
        "expected_outputs": source.expected_outputs,
    }
    defaults.update(fields)
    return initiative_create(by=by, unit=unit, year=year, name=name or source.name, source=source, **defaults)


# ---------------------------------------------------------------- life cycle

PROPOSABLE = {Status.REGISTERED, Status.IMPLEMENTING, Status.RECOGNIZED}


def _transition(initiative, *, by, action, allowed_from, to, label, code, level="", reason="", decision=None):
    before = initiative.status
    if before not in allowed_from:
        raise _illegal(initiative, label, code)
    initiative.status = to
    fields = ["status"]
    if to == Status.STOPPED:
        initiative.stopped_on = timezone.localdate()
        fields.append("stopped_on")
    _save(initiative, by, update_fields=fields + _extra_fields(initiative))
    _event(initiative, action=action, from_status=before, by=by, level=level, reason=reason, decision=decision)
    return initiative


def _extra_fields(initiative) -> list[str]:
    return ["proposed_level", "recognized_level"]


@transaction.atomic
def initiative_register(*, initiative: Initiative, by) -> Initiative:
    initiative = _locked(initiative)
    require(by, Cap.SUBMIT, initiative.unit, _("You may not register this initiative."))
    return _transition(
        initiative,
        by=by,
        action=EventAction.REGISTER,
        allowed_from={Status.DRAFT},
        to=Status.REGISTERED,
        label=_("registered"),
        code="not_draft",
    )


@transaction.atomic
def initiative_start(*, initiative: Initiative, by) -> Initiative:
    initiative = _locked(initiative)
    require(by, Cap.SUBMIT, initiative.unit, _("You may not change this initiative."))
    return _transition(
        initiative,
        by=by,
        action=EventAction.START,
        allowed_from={Status.REGISTERED},
        to=Status.IMPLEMENTING,
        label=_("started"),
        code="not_registered",
    )


@transaction.atomic
def initiative_propose(*, initiative: Initiative, level: str, by) -> Initiative:
    """Propose for recognition at ``level``: at or above the owning unit's level and above the
    level already recognized (so a recognized one goes on to the next level)."""
    initiative = _locked(initiative)
    _require_either(
        by, can(by, Cap.REVIEW, initiative.unit), Cap.SUBMIT, initiative.unit, _("You may not propose this initiative.")
    )
    if initiative.status not in PROPOSABLE:
        raise _illegal(initiative, _("proposed for recognition"), "not_proposable")
    if level not in access.proposable_levels(initiative):
        raise ValidationError(
            {
                "level": _("Level: “%(name)s” cannot be proposed at %(level)s.")
                % {
                    "name": initiative.name,
                    "level": RecognitionLevel(level).label if level in RecognitionLevel.values else level,
                }
            }
        )
    initiative.proposed_level = level
    proposed = _transition(
        initiative,
        by=by,
        action=EventAction.PROPOSE,
        allowed_from=PROPOSABLE,
        to=Status.PROPOSED,
        label=_("proposed for recognition"),
        code="not_proposable",
        level=level,
    )
    emit(EventKind.PROPOSAL_WAITING, unit=proposed.unit, obj=proposed, by=by, level=level)
    return proposed


@transaction.atomic
def initiatives_propose(*, initiatives, level: str, by) -> list[Initiative]:
    """Propose many at once; all or none."""
    return [initiative_propose(initiative=i, level=level, by=by) for i in initiatives]


@transaction.atomic
def initiative_withdraw(*, initiative: Initiative, by, reason: str = "") -> Initiative:
    """Take back a proposal that was not decided yet."""
    initiative = _locked(initiative)
    _require_either(
        by, can(by, Cap.REVIEW, initiative.unit), Cap.SUBMIT, initiative.unit, _("You may not change this initiative.")
    )
    level = initiative.proposed_level
    initiative.proposed_level = ""
    to = Status.RECOGNIZED if initiative.recognized_level else Status.IMPLEMENTING
    return _transition(
        initiative,
        by=by,
        action=EventAction.WITHDRAW,
        allowed_from={Status.PROPOSED},
        to=to,
        label=_("withdrawn from recognition"),
        code="not_proposed",
        level=level,
        reason=reason,
    )


@transaction.atomic
def initiative_refuse(*, initiative: Initiative, by, reason: str) -> Initiative:
    """Not recognized at the proposed level; the reason is required and kept on the timeline."""
    initiative = _locked(initiative)
    if initiative.status != Status.PROPOSED:
        raise _illegal(initiative, _("refused"), "not_proposed")
    level = initiative.proposed_level
    _require_decide(by, initiative, level, _("You may not decide on recognition at this level for this initiative."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Reason: say why the initiative is not recognized.")})
    initiative.proposed_level = ""
    refused = _transition(
        initiative,
        by=by,
        action=EventAction.REFUSE,
        allowed_from={Status.PROPOSED},
        to=Status.NOT_RECOGNIZED,
        label=_("refused"),
        code="not_proposed",
        level=level,
        reason=reason.strip(),
    )
    emit(EventKind.PROPOSAL_RETURNED, unit=refused.unit, obj=refused, by=by, level=level, reason=reason.strip())
    return refused


@transaction.atomic
def initiative_reopen(*, initiative: Initiative, by, reason: str = "") -> Initiative:
    """A refused initiative goes back to work (and may be proposed again)."""
    initiative = _locked(initiative)
    _require_either(
        by, can(by, Cap.REVIEW, initiative.unit), Cap.SUBMIT, initiative.unit, _("You may not change this initiative.")
    )
    to = Status.RECOGNIZED if initiative.recognized_level else Status.IMPLEMENTING
    return _transition(
        initiative,
        by=by,
        action=EventAction.REOPEN,
        allowed_from={Status.NOT_RECOGNIZED},
        to=to,
        label=_("reopened"),
        code="not_refused",
        reason=reason,
    )


@transaction.atomic
def initiative_stop(*, initiative: Initiative, by, reason: str = "") -> Initiative:
    initiative = _locked(initiative)
    require(by, Cap.SUBMIT, initiative.unit, _("You may not stop this initiative."))
    initiative.proposed_level = ""
    return _transition(
        initiative,
        by=by,
        action=EventAction.STOP,
        allowed_from=set(Status.values) - {Status.STOPPED},
        to=Status.STOPPED,
        label=_("stopped"),
        code="already_stopped",
        reason=reason,
    )


# ---------------------------------------------------------------- decisions


def _next_recognition_number(issuer, day: dt.date) -> str:
    from awards.models import DecisionCounter

    taken = set(RecognitionDecision.objects.filter(issuer=issuer, date__year=day.year).values_list("number", flat=True))
    while True:
        n = next_number(DecisionCounter, day=day, issuer=issuer, series="recognition", year=day.year)
        if f"{n}/QĐ-CN" not in taken:
            return f"{n}/QĐ-CN"


@transaction.atomic
def decision_create(
    *, by, number: str, date: dt.date, issuer, level: str, signer: str = "", scan=None
) -> RecognitionDecision:
    """A recognition decision. Its level may not be above the issuing body's level."""
    require(by, Cap.REVIEW, issuer, _("You may not record decisions of %(unit)s.") % {"unit": issuer})
    errors: dict[str, list[str]] = {}
    issuer_rank = UNIT_LEVEL_RANK.get(issuer.level.code, 4)
    if level in LEVEL_RANK and LEVEL_RANK[level] < issuer_rank:
        errors["level"] = [
            _("Level of recognition: %(issuer)s (%(issuer_level)s) cannot recognize at %(level)s.")
            % {"issuer": issuer.name, "issuer_level": issuer.level.name, "level": RecognitionLevel(level).label}
        ]
    if date and not issuer.is_valid_on(date):
        errors.setdefault("date", []).append(
            _("Decision date: %(issuer)s did not exist on that date.") % {"issuer": issuer.name}
        )
    if date and date > timezone.localdate():
        errors.setdefault("date", []).append(_("Decision date: cannot be in the future."))
    else:
        collect(errors, "date", check_date, date, RecognitionDecision._meta.get_field("date").verbose_name, DECISION)
    # Without a typed number the issuer's next recognition decision number of the year is given
    # (in date order); typed numbers stay possible for decisions recorded after the fact.
    auto_number = not (number or "").strip()
    if not auto_number:
        number = collect(
            errors, "number", clean_name, number, RecognitionDecision._meta.get_field("number").verbose_name
        )
    scan_type = None
    if scan:
        try:
            scan_type, scan_name = uploads.accept(scan, field="scan", kinds=uploads.SCANS)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    decision = RecognitionDecision(
        number=number,
        date=date,
        issuer=issuer,
        level=level,
        signer=normalize_text(signer),
        created_by=by,
    )
    if auto_number and date:
        decision.number = _next_recognition_number(issuer, date)
    elif RecognitionDecision.objects.filter(issuer=issuer, number=decision.number, date=date).exists():
        raise ValidationError({"number": _("Decision number: this decision is already recorded.")})
    decision.full_clean(exclude=["scan"])
    if scan is not None and scan_type:
        decision.scan = scan
        decision.scan_name = scan_name
    # Cleaned above without the scan (checked by the upload module instead).
    return save_by(decision, by=by, clean=False)


@transaction.atomic
def decision_recognize(*, decision: RecognitionDecision, initiatives, by, outstanding=()) -> list[Initiative]:
    """Recognize every given initiative at the decision's level under that decision; those in
    ``outstanding`` (ids or objects) are marked "tiêu biểu". All or none."""
    outstanding_ids = {getattr(o, "pk", o) for o in outstanding}
    done = []
    for item in initiatives:
        initiative = _locked(item)
        _require_decide(
            by,
            initiative,
            decision.level,
            _("You may not recognize “%(name)s” at this level.") % {"name": initiative.name},
        )
        if initiative.status != Status.PROPOSED:
            raise _illegal(initiative, _("recognized"), "not_proposed")
        if initiative.proposed_level != decision.level:
            raise InvalidTransition(
                _("“%(name)s” is proposed at %(proposed)s, not at the decision's level (%(level)s).")
                % {
                    "name": initiative.name,
                    "proposed": initiative.get_proposed_level_display(),
                    "level": decision.get_level_display(),
                },
                code="other_level",
            )
        if LEVEL_RANK[decision.level] < LEVEL_RANK.get(initiative.recognized_level, 99):
            initiative.recognized_level = decision.level
        initiative.proposed_level = ""
        item_row = DecisionItem(decision=decision, initiative=initiative, outstanding=initiative.pk in outstanding_ids)
        save_by(item_row, by=by)
        done.append(
            _transition(
                initiative,
                by=by,
                action=EventAction.RECOGNIZE,
                allowed_from={Status.PROPOSED},
                to=Status.RECOGNIZED,
                label=_("recognized"),
                code="not_proposed",
                level=decision.level,
                decision=decision,
            )
        )
        emit(EventKind.MODEL_RECOGNIZED, unit=initiative.unit, obj=initiative, by=by, decision=decision)
    return done


# ---------------------------------------------------------------- evidence and plaques


@transaction.atomic
def evidence_add(*, initiative: Initiative, by, file, caption: str = "", is_public: bool = False) -> Evidence:
    require(by, Cap.ENTER, initiative.unit, _("You may not add evidence to this initiative."))
    kind, original_name = uploads.accept(file, field="file", kinds=EVIDENCE_KINDS)
    evidence = Evidence(
        initiative=initiative,
        file=file,
        original_name=original_name,
        file_type=kind,
        size=file.size,
        caption=caption.strip(),
        is_public=bool(is_public) and kind in IMAGE_TYPES,
        uploaded_by=by,
    )
    # The file was checked by the upload module; the row's other fields are set here.
    return save_by(evidence, by=by, clean=False)


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by) -> None:
    require(by, Cap.ENTER, evidence.initiative.unit, _("You may not delete this file."))
    stored = evidence.file.name
    delete_by(evidence, by=by)
    transaction.on_commit(lambda: evidence.file.storage.delete(stored))


@transaction.atomic
def plaque_add(*, initiative: Initiative, by, name: str, level: str, date: dt.date, occasion: str = "") -> PlaqueWork:
    _require_either(
        by,
        can(by, Cap.REVIEW, initiative.unit),
        Cap.ENTER,
        initiative.unit,
        _("You may not record plaque-mounted works for this initiative."),
    )
    errors: dict[str, list[str]] = {}
    name = collect(errors, "name", clean_name, name, PlaqueWork._meta.get_field("name").verbose_name)
    collect(errors, "date", check_date, date, PlaqueWork._meta.get_field("date").verbose_name, ACTIVITY)
    if errors:
        raise ValidationError(errors)
    plaque = PlaqueWork(initiative=initiative, name=name, level=level, date=date, occasion=normalize_text(occasion))
    return save_by(plaque, by=by)
