import pytest


@pytest.fixture
def people(personas):
    """The personas with an email address each (``name@example.org``)."""
    for name, user in personas.items():
        user.email = f"{name}@example.org"
        user.save(update_fields=["email"])
    return personas


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): …`` runs what the block left for after the commit (the events, the
    immediate emails) as a real commit would; the test's own transaction never commits."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def half_year_form(db):
    from stats.models import DataSet

    return DataSet.objects.get(code="BC_DV_6T")


def recipients(kind, **filters):
    """Usernames holding a notice of ``kind``."""
    from notifications.models import Notification

    return set(Notification.objects.filter(kind=kind, **filters).values_list("recipient__username", flat=True))
