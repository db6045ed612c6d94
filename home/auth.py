"""Who is asking, and how often they have guessed wrong.

django-axes counts failed logins on the shared cache (see AXES_* in config/settings/base.py and
docs/security.md). This module gives it what it cannot know by itself:

- `client_address`: the client's address, taken from X-Forwarded-For only as far as our own
  proxies wrote it (TRUSTED_PROXY_COUNT), with IPv6 counted per /64, the block one subscriber
  usually holds, so walking through a prefix's addresses does not reset the count.
- `PasswordFormGuard`: Wagtail's page- and document-password forms never call authenticate(),
  so axes never hears about them; this middleware reports their failures as failed logins of
  one pseudo-account per restriction and refuses a locked one before the form is checked.
"""

import ipaddress

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials, get_lockout_response
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views

IPV6_PREFIX = 64


def forwarded_address(request, trusted_proxies):
    """The address our outermost proxy saw the request come from.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    last `trusted_proxies` entries are ours and anything to their left is whatever the client
    sent (spoofable). With no trusted proxy, or fewer entries than proxies (a request that did
    not come through them), only the socket's address counts.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if trusted_proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < trusted_proxies:
        return remote
    return hops[-trusted_proxies]


def counted_address(address):
    """The address as axes counts it: IPv4 as is, IPv6 as its /64 network."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)


def client_address(request):
    """AXES_CLIENT_IP_CALLABLE."""
    return counted_address(forwarded_address(request, settings.FASCIA_TRUSTED_PROXY_COUNT))


# Wagtail's password views, and the pseudo-account each restriction's failures are counted on.
# A colon can never be part of a Django username, so no editor can share a restriction's count.
PASSWORD_VIEWS = {
    wagtail_views.authenticate_with_password: ("page_view_restriction_id", "page-restriction"),
    document_views.authenticate_with_password: ("restriction_id", "document-restriction"),
}


def restriction_account(view_func, view_kwargs):
    kwarg, prefix = PASSWORD_VIEWS[view_func]
    return f"{prefix}:{view_kwargs[kwarg]}"


class PasswordFormGuard:
    """Counts wrong passwords on Wagtail's page and document password forms as failed logins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or view_func not in PASSWORD_VIEWS:
            return None
        credentials = get_credentials(restriction_account(view_func, view_kwargs))
        if not AxesProxyHandler.is_allowed(request, credentials):
            # Still a failure, so the lock lasts while the guessing goes on (as axes does
            # for a locked login).
            self.failed(request, credentials)
            return get_lockout_response(request, None, credentials)
        response = view_func(request, *view_args, **view_kwargs)
        # The view redirects when the password was right and shows the form again when not.
        if response.status_code == 200:
            self.failed(request, credentials)
        return response

    def failed(self, request, credentials):
        # axes' handler counts it and flags the request once the limit is reached, and
        # AxesMiddleware then answers with the lockout page instead of the form.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
