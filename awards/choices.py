"""Which units and initiatives a user may pick on award forms; shared by the pages and the API."""

from django.db.models import Q

from accounts.access import has_cap_anywhere, scope_paths
from accounts.roles import Cap
from awards.models import AwardDecision
from orgunits.models import SEGMENT_WIDTH, OrgUnit, UnitType

UNIT_CHOICE_LIMIT = 1500


def unit_label(unit) -> str:
    return f"{'— ' * max(unit.depth - 1, 0)}{unit.name}"


def units_below(paths, levels: int, *, residential: bool = False):
    """Units of the given subtrees down to ``levels`` below each root (everywhere when None)."""
    units = OrgUnit.objects.all()
    if paths is None:
        units = units.filter(depth__lte=levels)
    elif not paths:
        return OrgUnit.objects.none()
    else:
        roots = dict(OrgUnit.objects.filter(path__in=paths).values_list("path", "depth"))
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path, depth__lte=roots.get(path, len(path) // 7 - 1) + levels)
        units = units.filter(condition)
    if not residential:
        units = units.exclude(unit_type=UnitType.RESIDENTIAL)
    return units.order_by("path")


def issuer_unit_set(user):
    """Every unit the user may name as the issuer on the decision form (unsliced, for validating
    a pick): units down to two levels below their review roles, and, since a proposal goes to a
    body above the proposer, the ancestors of the units they may propose for (the root excluded).
    A proposer unit is its own ancestor, so those units are in the set too."""
    proposer_roots = proposer_paths(user)
    if proposer_roots is None:
        ancestor_paths = set()
    else:
        ancestor_paths = {path[:i] for path in proposer_roots for i in range(SEGMENT_WIDTH, len(path), SEGMENT_WIDTH)}
    reviewed = units_below(scope_paths(user, Cap.REVIEW), 2).values("pk")
    proposed = units_below(proposer_roots, 2).values("pk")
    return OrgUnit.objects.filter(
        Q(pk__in=reviewed) | ((Q(pk__in=proposed) | Q(path__in=ancestor_paths)) & ~Q(depth=0))
    ).order_by("path")


def proposer_unit_set(user):
    """Every unit the user may name as the proposing unit (unsliced, for validating a pick)."""
    return units_below(proposer_paths(user), 2)


def issuer_units(user, *, proposing: bool):
    units = list(units_below(scope_paths(user, Cap.REVIEW), 2)[:UNIT_CHOICE_LIMIT])
    if proposing:
        # A proposal goes to a body above the proposer: offer the ancestors of the proposer's units.
        ancestors = set()
        for unit in proposer_units(user)[:50]:
            ancestors.update(unit.ancestor_paths())
        known = {u.path for u in units}
        units += list(OrgUnit.objects.filter(path__in=ancestors - known).exclude(depth=0))
        units.sort(key=lambda u: u.path)
    return units


def proposer_paths(user):
    enter, review = scope_paths(user, Cap.ENTER), scope_paths(user, Cap.REVIEW)
    if enter is None or review is None:
        return None
    return sorted(set(enter) | set(review))


def proposer_units(user):
    return list(units_below(proposer_paths(user), 2)[:UNIT_CHOICE_LIMIT])


def recipient_unit_set(user, decision: AwardDecision):
    """Units of the issuer's subtree that the user is responsible for, residential groups
    included (unsliced: what a recipient line accepts and its picker suggests)."""
    writer_paths = proposer_paths(user)
    units = units_below([decision.issuer.path], 3, residential=True)
    if writer_paths is not None:
        units = units.filter(
            Q(pk__in=OrgUnit.objects.within(writer_paths).values("pk"))
            | Q(pk=decision.issuer_id)
            | Q(pk=decision.proposed_by_id or 0)
        )
    return units


def recipient_unit_set_of(user, decision_pk: str):
    """The picker's set for the decision named in its scope ("award_recipient:<pk>"): none unless
    the user may change that decision (the same 404 rule as the recipients page)."""
    from django.http import Http404

    from awards.access import get_decision_for_user

    try:
        decision = get_decision_for_user(user, decision_pk, write=True)
    except Http404:
        return OrgUnit.objects.none()
    return recipient_unit_set(user, decision)


def recipient_unit_choices(user, decision: AwardDecision):
    """(id, label) of the recipient units, for matching the names of a pasted list."""
    units = recipient_unit_set(user, decision).only("pk", "name", "depth")
    return [(u.pk, unit_label(u)) for u in units[:UNIT_CHOICE_LIMIT]]


def initiative_choices(user, decision: AwardDecision):
    """Initiatives a recipient may be linked to: of the issuer's subtree, from the year of
    achievement and the year before, and visible to the user (the service's rule, see
    ``awards.services.may_link_initiative``)."""
    from initiatives.models import Initiative

    initiatives = (
        Initiative.objects.visible_to(user)
        .filter(unit__path__startswith=decision.issuer.path, year__in=[decision.year, decision.year - 1])
        .order_by("name")
        .values_list("pk", "name", "year")[:UNIT_CHOICE_LIMIT]
    )
    return [(pk, f"{name} ({year})") for pk, name, year in initiatives]


def may_create(user) -> bool:
    return has_cap_anywhere(user, Cap.REVIEW) or has_cap_anywhere(user, Cap.ENTER)


def candidate_unit_set_of(user, dossier_pk: str):
    """The candidate picker's set for the dossier in its scope ("dossier_candidate:<pk>"): the
    proposing unit's subtree, residential groups included; none unless the user may act on it."""
    from django.http import Http404

    from awards.access import get_dossier_for_user

    try:
        dossier = get_dossier_for_user(user, dossier_pk, write=True)
    except Http404:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=dossier.proposer.path).order_by("path")
