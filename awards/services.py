"""Every state change of awards. Views, imports, the API and the demo loader call these.

Rules enforced here (Vietnamese messages naming the field):
- a decision has a form of reward and/or an emulation title; an issued one has a number and a date;
- only a reviewer or leader of the issuing unit's subtree creates or issues decisions; a clerk or head
  may draft or propose one for a unit in their subtree to a body above it (PermissionDenied through
  ``accounts.access.require`` otherwise);
- an edit started from an old version is refused (``lib.versioning.VersionConflict``, "stale_version");
- a form of reward marked "once per person" (Kỷ niệm chương) is never given twice to the same
  person, across decisions. The check runs under a row lock on the form of reward and is backed
  by a unique constraint."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can, has_cap_anywhere, require
from accounts.audit import delete_by, save_by
from accounts.roles import Cap
from accounts.system import is_system
from awards import dossiers
from awards.models import (
    AppliesTo,
    AwardDecision,
    AwardRecipient,
    Candidate,
    DecisionCounter,
    DecisionStatus,
    Dossier,
    DossierEvent,
    DossierStatus,
    RecipientKind,
    RewardForm,
)
from lib.errors import InvalidTransition
from lib.numbering import next_number
from lib.softdelete import mark_deleted, mark_restored
from lib.validators import BIRTH, DECISION, check_date, clean_name, collect, normalize_text
from lib.versioning import check_version
from lib.vn_text import fold
from webkit import uploads

DECISION_FIELDS = (
    "number",
    "date",
    "year",
    "status",
    "issuer",
    "issuer_title",
    "signer",
    "proposed_by",
    "reward_form",
    "emulation_title",
    "area",
    "summary",
    "scan",
)
RECIPIENT_FIELDS = ("kind", "unit", "name", "position", "date_of_birth", "initiative", "note")
# What an editor changes on the decision form; compared field by field when an edit is stale.
EDITED_FIELDS = tuple(name for name in DECISION_FIELDS if name != "scan")


# ---------------------------------------------------------------- permissions


def may_issue(user, unit) -> bool:
    """Reviewers and leaders decide for the units of their subtree (the system actor everywhere)."""
    return is_system(user) or can(user, Cap.REVIEW, unit)


def may_propose(user, unit) -> bool:
    return is_system(user) or can(user, Cap.ENTER, unit) or can(user, Cap.REVIEW, unit)


def require_create(*, by) -> None:
    """Recording a decision or a proposal needs a working role somewhere (entering or reviewing);
    which units the actor may name is checked on the decision itself. Callers that resolve unit
    choices first (the API) ask this before, so a caller with no role hears "may not", not "bad unit"."""
    if is_system(by) or has_cap_anywhere(by, Cap.REVIEW) or has_cap_anywhere(by, Cap.ENTER):
        return
    raise PermissionDenied(_("You may not record award decisions."))


def may_edit(user, decision: AwardDecision) -> bool:
    if may_issue(user, decision.issuer):
        return True
    return (
        decision.status != DecisionStatus.ISSUED
        and decision.proposed_by is not None
        and may_propose(user, decision.proposed_by)
    )


def _check_permission(decision: AwardDecision, by) -> None:
    """The decision as it is about to be saved: issued in the issuer's name, or a draft/proposal
    of a unit the actor is responsible for. Refused through ``require`` (PermissionDenied)."""
    if may_issue(by, decision.issuer):
        return
    if decision.status == DecisionStatus.ISSUED:
        require(
            by,
            Cap.REVIEW,
            decision.issuer,
            _("Only a reviewer or leader of the issuing unit may issue an award decision in its name."),
        )
    message = _("You may propose awards only for a unit within your responsibility.")
    if decision.proposed_by is None:
        require(by, Cap.REVIEW, decision.issuer, message)
    elif not can(by, Cap.REVIEW, decision.proposed_by):
        require(by, Cap.ENTER, decision.proposed_by, message)


def require_edit(by, decision: AwardDecision) -> None:
    """Change an existing decision: its issuer's reviewers, or its proposer while not issued."""
    if not may_edit(by, decision):
        require(by, Cap.REVIEW, decision.issuer, _("You may not change this award decision."))


# ---------------------------------------------------------------- validation


def _validate_decision(decision: AwardDecision) -> None:
    errors: dict[str, list[str]] = {}
    label = AwardDecision._meta.get_field
    collect(errors, "issuer_title", clean_name, decision.issuer_title, label("issuer_title").verbose_name)
    collect(errors, "date", check_date, decision.date, label("date").verbose_name, DECISION)
    if decision.reward_form_id is None and decision.emulation_title_id is None:
        errors.setdefault("reward_form", []).append(_("Choose a form of reward or an emulation title (or both)."))
    if decision.status == DecisionStatus.ISSUED:
        if not decision.number.strip():
            errors.setdefault("number", []).append(_("An issued decision needs its number."))
        if decision.date is None:
            errors.setdefault("date", []).append(_("An issued decision needs its date."))
    if decision.date and decision.year and not (decision.year - 1 <= decision.date.year <= decision.year + 2):
        errors.setdefault("year", []).append(
            _("The year of achievement (%(year)s) does not match the decision date (%(date)s).")
            % {"year": decision.year, "date": decision.date.strftime("%d/%m/%Y")}
        )
    if decision.year and not 1945 <= decision.year <= dt.date.today().year + 1:
        errors.setdefault("year", []).append(_("The year of achievement is not plausible."))
    if decision.proposed_by_id and decision.issuer_id and decision.proposed_by_id != decision.issuer_id:
        if not decision.proposed_by.path.startswith(decision.issuer.path):
            errors.setdefault("proposed_by", []).append(_("The proposing unit must lie under the issuing unit."))
    if errors:
        raise ValidationError(errors)


AWARD_SERIES = "award"


def _allocate_number(decision: AwardDecision) -> str:
    """The issuer's next award decision number of the decision's calendar year (lib.numbering);
    a number typed by hand earlier (an imported decision) is stepped over, never repeated."""
    taken = set(
        AwardDecision.objects.filter(issuer=decision.issuer, date__year=decision.date.year)
        .exclude(number="")
        .values_list("number", flat=True)
    )
    while True:
        n = next_number(
            DecisionCounter, day=decision.date, issuer=decision.issuer, series=AWARD_SERIES, year=decision.date.year
        )
        text = f"{n}/QĐ-KT"
        if text not in taken:
            return text


def _save_decision(decision: AwardDecision, by, *, creating: bool, auto_number: bool = False) -> AwardDecision:
    decision.number = normalize_text(decision.number)
    decision.signer = normalize_text(decision.signer)
    decision.issuer_title = normalize_text(decision.issuer_title)
    numbering = auto_number and decision.status == DecisionStatus.ISSUED and not decision.number and decision.date
    if numbering:
        decision.number = "…"  # a placeholder while the rest is checked; allocated below
    _validate_decision(decision)
    decision.full_clean()
    _check_permission(decision, by)
    if numbering:
        decision.number = _allocate_number(decision)
    # Cleaned just above (before the permission check, so bad data is reported first).
    return save_by(decision, by=by, clean=False)


def _accept_scan(fields: dict) -> None:
    """A new scan must be a PDF, JPEG or PNG within the size limit; it is stored under a random
    name and its uploaded name kept for downloads. "" clears the scan."""
    scan = fields.get("scan")
    if uploads.is_upload(scan):
        _kind, fields["scan_name"] = uploads.accept(scan, field="scan", kinds=uploads.SCANS)
    elif "scan" in fields and not scan:
        fields["scan_name"] = ""


# ---------------------------------------------------------------- decisions


@transaction.atomic
def decision_create(*, by, issuer, issuer_title: str, year: int, auto_number: bool = False, **fields) -> AwardDecision:
    """Create a decision (or a draft / proposal). ``fields``: any of DECISION_FIELDS.
    ``auto_number``: an issued decision without a number takes the issuer's next one of its year,
    in date order (a date before the last numbered decision is refused); typed numbers stay
    possible for decisions recorded after the fact."""
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    require_create(by=by)
    _accept_scan(fields)
    decision = AwardDecision(issuer=issuer, issuer_title=issuer_title, year=year, **fields)
    return _save_decision(decision, by, creating=True, auto_number=auto_number)


@transaction.atomic
def decision_update(*, decision: AwardDecision, by, expected_version: int | None = None, **fields) -> AwardDecision:
    """Change a decision. Changing its form of reward re-checks every recipient against it.
    ``expected_version``: the version the editor started from; a VersionConflict when stale."""
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    decision = AwardDecision.objects.select_for_update().get(pk=decision.pk)
    require_edit(by, decision)
    check_version(decision, expected_version, EDITED_FIELDS)
    _accept_scan(fields)
    old = (decision.reward_form_id, decision.emulation_title_id)
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.version += 1
    decision = _save_decision(decision, by, creating=False)
    if (decision.reward_form_id, decision.emulation_title_id) != old:
        _recheck_recipients(decision, by)
    return decision


@transaction.atomic
def decision_delete(*, decision: AwardDecision, by) -> AwardDecision:
    """Mark the decision and its live recipients deleted at the same instant (lib.softdelete), so
    a restore brings back exactly those and not the ones removed one by one before."""
    decision = AwardDecision.objects.select_for_update().get(pk=decision.pk)
    require_edit(by, decision)
    when = timezone.now()
    for recipient in decision.recipients.all():
        mark_deleted(recipient, by=by, when=when)
    return mark_deleted(decision, by=by, when=when)


def _require_restore(by, unit, message: str) -> None:
    require(by, Cap.MANAGE_UNITS, unit, message)


def _not_deleted() -> InvalidTransition:
    return InvalidTransition(_("This record is not deleted."), code="not_deleted")


@transaction.atomic
def decision_restore(*, decision: AwardDecision, by) -> AwardDecision:
    """Bring a deleted decision back with the recipients deleted along with it (an administrator of
    the issuing unit). A recipient who has been given the same once-only award since keeps the
    restore from happening (ValidationError naming the person)."""
    decision = AwardDecision.all_objects.select_for_update().select_related("issuer").get(pk=decision.pk)
    _require_restore(by, decision.issuer, _("You may not restore this decision."))
    if not decision.is_deleted:
        raise _not_deleted()
    when = decision.deleted_at
    mark_restored(decision, by=by)
    form = _locked_form(decision)
    for recipient in AwardRecipient.all_objects.filter(decision=decision, deleted_at=when):
        _apply_once_rule(decision, form, recipient)  # given to the same person since? refused
        mark_restored(recipient, by=by, also=["once_key"])
    return decision


def _recheck_recipients(decision: AwardDecision, by) -> None:
    form = _locked_form(decision)
    recipients = list(decision.recipients.select_related("unit"))
    for recipient in recipients:
        if recipient.once_key:
            recipient.once_key = None
            save_by(recipient, by=by, update_fields=["once_key"], clean=False)
    for index, recipient in enumerate(recipients, start=1):
        try:
            _check_kind_allowed(decision, recipient)
            _apply_once_rule(decision, form, recipient)
        except ValidationError as exc:
            raise ValidationError(
                {"reward_form": [_("Recipient %(n)s: %(error)s") % {"n": index, "error": " ".join(exc.messages)}]}
            )
        if recipient.once_key:
            save_by(recipient, by=by, update_fields=["once_key"], clean=False)


# ---------------------------------------------------------------- recipients


def person_key(name: str, date_of_birth: dt.date | None = None, unit_id: int | None = None) -> str:
    """Who an individual is: folded full name, then date of birth and unit when known."""
    return f"{fold(name)}|{date_of_birth.isoformat() if date_of_birth else ''}|{unit_id or ''}"


def _same_person(a: str, b: str) -> bool:
    """Same folded name, and neither the date of birth nor the unit tells them apart (a missing
    detail does not tell two people apart: the rule errs on the side of refusing)."""
    name_a, dob_a, unit_a = a.split("|")
    name_b, dob_b, unit_b = b.split("|")
    if name_a != name_b:
        return False
    if dob_a and dob_b:
        return dob_a == dob_b
    return not (unit_a and unit_b and unit_a != unit_b)


def _locked_form(decision: AwardDecision) -> RewardForm | None:
    if decision.reward_form_id is None:
        return None
    # Serializes every grant of this form, so two decisions cannot slip the same person in at once.
    return RewardForm.objects.select_for_update().get(pk=decision.reward_form_id)


def _check_kind_allowed(decision: AwardDecision, recipient: AwardRecipient) -> None:
    for item in (decision.reward_form, decision.emulation_title):
        if item is None or item.applies_to == AppliesTo.ANY or item.applies_to == recipient.kind:
            continue
        if item.applies_to == AppliesTo.INDIVIDUAL:
            message = _("%(what)s is given to individuals only.")
        else:
            message = _("%(what)s is given to collectives only.")
        raise ValidationError({"kind": message % {"what": item.name}})


def _apply_once_rule(decision: AwardDecision, form: RewardForm | None, recipient: AwardRecipient) -> None:
    recipient.once_key = None
    if form is None or not form.once_per_person or recipient.kind != RecipientKind.INDIVIDUAL:
        return
    folded = fold(recipient.name)
    earlier = (
        AwardRecipient.objects.filter(once_key__startswith=f"{form.pk}:{folded}|")
        .exclude(pk=recipient.pk)
        .select_related("decision")
    )
    for other in earlier:
        if _same_person(other.person_key, recipient.person_key):
            raise ValidationError({"name": _already_given(recipient, form, other.decision)})
    recipient.once_key = f"{form.pk}:{recipient.person_key}"


def _already_given(recipient, form, decision) -> str:
    if decision.number and decision.date:
        where = _("by decision no. %(number)s of %(date)s") % {
            "number": decision.number,
            "date": decision.date.strftime("%d/%m/%Y"),
        }
    else:
        where = _("in a proposal for the year %(year)s") % {"year": decision.year}
    return _(
        "%(name)s has already been given the %(form)s %(where)s; it is given only once per person. "
        "If this is a different person with the same name, enter the date of birth."
    ) % {"name": recipient.name, "form": form.name, "where": where}


def _prepare_recipient(decision: AwardDecision, recipient: AwardRecipient) -> None:
    recipient.name = normalize_text(recipient.name)
    recipient.position = normalize_text(recipient.position)
    recipient.note = normalize_text(recipient.note)
    errors: dict[str, list[str]] = {}
    collect(
        errors,
        "date_of_birth",
        check_date,
        recipient.date_of_birth,
        AwardRecipient._meta.get_field("date_of_birth").verbose_name,
        BIRTH,
    )
    if recipient.kind == RecipientKind.INDIVIDUAL:
        if not recipient.name:
            errors.setdefault("name", []).append(_("Enter the full name of the individual."))
        recipient.person_key = person_key(recipient.name, recipient.date_of_birth, recipient.unit_id)
    else:
        recipient.person_key = ""
        recipient.date_of_birth = None
        if recipient.unit_id is None and not recipient.name:
            errors.setdefault("unit", []).append(_("Choose the rewarded unit or enter the name of the group."))
    if errors:
        raise ValidationError(errors)
    unit_name = recipient.unit.name if recipient.unit_id else ""
    recipient.search_text = fold(f"{recipient.name} {recipient.position} {unit_name}")[:600]


def may_link_initiative(user, initiative) -> bool:
    """The one scope rule for linking an initiative to a recipient (pages and API alike): the
    acting user must see it through the access layer (the system actor sees everything)."""
    if initiative is None or is_system(user):
        return True
    return type(initiative).objects.visible_to(user).filter(pk=initiative.pk).exists()


def _add_one(decision: AwardDecision, form: RewardForm | None, by, fields: dict) -> AwardRecipient:
    unknown = set(fields) - set(RECIPIENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if not may_link_initiative(by, fields.get("initiative")):
        raise ValidationError({"initiative": _("Initiative: unknown initiative, or outside your scope.")})
    recipient = AwardRecipient(decision=decision, **fields)
    _prepare_recipient(decision, recipient)
    recipient.full_clean(exclude=["decision"])
    _check_kind_allowed(decision, recipient)
    _apply_once_rule(decision, form, recipient)
    try:
        with transaction.atomic():
            # Cleaned above (full_clean without the decision, then the kind and once-per-person rules).
            save_by(recipient, by=by, clean=False)
    except IntegrityError:
        raise ValidationError(
            {"name": _("%(name)s has already been given this form of reward.") % {"name": recipient.name}}
        )
    return recipient


def _locked_decision_for_change(decision: AwardDecision, by) -> AwardDecision:
    decision = (
        AwardDecision.objects.select_for_update(of=("self",))
        .select_related("issuer", "proposed_by")
        .get(pk=decision.pk)
    )
    require_edit(by, decision)
    return decision


@transaction.atomic
def recipient_add(*, decision: AwardDecision, by, **fields) -> AwardRecipient:
    """Add one collective or individual. ``fields``: any of RECIPIENT_FIELDS."""
    decision = _locked_decision_for_change(decision, by)
    form = _locked_form(decision)
    return _add_one(decision, form, by, fields)


@transaction.atomic
def recipients_add(*, decision: AwardDecision, by, rows: list[dict]) -> list[AwardRecipient]:
    """Add several recipients at once; all or nothing. A ValidationError names the failing row
    (``errors_by_row`` on the exception maps the 0-based row index to its ValidationError)."""
    decision = _locked_decision_for_change(decision, by)
    form = _locked_form(decision)
    added, errors = [], {}
    for index, fields in enumerate(rows):
        try:
            with transaction.atomic():
                added.append(_add_one(decision, form, by, dict(fields)))
        except ValidationError as exc:
            errors[index] = exc
    if errors:
        exc = ValidationError(
            [
                _("Line %(n)s: %(error)s") % {"n": index + 1, "error": " ".join(error.messages)}
                for index, error in sorted(errors.items())
            ]
        )
        exc.errors_by_row = errors
        raise exc
    return added


@transaction.atomic
def recipient_remove(*, recipient: AwardRecipient, by) -> AwardRecipient:
    """Mark the recipient deleted (lib.softdelete); an administrator may bring it back."""
    decision = _locked_decision_for_change(recipient.decision, by)
    recipient = AwardRecipient.objects.get(pk=recipient.pk, decision=decision)
    return mark_deleted(recipient, by=by)


@transaction.atomic
def recipient_restore(*, recipient: AwardRecipient, by) -> AwardRecipient:
    """Bring a removed recipient back, while its decision is live (restore the decision first)."""
    recipient = AwardRecipient.all_objects.select_for_update().select_related("decision__issuer").get(pk=recipient.pk)
    _require_restore(by, recipient.decision.issuer, _("You may not restore this recipient."))
    if not recipient.is_deleted:
        raise _not_deleted()
    if recipient.decision.is_deleted:
        raise InvalidTransition(_("Restore the decision first."), code="decision_deleted")
    _apply_once_rule(recipient.decision, _locked_form(recipient.decision), recipient)
    return mark_restored(recipient, by=by, also=["once_key"])


# ---------------------------------------------------------------- reward dossiers
#
# draft ─submit→ submitted ─council_review→ reviewed ─decide→ decided; a submitted dossier may be
# returned (with its reason) to the proposer, who completes it and submits again. The proposer
# (clerk/head of the proposing unit) prepares; reviewers/leaders of the issuer decide.

DOSSIER_FIELDS = (
    "issuer",
    "issuer_title",
    "year",
    "reward_form",
    "emulation_title",
    "area",
    "letter_number",
    "letter_date",
    "letter_file",
)
CANDIDATE_FIELDS = ("kind", "unit", "name", "position", "date_of_birth", "report_text", "report_file")


def _dossier_event(dossier: Dossier, *, action: str, from_status: str, by, note: str = "") -> None:
    DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        note=note,
        by=by if getattr(by, "pk", None) else None,
    )


def _require_prepare(by, dossier: Dossier) -> None:
    if not dossiers.may_prepare(by, dossier):
        require(by, Cap.ENTER, dossier.proposer, _("Only the proposing unit may prepare this dossier."))


def _require_decide(by, dossier: Dossier) -> None:
    if not dossiers.may_decide(by, dossier):
        require(
            by,
            Cap.REVIEW,
            dossier.issuer,
            _("Only a reviewer or leader of the unit the dossier is addressed to may do this."),
        )


def _require_status(dossier: Dossier, allowed, code: str) -> None:
    if dossier.status not in allowed:
        raise InvalidTransition(
            _("This cannot be done while the dossier is “%(status)s”.") % {"status": dossier.get_status_display()},
            code=code,
        )


def _locked_dossier(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("proposer", "issuer", "reward_form", "emulation_title", "area")
        .get(pk=dossier.pk)
    )


def _validate_dossier(dossier: Dossier) -> None:
    errors: dict[str, list[str]] = {}
    label = Dossier._meta.get_field
    dossier.issuer_title = normalize_text(dossier.issuer_title)
    dossier.letter_number = normalize_text(dossier.letter_number)
    collect(errors, "issuer_title", clean_name, dossier.issuer_title, label("issuer_title").verbose_name)
    collect(errors, "letter_date", check_date, dossier.letter_date, label("letter_date").verbose_name, DECISION)
    if dossier.reward_form_id is None and dossier.emulation_title_id is None:
        errors.setdefault("reward_form", []).append(_("Choose a form of reward or an emulation title (or both)."))
    if dossier.year and not 1945 <= dossier.year <= dt.date.today().year + 1:
        errors.setdefault("year", []).append(_("The year of achievement is not plausible."))
    if dossier.proposer_id and dossier.issuer_id and not dossier.proposer.path.startswith(dossier.issuer.path):
        errors.setdefault("issuer", []).append(
            _("The proposing unit must lie under the unit the dossier is addressed to.")
        )
    if errors:
        raise ValidationError(errors)
    dossier.full_clean(exclude=["letter_file"])


def _accept_file(fields: dict, field: str, name_field: str, kinds) -> None:
    value = fields.get(field)
    if uploads.is_upload(value):
        _kind, fields[name_field] = uploads.accept(value, field=field, kinds=kinds)
    elif field in fields and not value:
        fields[field] = ""
        fields[name_field] = ""
    else:
        fields.pop(field, None)


@transaction.atomic
def dossier_create(*, by, proposer, issuer, issuer_title: str, year: int, **fields) -> Dossier:
    """A new dossier (draft) of ``proposer`` addressed to ``issuer``. ``fields``: any of DOSSIER_FIELDS."""
    unknown = set(fields) - set(DOSSIER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _accept_file(fields, "letter_file", "letter_file_name", uploads.SCANS)
    dossier = Dossier(proposer=proposer, issuer=issuer, issuer_title=issuer_title, year=year, **fields)
    _validate_dossier(dossier)
    _require_prepare(by, dossier)
    save_by(dossier, by=by, clean=False)
    _dossier_event(dossier, action="create", from_status="", by=by)
    return dossier


@transaction.atomic
def dossier_update(*, dossier: Dossier, by, **fields) -> Dossier:
    """Change the letter or the reward asked for, while the dossier is a draft or was returned."""
    unknown = set(fields) - set(DOSSIER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    dossier = _locked_dossier(dossier)
    _require_prepare(by, dossier)
    _require_status(dossier, dossiers.EDITABLE, "not_editable")
    _accept_file(fields, "letter_file", "letter_file_name", uploads.SCANS)
    for name, value in fields.items():
        setattr(dossier, name, value)
    _validate_dossier(dossier)
    return save_by(dossier, by=by, clean=False)


def _validate_candidate(dossier: Dossier, candidate: Candidate) -> None:
    candidate.name = normalize_text(candidate.name)
    candidate.position = normalize_text(candidate.position)
    errors: dict[str, list[str]] = {}
    label = Candidate._meta.get_field("date_of_birth").verbose_name
    collect(errors, "date_of_birth", check_date, candidate.date_of_birth, label, BIRTH)
    if candidate.kind == RecipientKind.INDIVIDUAL and not candidate.name:
        errors.setdefault("name", []).append(_("Enter the full name of the individual."))
    if candidate.kind == RecipientKind.COLLECTIVE:
        candidate.date_of_birth = None
        if candidate.unit_id is None and not candidate.name:
            errors.setdefault("unit", []).append(_("Choose the rewarded unit or enter the name of the group."))
    if candidate.unit_id and not candidate.unit.path.startswith(dossier.proposer.path):
        errors.setdefault("unit", []).append(_("The candidate's unit must lie within the proposing unit."))
    if errors:
        raise ValidationError(errors)
    candidate.full_clean(exclude=["dossier", "report_file"])
    _check_kind_allowed(dossier, candidate)


@transaction.atomic
def candidate_add(*, dossier: Dossier, by, **fields) -> Candidate:
    """Put a collective or an individual on the dossier's list. ``fields``: any of CANDIDATE_FIELDS."""
    unknown = set(fields) - set(CANDIDATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    dossier = _locked_dossier(dossier)
    _require_prepare(by, dossier)
    _require_status(dossier, dossiers.EDITABLE, "not_editable")
    _accept_file(fields, "report_file", "report_file_name", uploads.DOCUMENTS)
    candidate = Candidate(dossier=dossier, **fields)
    _validate_candidate(dossier, candidate)
    return save_by(candidate, by=by, clean=False)


@transaction.atomic
def candidate_report_set(*, candidate: Candidate, by, report_text: str | None = None, report_file=None) -> Candidate:
    """Write the candidate's achievement report and/or attach it as a file ("" removes the file)."""
    dossier = _locked_dossier(candidate.dossier)
    _require_prepare(by, dossier)
    _require_status(dossier, dossiers.EDITABLE, "not_editable")
    candidate = Candidate.objects.get(pk=candidate.pk, dossier=dossier)
    fields = {"report_file": report_file} if report_file is not None else {}
    _accept_file(fields, "report_file", "report_file_name", uploads.DOCUMENTS)
    for name, value in fields.items():
        setattr(candidate, name, value)
    if report_text is not None:
        candidate.report_text = report_text.strip()
    return save_by(candidate, by=by, clean=False)


@transaction.atomic
def candidate_draft_report(*, candidate: Candidate, by) -> Candidate:
    """Draft the achievement report from the registry (recognized models, awards already held);
    the proposer then edits it."""
    dossier = _locked_dossier(candidate.dossier)
    _require_prepare(by, dossier)
    _require_status(dossier, dossiers.EDITABLE, "not_editable")
    candidate = Candidate.objects.select_related("unit").get(pk=candidate.pk, dossier=dossier)
    candidate.report_text = dossiers.draft_report(candidate)
    return save_by(candidate, by=by, clean=False)


@transaction.atomic
def candidate_remove(*, candidate: Candidate, by) -> None:
    dossier = _locked_dossier(candidate.dossier)
    _require_prepare(by, dossier)
    _require_status(dossier, dossiers.EDITABLE, "not_editable")
    delete_by(Candidate.objects.get(pk=candidate.pk, dossier=dossier), by=by)


def _refuse_missing(dossier: Dossier, code: str) -> None:
    items = dossiers.missing(dossier)
    if items:
        raise InvalidTransition(
            _("The dossier cannot move on yet: %(items)s") % {"items": " ".join(items)},
            code=code,
        )


@transaction.atomic
def dossier_submit(*, dossier: Dossier, by) -> Dossier:
    """Send the complete dossier to the unit it is addressed to."""
    dossier = _locked_dossier(dossier)
    _require_prepare(by, dossier)
    _require_status(dossier, dossiers.EDITABLE, "not_editable")
    _refuse_missing(dossier, "incomplete")
    before = dossier.status
    dossier.status = DossierStatus.SUBMITTED
    save_by(dossier, by=by, clean=False, update_fields=["status"])
    _dossier_event(dossier, action="submit", from_status=before, by=by)
    return dossier


@transaction.atomic
def dossier_return(*, dossier: Dossier, by, reason: str) -> Dossier:
    """Send a submitted dossier back to the proposer, saying why."""
    dossier = _locked_dossier(dossier)
    _require_decide(by, dossier)
    _require_status(dossier, (DossierStatus.SUBMITTED,), "not_submitted")
    reason = normalize_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the dossier is returned.")})
    before = dossier.status
    dossier.status = DossierStatus.RETURNED
    dossier.return_reason = reason
    save_by(dossier, by=by, clean=False, update_fields=["status", "return_reason"])
    _dossier_event(dossier, action="return", from_status=before, by=by, note=reason)
    return dossier


@transaction.atomic
def council_review(
    *,
    dossier: Dossier,
    by,
    members: str,
    meeting_date: dt.date | None,
    votes: dict,
    required_share: int | None = None,
    share_inclusive: bool | None = None,
) -> Dossier:
    """Record the emulation council's meeting: its members (one a line), the date, and for each
    candidate (``votes``: candidate id → (for, against)) the votes; whether each passes follows
    from the share required of all members (more than 50 % unless configured)."""
    dossier = _locked_dossier(dossier)
    _require_decide(by, dossier)
    _require_status(dossier, (DossierStatus.SUBMITTED,), "not_submitted")
    dossier.council_members = "\n".join(line.strip() for line in (members or "").splitlines() if line.strip())
    dossier.meeting_date = meeting_date
    if required_share is not None:
        dossier.required_share = required_share
    if share_inclusive is not None:
        dossier.share_inclusive = share_inclusive
    errors: dict[str, list[str]] = {}
    count = len(dossier.members)
    if not count:
        errors["members"] = [_("Enter the council's members, one per line.")]
    if meeting_date is None:
        errors["meeting_date"] = [_("Enter the date of the council's meeting.")]
    else:
        collect(errors, "meeting_date", check_date, meeting_date, _("council meeting date"), DECISION)
        if dossier.letter_date and meeting_date < dossier.letter_date:
            errors.setdefault("meeting_date", []).append(
                _("The council cannot meet before the proposal letter's date.")
            )
    if not 1 <= dossier.required_share <= 100:
        errors["required_share"] = [_("The share required is a percentage between 1 and 100.")]
    candidates = list(dossier.candidates.select_related("unit"))
    for candidate in candidates:
        pair = votes.get(candidate.pk) or votes.get(str(candidate.pk))
        if not pair or pair[0] is None or pair[1] is None:
            errors.setdefault("votes", []).append(
                _("Enter the votes for and against %(name)s.") % {"name": candidate.display_name}
            )
            continue
        votes_for, against = int(pair[0]), int(pair[1])
        if votes_for < 0 or against < 0 or (count and votes_for + against > count):
            errors.setdefault("votes", []).append(
                _("%(name)s: the votes (%(total)s) exceed the %(count)s members of the council.")
                % {"name": candidate.display_name, "total": votes_for + against, "count": count}
            )
            continue
        candidate.votes_for, candidate.votes_against = votes_for, against
        candidate.passed = dossiers.share_passes(votes_for, count, dossier.required_share, dossier.share_inclusive)
    if errors:
        raise ValidationError(errors)
    for candidate in candidates:
        save_by(candidate, by=by, clean=False, update_fields=["votes_for", "votes_against", "passed"])
    before = dossier.status
    dossier.status = DossierStatus.REVIEWED
    save_by(dossier, by=by, clean=False)
    passed = sum(1 for c in candidates if c.passed)
    note = _("%(passed)s of %(total)s candidates passed.") % {"passed": passed, "total": len(candidates)}
    _dossier_event(dossier, action="review", from_status=before, by=by, note=note)
    return dossier


@transaction.atomic
def dossier_decide(*, dossier: Dossier, by, date: dt.date, signer: str = "", number: str = "") -> AwardDecision:
    """Issue the award decision for the candidates the council passed. Without a typed number the
    issuer's next decision number of the year is allocated (in date order)."""
    dossier = _locked_dossier(dossier)
    _require_decide(by, dossier)
    _require_status(dossier, (DossierStatus.REVIEWED,), "not_reviewed")
    _refuse_missing(dossier, "none_passed")
    if date is None:
        raise ValidationError({"date": _("An issued decision needs its date.")})
    if dossier.meeting_date and date < dossier.meeting_date:
        raise ValidationError({"date": _("The decision cannot be dated before the council's meeting.")})
    decision = decision_create(
        by=by,
        issuer=dossier.issuer,
        issuer_title=dossier.issuer_title,
        year=dossier.year,
        status=DecisionStatus.ISSUED,
        number=number,
        date=date,
        signer=signer,
        proposed_by=dossier.proposer,
        reward_form=dossier.reward_form,
        emulation_title=dossier.emulation_title,
        area=dossier.area,
        auto_number=True,
    )
    rows = [
        {
            "kind": c.kind,
            "unit": c.unit,
            "name": c.name,
            "position": c.position,
            "date_of_birth": c.date_of_birth,
        }
        for c in dossier.candidates.select_related("unit").filter(passed=True)
    ]
    recipients_add(decision=decision, by=by, rows=rows)
    before = dossier.status
    dossier.status = DossierStatus.DECIDED
    dossier.decision = decision
    save_by(dossier, by=by, clean=False, update_fields=["status", "decision"])
    _dossier_event(dossier, action="decide", from_status=before, by=by, note=decision.number)
    return decision
