"""Award decisions known only by their recipient counts ("khen thưởng 84 tập thể"): a decision may
declare how many collectives and individuals it rewards without naming them. Counting rule (see
``AwardDecision.declared_collectives``): each kind counts max(declared, named), so names added
later never count twice."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.audit import save_by
from accounts.roles import Cap
from awards.models import AwardDecision, DecisionStatus


def _check_counts(collectives, individuals) -> None:
    errors = {}
    for name, value in (("declared_collectives", collectives), ("declared_individuals", individuals)):
        if value is not None and value < 0:
            errors[name] = _("The number may not be negative.")
    if not errors and not (collectives or individuals):
        errors["declared_collectives"] = _("Give the number of collectives or of individuals.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_summary_award(
    *,
    issuer,
    year: int,
    issuer_title: str,
    declared_collectives: int | None = None,
    declared_individuals: int | None = None,
    reward_form=None,
    emulation_title=None,
    area=None,
    number: str = "",
    date=None,
    source: str = "",
    by,
) -> AwardDecision:
    """An issued decision recorded by its counts only; ``source`` (the document the figures come
    from) goes into the decision's content."""
    require(by, Cap.ENTER, issuer, _("You may not enter figures for this unit."))
    _check_counts(declared_collectives, declared_individuals)
    decision = AwardDecision(
        issuer=issuer,
        year=year,
        issuer_title=issuer_title,
        declared_collectives=declared_collectives,
        declared_individuals=declared_individuals,
        reward_form=reward_form,
        emulation_title=emulation_title,
        area=area,
        number=number,
        date=date,
        summary=source,
        status=DecisionStatus.ISSUED,
    )
    return save_by(decision, by=by)


@transaction.atomic
def set_declared_counts(
    *, decision: AwardDecision, declared_collectives: int | None, declared_individuals: int | None, by
) -> AwardDecision:
    """Declare (or clear, with None) the recipient counts of an existing decision."""
    require(by, Cap.ENTER, decision.issuer, _("You may not enter figures for this unit."))
    if declared_collectives is not None or declared_individuals is not None:
        _check_counts(declared_collectives, declared_individuals)
    decision.declared_collectives = declared_collectives
    decision.declared_individuals = declared_individuals
    decision.version += 1
    return save_by(decision, by=by)
