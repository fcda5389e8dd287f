"""Who may see which API token: only its owner."""

from django.http import Http404

from api.models import ApiToken


def get_token_for_user(user, pk) -> ApiToken:
    if not user or not user.is_authenticated:
        raise Http404
    try:
        return ApiToken.objects.get(pk=int(pk), user=user)
    except (ApiToken.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
