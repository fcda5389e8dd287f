from webkit import menu


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"menu_items": menu.items_for(user), "menu_groups": menu.groups_for(user)}
