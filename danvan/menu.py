"""The main menu. Each app registers its entries in its AppConfig.ready(), so a capability that
lands later plugs into the menu without editing the base template."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


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
