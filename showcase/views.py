"""The public showcase: no sign-in, recognized initiatives only, no private fields."""

from django.core.paginator import Paginator
from django.shortcuts import render

from initiatives.access import get_public_initiative, get_public_photo
from showcase import selectors
from showcase.forms import ShowcaseFilterForm
from webkit import uploads

PAGE_SIZE = 24


def showcase_list(request):
    form = ShowcaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.public_initiatives(data), PAGE_SIZE).get_page(request.GET.get("page"))
    photos = selectors.public_photos(page.object_list)
    for initiative in page.object_list:
        initiative.photos = photos.get(initiative.pk, [])
    return render(request, "showcase/list.html", {"form": form, "page": page})


def showcase_detail(request, pk):
    initiative = get_public_initiative(pk)
    context = {
        "initiative": initiative,
        "photos": selectors.public_photos([initiative]).get(initiative.pk, []),
        "decision_items": list(selectors.public_decisions(initiative)),
        "replications": initiative.replications.public().count(),
    }
    return render(request, "showcase/detail.html", context)


def photo(request, pk):
    evidence = get_public_photo(pk)
    return uploads.serve(evidence.file, filename=evidence.original_name, cache="public, max-age=3600")
