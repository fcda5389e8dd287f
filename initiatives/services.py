"""Every state change of the registry. Views, the API, imports and the demo loader call these
functions; nothing else writes initiatives, decisions, evidence or plaques.

Each function is keyword-only and atomic, validates with Vietnamese messages naming the field,
checks the actor's role at the right level (PermissionDenied otherwise), records who did it in
the change history and, for life-cycle steps, a timeline event."""

import datetime as dt
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives import access
from initiatives.models import (
    IMAGE_TYPES,
    LEVEL_RANK,
    UNIT_LEVEL_RANK,
    DecisionItem,
    EventAction,
    Evidence,
    EvidenceType,
    Initiative,
    InitiativeEvent,
    Origin,
    PlaqueWork,
    RecognitionDecision,
    RecognitionLevel,
    Status,
    Subject,
)
from lib import vn_format
from lib.vn_text import fold

FIRST_YEAR = 2009  # the movement started in 2009
DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024
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


# ---------------------------------------------------------------- validation helpers


def max_upload_bytes() -> int:
    return getattr(settings, "INITIATIVES_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD)


def detect_file_type(fileobj) -> str | None:
    """The evidence type judged by content (magic bytes), never by the name or the browser's word.
    DOCX and XLSX are ZIP files holding ``word/`` or ``xl/`` parts."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return EvidenceType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return EvidenceType.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return EvidenceType.WEBP
    if head.startswith(b"%PDF-"):
        return EvidenceType.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            fileobj.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return EvidenceType.DOCX
            if any(n.startswith("xl/") for n in names):
                return EvidenceType.XLSX
    return None


def check_upload(upload, *, field: str = "file", images_only: bool = False) -> str:
    """The file's type, or a ValidationError on ``field`` saying why it is refused."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                field: _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": vn_format.format_filesize(upload.size), "limit": vn_format.format_filesize(limit)}
            }
        )
    kind = detect_file_type(upload)
    allowed = IMAGE_TYPES if images_only else set(EvidenceType.values)
    if kind is None or kind not in allowed:
        raise ValidationError(
            {field: _("This file type is not accepted. Upload a JPEG, PNG or WebP image, a PDF, DOCX or XLSX file.")}
        )
    return kind


def validate_initiative(initiative: Initiative) -> None:
    """Rules across fields and rows; messages name the field."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

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
        add(
            "year",
            _("Year: the unit %(unit)s did not exist in %(year)s.")
            % {"unit": initiative.unit.name, "year": initiative.year},
        )
    if initiative.subject == Subject.INDIVIDUAL and not initiative.person_name.strip():
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


def _set_derived(initiative: Initiative) -> None:
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
    initiative._history_user = by
    initiative.save(update_fields=update_fields)


def _event(initiative, *, action, from_status, by, level="", reason="", decision=None) -> InitiativeEvent:
    return InitiativeEvent.objects.create(
        initiative=initiative,
        action=action,
        from_status=from_status,
        to_status=initiative.status,
        level=level,
        reason=reason,
        decision=decision,
        by=by if by and by.is_authenticated else None,
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _illegal(initiative: Initiative, action: str) -> ValidationError:
    return ValidationError(
        _("The initiative “%(name)s” is “%(status)s”: it cannot be %(action)s now.")
        % {"name": initiative.name, "status": initiative.get_status_display(), "action": action}
    )


def _locked(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().select_related("unit__level", "field").get(pk=initiative.pk)


# ---------------------------------------------------------------- create / edit


@transaction.atomic
def initiative_create(*, by, unit, register: bool = False, **fields) -> Initiative:
    """A new initiative in draft (or registered straight away with ``register=True``)."""
    from accounts.access import can
    from accounts.roles import Cap

    _require(
        by is None or can(by, Cap.ENTER, unit), _("You may not register initiatives for %(unit)s.") % {"unit": unit}
    )
    unknown = set(fields) - EDIT_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    initiative = Initiative(unit=unit, created_by=by if by and by.is_authenticated else None, **fields)
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
def initiative_update(*, initiative: Initiative, by, **fields) -> Initiative:
    initiative = _locked(initiative)
    _require(by is None or access.can_enter(by, initiative), _("You may not edit this initiative."))
    if initiative.status not in access.EDITABLE:
        raise _illegal(initiative, _("edited"))
    unknown = set(fields) - EDIT_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if "unit" in fields and fields["unit"] != initiative.unit:
        from accounts.access import can
        from accounts.roles import Cap

        _require(by is None or can(by, Cap.ENTER, fields["unit"]), _("You may not move the initiative there."))
    for name, value in fields.items():
        setattr(initiative, name, 0 if name in RESULT_FIELDS and value is None else value)
    _set_derived(initiative)
    validate_initiative(initiative)
    initiative.full_clean(exclude=["lineage_path", "search_text"])
    old_path = initiative.lineage_path
    initiative.lineage_path = _lineage_path(initiative)
    _save(initiative, by)
    if old_path != initiative.lineage_path:
        _move_lineage(old_path, initiative.lineage_path)
    return initiative


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


def _transition(initiative, *, by, action, allowed_from, to, label, level="", reason="", decision=None):
    before = initiative.status
    if before not in allowed_from:
        raise _illegal(initiative, label)
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
    _require(by is None or access.can_submit(by, initiative), _("You may not register this initiative."))
    return _transition(
        initiative,
        by=by,
        action=EventAction.REGISTER,
        allowed_from={Status.DRAFT},
        to=Status.REGISTERED,
        label=_("registered"),
    )


@transaction.atomic
def initiative_start(*, initiative: Initiative, by) -> Initiative:
    initiative = _locked(initiative)
    _require(by is None or access.can_submit(by, initiative), _("You may not change this initiative."))
    return _transition(
        initiative,
        by=by,
        action=EventAction.START,
        allowed_from={Status.REGISTERED},
        to=Status.IMPLEMENTING,
        label=_("started"),
    )


@transaction.atomic
def initiative_propose(*, initiative: Initiative, level: str, by) -> Initiative:
    """Propose for recognition at ``level``: at or above the owning unit's level and above the
    level already recognized (so a recognized one goes on to the next level)."""
    initiative = _locked(initiative)
    _require(by is None or access.can_propose(by, initiative), _("You may not propose this initiative."))
    if initiative.status not in {Status.REGISTERED, Status.IMPLEMENTING, Status.RECOGNIZED}:
        raise _illegal(initiative, _("proposed for recognition"))
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
    return _transition(
        initiative,
        by=by,
        action=EventAction.PROPOSE,
        allowed_from={Status.REGISTERED, Status.IMPLEMENTING, Status.RECOGNIZED},
        to=Status.PROPOSED,
        label=_("proposed for recognition"),
        level=level,
    )


@transaction.atomic
def initiatives_propose(*, initiatives, level: str, by) -> list[Initiative]:
    """Propose many at once; all or none."""
    return [initiative_propose(initiative=i, level=level, by=by) for i in initiatives]


@transaction.atomic
def initiative_withdraw(*, initiative: Initiative, by, reason: str = "") -> Initiative:
    """Take back a proposal that was not decided yet."""
    initiative = _locked(initiative)
    _require(by is None or access.can_propose(by, initiative), _("You may not change this initiative."))
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
        level=level,
        reason=reason,
    )


@transaction.atomic
def initiative_refuse(*, initiative: Initiative, by, reason: str) -> Initiative:
    """Not recognized at the proposed level; the reason is required and kept on the timeline."""
    initiative = _locked(initiative)
    if initiative.status != Status.PROPOSED:
        raise _illegal(initiative, _("refused"))
    level = initiative.proposed_level
    _require(
        by is None or access.can_decide(by, initiative, level),
        _("You may not decide on recognition at this level for this initiative."),
    )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Reason: say why the initiative is not recognized.")})
    initiative.proposed_level = ""
    return _transition(
        initiative,
        by=by,
        action=EventAction.REFUSE,
        allowed_from={Status.PROPOSED},
        to=Status.NOT_RECOGNIZED,
        label=_("refused"),
        level=level,
        reason=reason.strip(),
    )


@transaction.atomic
def initiative_reopen(*, initiative: Initiative, by, reason: str = "") -> Initiative:
    """A refused initiative goes back to work (and may be proposed again)."""
    initiative = _locked(initiative)
    _require(by is None or access.can_propose(by, initiative), _("You may not change this initiative."))
    to = Status.RECOGNIZED if initiative.recognized_level else Status.IMPLEMENTING
    return _transition(
        initiative,
        by=by,
        action=EventAction.REOPEN,
        allowed_from={Status.NOT_RECOGNIZED},
        to=to,
        label=_("reopened"),
        reason=reason,
    )


@transaction.atomic
def initiative_stop(*, initiative: Initiative, by, reason: str = "") -> Initiative:
    initiative = _locked(initiative)
    _require(by is None or access.can_submit(by, initiative), _("You may not stop this initiative."))
    initiative.proposed_level = ""
    return _transition(
        initiative,
        by=by,
        action=EventAction.STOP,
        allowed_from=set(Status.values) - {Status.STOPPED},
        to=Status.STOPPED,
        label=_("stopped"),
        reason=reason,
    )


# ---------------------------------------------------------------- decisions


@transaction.atomic
def decision_create(
    *, by, number: str, date: dt.date, issuer, level: str, signer: str = "", scan=None
) -> RecognitionDecision:
    """A recognition decision. Its level may not be above the issuing body's level."""
    from accounts.access import can
    from accounts.roles import Cap

    _require(
        by is None or can(by, Cap.REVIEW, issuer),
        _("You may not record decisions of %(unit)s.") % {"unit": issuer},
    )
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
    scan_type = None
    if scan:
        try:
            scan_type = check_upload(scan, field="scan")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    decision = RecognitionDecision(
        number=number.strip(),
        date=date,
        issuer=issuer,
        level=level,
        signer=signer.strip(),
        created_by=by if by and by.is_authenticated else None,
    )
    if RecognitionDecision.objects.filter(issuer=issuer, number=decision.number, date=date).exists():
        raise ValidationError({"number": _("Decision number: this decision is already recorded.")})
    decision.full_clean(exclude=["scan"])
    if scan is not None and scan_type:
        decision.scan = scan
        decision.scan_name = scan.name[:255]
    decision._history_user = by
    decision.save()
    return decision


@transaction.atomic
def decision_recognize(*, decision: RecognitionDecision, initiatives, by, outstanding=()) -> list[Initiative]:
    """Recognize every given initiative at the decision's level under that decision; those in
    ``outstanding`` (ids or objects) are marked "tiêu biểu". All or none."""
    outstanding_ids = {getattr(o, "pk", o) for o in outstanding}
    done = []
    for item in initiatives:
        initiative = _locked(item)
        if initiative.status != Status.PROPOSED:
            raise _illegal(initiative, _("recognized"))
        if initiative.proposed_level != decision.level:
            raise ValidationError(
                _("“%(name)s” is proposed at %(proposed)s, not at the decision's level (%(level)s).")
                % {
                    "name": initiative.name,
                    "proposed": initiative.get_proposed_level_display(),
                    "level": decision.get_level_display(),
                }
            )
        _require(
            by is None or access.can_decide(by, initiative, decision.level),
            _("You may not recognize “%(name)s” at this level.") % {"name": initiative.name},
        )
        if LEVEL_RANK[decision.level] < LEVEL_RANK.get(initiative.recognized_level, 99):
            initiative.recognized_level = decision.level
        initiative.proposed_level = ""
        item_row = DecisionItem(decision=decision, initiative=initiative, outstanding=initiative.pk in outstanding_ids)
        item_row._history_user = by
        item_row.save()
        done.append(
            _transition(
                initiative,
                by=by,
                action=EventAction.RECOGNIZE,
                allowed_from={Status.PROPOSED},
                to=Status.RECOGNIZED,
                label=_("recognized"),
                level=decision.level,
                decision=decision,
            )
        )
    return done


# ---------------------------------------------------------------- evidence and plaques


@transaction.atomic
def evidence_add(*, initiative: Initiative, by, file, caption: str = "", is_public: bool = False) -> Evidence:
    _require(by is None or access.can_enter(by, initiative), _("You may not add evidence to this initiative."))
    kind = check_upload(file)
    evidence = Evidence(
        initiative=initiative,
        file=file,
        original_name=(file.name or "")[:255],
        file_type=kind,
        size=file.size,
        caption=caption.strip(),
        is_public=bool(is_public) and kind in IMAGE_TYPES,
        uploaded_by=by if by and by.is_authenticated else None,
    )
    evidence._history_user = by
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by) -> None:
    _require(by is None or access.can_enter(by, evidence.initiative), _("You may not delete this file."))
    stored = evidence.file.name
    evidence._history_user = by
    evidence.delete()
    transaction.on_commit(lambda: evidence.file.storage.delete(stored))


@transaction.atomic
def plaque_add(*, initiative: Initiative, by, name: str, level: str, date: dt.date, occasion: str = "") -> PlaqueWork:
    from accounts.access import can
    from accounts.roles import Cap

    _require(
        by is None or access.can_enter(by, initiative) or can(by, Cap.REVIEW, initiative.unit),
        _("You may not record plaque-mounted works for this initiative."),
    )
    plaque = PlaqueWork(initiative=initiative, name=name.strip(), level=level, date=date, occasion=occasion.strip())
    plaque.full_clean()
    plaque._history_user = by
    plaque.save()
    return plaque
