"""What each role may do. Capabilities are checked on a unit: a role held on a unit grants them
on the unit's whole subtree (and on the units that became it, through lineage)."""

from accounts.models import Role


class Cap:
    VIEW = "view"
    ENTER = "enter"  # create and edit own records and data
    SUBMIT = "submit"  # send own data or proposals upward
    REVIEW = "review"  # approve, return, recognize for the subtree
    ISSUE = "issue"  # issue reports in the unit's name
    MANAGE_USERS = "manage_users"
    MANAGE_UNITS = "manage_units"


ROLE_CAPS: dict[str, frozenset[str]] = {
    Role.CLERK: frozenset({Cap.VIEW, Cap.ENTER, Cap.SUBMIT}),
    Role.HEAD: frozenset({Cap.VIEW, Cap.ENTER, Cap.SUBMIT, Cap.ISSUE}),
    Role.REVIEWER: frozenset({Cap.VIEW, Cap.REVIEW}),
    Role.LEADER: frozenset({Cap.VIEW, Cap.REVIEW, Cap.ISSUE}),
    Role.ADMIN: frozenset({Cap.VIEW, Cap.MANAGE_USERS, Cap.MANAGE_UNITS}),
}


def roles_with(cap: str) -> list[str]:
    return [role for role, caps in ROLE_CAPS.items() if cap in caps]
