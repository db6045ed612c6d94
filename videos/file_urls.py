"""Absolute URLs of stored files (renditions, captions, posters), for feeds and JSON-LD read
off-site."""

from django.conf import settings


def absolute_url(url, request=None):
    if not url or url.startswith(("http://", "https://", "//")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
