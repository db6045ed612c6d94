"""The page a locked-out login or password form gets instead of the form (AXES_LOCKOUT_CALLABLE)."""

from axes.helpers import get_client_username, get_cool_off
from django.shortcuts import render
from django.utils import timezone

from home.auth import PASSWORD_VIEWS

RESTRICTION_PREFIXES = tuple(f"{prefix}:" for _kwarg, prefix in PASSWORD_VIEWS.values())


def lockout_response(request, original_response=None, credentials=None):
    """429 Too Many Requests with Retry-After and a page that says when and whom to ask.

    Every refused attempt renews the lock (axes' AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT),
    so the lock ends one cool-off after this request, which is what Retry-After says.
    """
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds())
    account = get_client_username(request, credentials) or ""
    context = {
        "retry_after_minutes": max(1, round(seconds / 60)),
        "retry_at": timezone.now() + cool_off,
        "password_form": account.startswith(RESTRICTION_PREFIXES),
    }
    # Rendered now: AxesMiddleware swaps it in after the view, too late for a TemplateResponse.
    response = render(request, "home/lockout.html", context, status=429)
    response["Retry-After"] = str(seconds)
    # Never cached: the next answer depends on the count, not on the URL.
    response["Cache-Control"] = "no-store"
    return response
