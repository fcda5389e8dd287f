"""The standard categories of dialogues: the kind ("Hình thức đối thoại": định kỳ / đột xuất) and
who chaired it. The existing one-category combinations DIALOGUE_KIND and DIALOGUE_HOST are linked
to them (their options and data stay as they are), and DIALOGUE_KIND_HOST crosses both for a form
that asks the two splits at once. Literal codes: a migration must not change with the code."""

from django.db import migrations

CATEGORIES = {
    "DIALOGUE_KIND": ("Hình thức đối thoại", [("PERIODIC", "Định kỳ"), ("AD_HOC", "Đột xuất")]),
    "DIALOGUE_HOST": (
        "Chủ trì đối thoại",
        [("PARTY", "Cấp ủy chủ trì"), ("GOVERNMENT", "Chính quyền chủ trì")],
    ),
}
# combo code: (name, categories in order)
COMBOS = {
    "DIALOGUE_KIND": ("Hình thức đối thoại", ["DIALOGUE_KIND"]),
    "DIALOGUE_HOST": ("Chủ trì đối thoại", ["DIALOGUE_HOST"]),
    "DIALOGUE_KIND_HOST": ("Hình thức đối thoại và chủ trì", ["DIALOGUE_KIND", "DIALOGUE_HOST"]),
}
NEW_COMBOS = ["DIALOGUE_KIND_HOST"]


def load(apps, schema_editor):
    import itertools

    Category = apps.get_model("stats", "Category")
    Item = apps.get_model("stats", "CategoryItem")
    Combo = apps.get_model("stats", "CategoryCombo")
    ComboCategory = apps.get_model("stats", "ComboCategory")
    Option = apps.get_model("stats", "CategoryOption")

    items = {}
    for code, (name, entries) in CATEGORIES.items():
        category, _ = Category.objects.update_or_create(code=code, defaults={"name": name})
        items[code] = []
        for order, (icode, iname) in enumerate(entries, start=1):
            item, _ = Item.objects.update_or_create(
                category=category, code=icode, defaults={"name": iname, "sort_order": order}
            )
            items[code].append(item)
    for code, (name, categories) in COMBOS.items():
        combo = Combo.objects.filter(code=code).first()
        if combo is None:
            combo = Combo.objects.create(code=code, name=name)
        for order, ccode in enumerate(categories, start=1):
            ComboCategory.objects.update_or_create(
                combo=combo, category=Category.objects.get(code=ccode), defaults={"sort_order": order}
            )
        for order, crossed in enumerate(itertools.product(*(items[c] for c in categories)), start=1):
            ocode = "_".join(i.code for i in crossed)
            option = Option.objects.filter(combo=combo, code=ocode).first()
            if option is None:  # an existing option keeps its name, order and data
                option = Option.objects.create(
                    combo=combo, code=ocode, name=", ".join(i.name for i in crossed), sort_order=order
                )
            option.items.set(crossed)


def unload(apps, schema_editor):
    # Raw deletes in dependency order: a cascade through the options' items would be collected
    # against model states the historical apps render separately.
    alias = schema_editor.connection.alias
    Option = apps.get_model("stats", "CategoryOption")
    Option.items.through.objects.filter(categoryitem__category__code__in=list(CATEGORIES)).delete()
    apps.get_model("stats", "ComboCategory").objects.filter(category__code__in=list(CATEGORIES)).delete()
    new = Option.objects.filter(combo__code__in=NEW_COMBOS, combo__elements__isnull=True)
    apps.get_model("stats", "Rollup").objects.filter(option_id__in=list(new.values_list("pk", flat=True))).delete()
    new._raw_delete(alias)
    apps.get_model("stats", "CategoryCombo").objects.filter(code__in=NEW_COMBOS, elements__isnull=True).delete()
    apps.get_model("stats", "CategoryItem").objects.filter(category__code__in=list(CATEGORIES))._raw_delete(alias)
    apps.get_model("stats", "Category").objects.filter(code__in=list(CATEGORIES)).delete()


class Migration(migrations.Migration):
    dependencies = [("stats", "0013_category_cross_product")]
    operations = [migrations.RunPython(load, unload)]
