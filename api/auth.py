"""How the API knows who is calling: a personal token (``Authorization: Bearer <token>``) or the
browser session. Session requests must carry the CSRF token on unsafe methods, as pages do.
After authentication every request is counted against the caller's per-minute limit."""

from django.conf import settings
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from api import ratelimit
from api.errors import CsrfFailed, RateLimited
from api.services import token_authenticate


def _count(request, key: str) -> None:
    wait = ratelimit.hit(key)
    if wait is not None:
        raise RateLimited(wait)


class TokenAuth(HttpBearer):
    openapi_description = 'A personal API key, created on the "API keys" page or by POST /tokens.'

    def authenticate(self, request, token):
        found = token_authenticate(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found
        _count(request, f"token:{found.pk}")
        return found.user


class SessionCsrfAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods need the CSRF token (X-CSRFToken header)."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "The browser session of a signed-in user (unsafe methods need an X-CSRFToken header)."

    def _get_key(self, request):
        if "HTTP_AUTHORIZATION" in request.META:
            return None  # a client that sends a key is judged by the key alone
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise CsrfFailed
        return request.COOKIES.get(self.param_name) or "session"

    def authenticate(self, request, key):
        if key is None:
            return None
        _count(request, f"user:{request.user.pk}")
        return request.user


AUTH = [TokenAuth(), SessionCsrfAuth()]
