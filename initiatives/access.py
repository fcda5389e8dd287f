"""Who may see and do what with initiatives, decisions and evidence.

Seeing follows the unit scope (``accounts.access``). Deciding (recognize / refuse) at a level L
needs a review role on a unit at level L whose subtree — or whose lineage predecessors' subtree —
contains the initiative's unit."""

from django.http import Http404

from accounts.access import can, path_in_scope, scope_cache, scope_paths, scope_q
from accounts.roles import Cap, roles_with
from initiatives.models import (
    LEVEL_RANK,
    UNIT_LEVEL_RANK,
    Evidence,
    Initiative,
    RecognitionDecision,
    RecognitionLevel,
    Status,
)
from orgunits.scope import subtree_q
from orgunits.selectors import subtree_roots

_REVIEW_CACHE = "_initiatives_review_roots"
EDITABLE = {Status.DRAFT, Status.REGISTERED, Status.IMPLEMENTING, Status.RECOGNIZED, Status.NOT_RECOGNIZED}


def review_roots(user) -> list[tuple[str, str]] | None:
    """(subtree path, level code) pairs where the user may decide; None = superuser (anywhere)."""
    if not user or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache = scope_cache(user)  # dropped with the other scopes by accounts.access.clear_cache
    if _REVIEW_CACHE in cache:
        return cache[_REVIEW_CACHE]
    roots: list[tuple[str, str]] = []
    assignments = user.assignments.filter(role__in=roles_with(Cap.REVIEW)).select_related("unit__level")
    for assignment in assignments:
        unit = assignment.unit
        roots += [(path, unit.level.code) for path in subtree_roots(unit, through_lineage=True)]
    cache[_REVIEW_CACHE] = roots
    return roots


def review_levels(user, unit) -> set[str]:
    """Levels at which ``user`` may recognize or refuse initiatives of ``unit``."""
    roots = review_roots(user)
    if roots is None:
        return set(RecognitionLevel.values)
    return {level for path, level in roots if unit.path.startswith(path) and level in RecognitionLevel.values}


def decision_levels(user) -> list[str]:
    """Levels the user may decide at somewhere (for the bulk form)."""
    roots = review_roots(user)
    if roots is None:
        return list(RecognitionLevel.values)
    return [v for v in RecognitionLevel.values if any(level == v for _path, level in roots)]


def can_enter(user, initiative) -> bool:
    return can(user, Cap.ENTER, initiative.unit)


def can_correct(user, initiative) -> bool:
    """After recognition, a reviewer of the unit may correct what was recognized."""
    return bool(initiative.recognized_level) and can(user, Cap.REVIEW, initiative.unit)


def can_edit(user, initiative) -> bool:
    return initiative.status in EDITABLE and (can_enter(user, initiative) or can_correct(user, initiative))


def can_submit(user, initiative) -> bool:
    return can(user, Cap.SUBMIT, initiative.unit)


def can_propose(user, initiative) -> bool:
    return can_submit(user, initiative) or can(user, Cap.REVIEW, initiative.unit)


def can_decide(user, initiative, level: str | None = None) -> bool:
    level = level or initiative.proposed_level
    return bool(level) and level in review_levels(user, initiative.unit)


def can_decide_now(user, initiative) -> bool:
    """The page's and the API's "recognize / refuse" offer: proposed, at a level the user decides at."""
    return initiative.status == Status.PROPOSED and can_decide(user, initiative)


def issuer_unit_set(user):
    """Units whose recognition decisions the user may record (unsliced, for validating a pick
    and for the picker's suggestions): the units of their review roles and the agencies directly
    under them (e.g. the district's Ban Dân vận); a superuser, any province or district."""
    from django.db.models import Q

    from orgunits.models import OrgUnit, UnitType

    if user.is_superuser:
        return OrgUnit.objects.filter(unit_type__in=[UnitType.PROVINCE, UnitType.DISTRICT]).order_by("path")
    roots = user.assignments.filter(role__in=roles_with(Cap.REVIEW)).values("unit_id")
    return OrgUnit.objects.filter(Q(pk__in=roots) | Q(parent_id__in=roots, unit_type=UnitType.AGENCY)).order_by("path")


def proposable_levels(initiative) -> list[str]:
    """Levels at or above the owning unit's level and above the level already recognized."""
    from orgunits.models import REORGANIZATION_DATE

    unit = initiative.unit
    unit_rank = UNIT_LEVEL_RANK.get(unit.level.code, 4)
    current = LEVEL_RANK.get(initiative.recognized_level, 99)
    levels = [v for v in RecognitionLevel.values if unit_rank >= LEVEL_RANK[v] and LEVEL_RANK[v] < current]
    # The district level ended on 30/06/2025: units created by the reorganization skip it.
    if unit.valid_from and unit.valid_from >= REORGANIZATION_DATE:
        levels = [v for v in levels if v != RecognitionLevel.DISTRICT]
    return levels


def get_initiative_for_user(user, pk, *, write=False) -> Initiative:
    """The initiative if ``user`` may see it (and, with ``write``, enter data for it), else 404."""
    try:
        initiative = (
            Initiative.objects.select_related("unit__level", "field", "source__unit", "created_by")
            .filter(scope_q(user, Cap.VIEW))
            .get(pk=int(pk))
        )
    except (Initiative.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_enter(user, initiative):
        raise Http404
    return initiative


def visible_decisions(user):
    """Decisions issued within the user's scope, or recognizing an initiative the user may see."""
    paths = scope_paths(user, Cap.VIEW)
    if paths is None:
        return RecognitionDecision.objects.all()
    if not paths:
        return RecognitionDecision.objects.none()
    condition = subtree_q(paths, "issuer__path") | subtree_q(paths, "items__initiative__unit__path")
    ids = RecognitionDecision.objects.filter(condition).values("pk")
    return RecognitionDecision.objects.filter(pk__in=ids)


def get_decision_for_user(user, pk) -> RecognitionDecision:
    try:
        return visible_decisions(user).select_related("issuer__level", "created_by").get(pk=int(pk))
    except (RecognitionDecision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_evidence_for_user(user, pk) -> Evidence:
    try:
        evidence = Evidence.objects.select_related("initiative__unit").get(pk=int(pk))
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not path_in_scope(evidence.initiative.unit.path, scope_paths(user, Cap.VIEW)):
        raise Http404
    return evidence


def get_public_initiative(pk) -> Initiative:
    try:
        return (
            Initiative.objects.public()
            .select_related("unit__parent", "field")
            .defer("contact", "internal_note", "search_text")
            .get(pk=int(pk))
        )
    except (Initiative.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_public_photo(pk) -> Evidence:
    """A photo anyone may see: marked public, an image, of a public initiative."""
    try:
        evidence = Evidence.objects.select_related("initiative").get(pk=int(pk), is_public=True)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not evidence.is_image or not evidence.initiative.is_public:
        raise Http404
    return evidence
