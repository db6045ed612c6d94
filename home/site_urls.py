"""The one source of absolute URLs in the API, the feeds and the JSON-LD: the Site's root URL.

A page's own links come from its Site (Wagtail's `get_full_url`); everything else (therapist and
clinic profiles, video files, images, attachments) is made absolute against the default Site's
root URL here, never against the request's Host, so one response never mixes two hosts and a
materialised feed item (built outside any request) reads the same as a live answer.
"""

from django.conf import settings

from home import site_cache


def site_root_url():
    """The default Site's root URL ("https://example.org", no trailing slash); the admin base
    URL when no default site exists yet (a fresh database)."""
    for site in site_cache.sites():
        if site.is_default_site:
            return site.root_url.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(url):
    """`url` made absolute against the Site's root URL; absolute URLs and empty values pass."""
    if not url or url.startswith(("http://", "https://", "//")):
        return url
    if not url.startswith("/"):
        url = "/" + url
    return site_root_url() + url
