"""Language selection: Vietnamese unless the user picked English with the language switch."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseByDefaultLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language header.

    Officials often use browsers set to English; the system is Vietnamese for everyone, and only
    the EN/VI switch (which stores its choice in the language cookie) changes that. The JSON API
    is for programs, which say what they want: there Accept-Language is honoured as before."""

    def process_request(self, request):
        if request.path.startswith("/api/v1/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class HealthCheckMiddleware:
    """Answers ``/healthz`` before any other middleware runs: no session, no user, no locale, no
    HTTPS redirect (a load balancer probes over plain HTTP), only the database ping of the view.
    First in MIDDLEWARE, so a probe costs one query whatever the site's middleware does; with
    gunicorn's threaded workers (``gunicorn.conf.py``) it is not queued behind slow pages."""

    PATH = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") == self.PATH and request.method in ("GET", "HEAD"):
            from danvan import views

            return views.healthz(request)
        return self.get_response(request)
