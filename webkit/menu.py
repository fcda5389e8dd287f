"""The main menu. Each app registers its entries in its AppConfig.ready(), so a capability that
lands later plugs into the menu without editing the base template."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str  # already marked for translation (gettext_lazy)
    url_name: str
    icon: str = "circle"
    order: int = 100
    # Called with the user; the item is shown only when it returns True.
    visible: Callable = field(default=lambda user: user.is_authenticated)
    public: bool = False


_ITEMS: list[MenuItem] = []


def register(item: MenuItem) -> None:
    if all(existing.url_name != item.url_name for existing in _ITEMS):
        _ITEMS.append(item)


# Menu groups, keyed by the URL namespace of the item, so the bar stays on one line at 1366 px
# however many capabilities register entries.
GROUPS = {
    "initiatives": ("registry", _("Registry"), "lightbulb", 100),
    "awards": ("registry", _("Registry"), "lightbulb", 100),
    "stats": ("stats", _("Statistics"), "bar-chart", 300),
    "dashboard": ("reports", _("Reports"), "file-earmark-text", 500),
    "reports": ("reports", _("Reports"), "file-earmark-text", 500),
    "orgunits": ("system", _("System"), "gear", 900),
    "accounts": ("system", _("System"), "gear", 900),
    "api": ("system", _("System"), "gear", 900),
    "admin": ("system", _("System"), "gear", 900),
}


def groups_for(user) -> list[dict]:
    """Entries grouped for the navigation bar: a group with one entry shows as a plain link."""
    groups: dict[str, dict] = {}
    for entry in items_for(user):
        namespace = entry["url_name"].split(":")[0]
        key, label, icon, order = GROUPS.get(namespace, (entry["url_name"], entry["label"], entry["icon"], 1000))
        group = groups.setdefault(key, {"key": key, "label": label, "icon": icon, "order": order, "items": []})
        group["items"].append(entry)
    return sorted(groups.values(), key=lambda g: g["order"])


def items_for(user) -> list[dict]:
    entries = []
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if not (item.public or item.visible(user)):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "icon": item.icon, "url_name": item.url_name})
    return entries
