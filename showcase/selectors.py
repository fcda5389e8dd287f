"""Public reads: only recognized initiatives, only public fields, only photos marked public."""

from initiatives.models import IMAGE_TYPES, DecisionItem, Evidence, Initiative

PUBLIC_FIELDS = (
    "id",
    "name",
    "kind",
    "subject",
    "group_name",
    "person_name",
    "person_position",
    "year",
    "place",
    "goals",
    "content",
    "results_text",
    "funding_social",
    "workdays",
    "beneficiaries",
    "works_built",
    "origin",
    "status",
    "recognized_level",
    "field__name",
    "unit__name",
    "unit__parent__name",
)


def public_initiatives(data: dict | None = None):
    data = data or {}
    qs = Initiative.objects.public().select_related("field", "unit__parent")
    if data.get("q"):
        qs = qs.search(data["q"])
    if data.get("field"):
        qs = qs.filter(field=data["field"])
    if data.get("locality"):
        qs = qs.filter(unit__path__startswith=data["locality"].path)
    if data.get("level"):
        qs = qs.filter(recognized_level=data["level"])
    if data.get("year"):
        qs = qs.filter(year=data["year"])
    # Only what may be shown: the private columns are never read from the database.
    order = ("search_rank", "-year", "search_text", "pk") if data.get("q") else ("-year", "search_text", "pk")
    return qs.only(*[f for f in PUBLIC_FIELDS if f != "id"], "field", "unit").order_by(*order)


def public_photos(initiatives) -> dict[int, list[Evidence]]:
    photos: dict[int, list[Evidence]] = {}
    rows = Evidence.objects.filter(
        initiative__in=[i.pk for i in initiatives], is_public=True, file_type__in=list(IMAGE_TYPES)
    ).order_by("uploaded_at", "pk")
    for photo in rows:
        photos.setdefault(photo.initiative_id, []).append(photo)
    return photos


def public_decisions(initiative):
    return (
        DecisionItem.objects.filter(initiative=initiative).select_related("decision__issuer").order_by("decision__date")
    )
