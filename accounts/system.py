"""The named actor for changes no person makes: the unit loader, the demo, scheduled jobs.

Services require a ``by`` for every change so the history always says who; loaders pass
``system_actor()`` instead of leaving it empty."""

from functools import cache

SYSTEM_USERNAME = "he-thong"


@cache
def _system_pk() -> int:
    from accounts.models import User

    user, _ = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"full_name": "Hệ thống", "is_active": False, "password": "!"},  # "!" = no password works
    )
    return user.pk


def system_actor():
    """The system account (inactive: it can never sign in), created on first use."""
    from accounts.models import User

    # The username is checked too: after a rollback (tests) the cached pk may belong to another user.
    try:
        return User.objects.get(pk=_system_pk(), username=SYSTEM_USERNAME)
    except User.DoesNotExist:  # the database was flushed or rolled back since the pk was cached (tests)
        _system_pk.cache_clear()
        return User.objects.get(pk=_system_pk())


def is_system(user) -> bool:
    return getattr(user, "username", None) == SYSTEM_USERNAME
