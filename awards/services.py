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
from django.utils.translation import gettext as _

from accounts.access import can, has_cap_anywhere, require
from accounts.audit import delete_by, save_by
from accounts.roles import Cap
from accounts.system import is_system
from awards.models import AppliesTo, AwardDecision, AwardRecipient, DecisionStatus, RecipientKind, RewardForm
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


def _save_decision(decision: AwardDecision, by, *, creating: bool) -> AwardDecision:
    decision.number = normalize_text(decision.number)
    decision.signer = normalize_text(decision.signer)
    decision.issuer_title = normalize_text(decision.issuer_title)
    _validate_decision(decision)
    decision.full_clean()
    _check_permission(decision, by)
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
def decision_create(*, by, issuer, issuer_title: str, year: int, **fields) -> AwardDecision:
    """Create a decision (or a draft / proposal). ``fields``: any of DECISION_FIELDS."""
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    require_create(by=by)
    _accept_scan(fields)
    decision = AwardDecision(issuer=issuer, issuer_title=issuer_title, year=year, **fields)
    return _save_decision(decision, by, creating=True)


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
def decision_delete(*, decision: AwardDecision, by) -> None:
    decision = AwardDecision.objects.select_for_update().get(pk=decision.pk)
    require_edit(by, decision)
    for recipient in decision.recipients.all():
        delete_by(recipient, by=by)
    delete_by(decision, by=by)


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
def recipient_remove(*, recipient: AwardRecipient, by) -> None:
    decision = _locked_decision_for_change(recipient.decision, by)
    recipient = AwardRecipient.objects.get(pk=recipient.pk, decision=decision)
    delete_by(recipient, by=by)
