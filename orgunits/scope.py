"""The one vocabulary for "which part of the tree": a scope is a list of subtree-root paths
(``None`` = everywhere, ``[]`` = nowhere). Every filter by scope in the project is built here, so
"the subtrees of these units" means the same thing in the access layer, the counters and the
pages.

Pure functions on paths (no database): the models' querysets use them, and
``orgunits.selectors.subtree_roots`` turns units (optionally with their lineage) into a scope."""

from collections.abc import Iterable

from django.db.models import Q


def minimal_paths(paths: Iterable[str]) -> list[str]:
    """The sorted paths without those already covered by a shorter one (a unit inside another
    listed unit's subtree adds nothing to the scope, only to the size of the SQL)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        # Sorted order puts a prefix right before the paths it covers, so comparing with the
        # last kept root is enough.
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def subtree_q(paths: Iterable[str] | None, field: str = "unit__path") -> Q:
    """A Q for rows whose ``field`` (a unit path) lies in one of the subtrees rooted at ``paths``:
    ``Q()`` for None (everywhere), a Q matching nothing for an empty scope."""
    if paths is None:
        return Q()
    paths = list(paths)
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def in_subtrees(path: str, paths: Iterable[str] | None) -> bool:
    """Whether ``path`` lies in one of the subtrees (None = everywhere)."""
    return paths is None or any(path.startswith(p) for p in paths)
