"""The menu shows each persona the entries its role can use, grouped so it fits on one line."""

import pytest

from webkit.menu import groups_for, items_for


def _urls(user):
    return {item["url_name"] for item in items_for(user)}


def test_anonymous_visitors_see_only_public_entries(db):
    from django.contrib.auth.models import AnonymousUser

    entries = items_for(AnonymousUser())
    assert entries, "the public showcase should be reachable"
    assert all(item["url_name"].startswith("showcase:") for item in entries)


@pytest.mark.parametrize(
    "persona, present, absent",
    [
        ("ward_clerk", {"orgunits:tree"}, {"accounts:user_list"}),
        ("district_reviewer", {"orgunits:tree"}, {"accounts:user_list"}),
        ("admin", {"orgunits:tree", "accounts:user_list"}, set()),
    ],
)
def test_entries_follow_the_role(persona, present, absent, personas):
    urls = _urls(personas[persona])
    assert present <= urls
    assert not absent & urls


def test_entries_of_one_capability_share_a_group(personas):
    groups = groups_for(personas["admin"])
    keys = [group["key"] for group in groups]
    assert len(keys) == len(set(keys))
    system = next(group for group in groups if group["key"] == "system")
    assert {"orgunits:tree", "accounts:user_list"} <= {item["url_name"] for item in system["items"]}
