import functools

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from api import errors, views
from api.main import api

app_name = "api"


def _json_not_allowed(view):
    """ninja answers a wrong method with a plain-text 405; answer in the API's error format,
    keeping the Allow header."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            answer = JsonResponse(errors.body(405), status=405)
            answer["Allow"] = response.get("Allow", "")
            return answer
        return response

    return wrapper


def _wrapped(urls):
    patterns, app, namespace = urls
    for pattern in patterns:
        pattern.callback = _json_not_allowed(pattern.callback)
    return patterns, app, namespace


@csrf_exempt  # it changes nothing; a POST to a wrong address must get the JSON 404, not the CSRF page
def not_found(request, *args, **kwargs):
    """Any address under /api/ that names no endpoint: the JSON 404, not an HTML page."""
    return JsonResponse(errors.body(404), status=404)


urlpatterns = [
    path("v1/", _wrapped(api.urls)),
    path("khoa/", views.token_page, name="tokens"),
    path("khoa/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
    # Last: everything else under /api/ (except the HTML key pages, which keep their slash redirect).
    re_path(r"^(?!khoa(?:/|$)).*$", not_found, name="not_found"),
]
