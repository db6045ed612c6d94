"""Absolute URLs of stored files (renditions, captions, posters), for feeds and JSON-LD read
off-site."""

from home import site_urls


def absolute_url(url, request=None):
    """`url` made absolute against the default Site's root URL (home/site_urls.py), never the
    request's host, so one response never mixes two hosts and a feed item built outside any
    request reads the same. `request` is accepted, and ignored, for existing callers."""
    return site_urls.absolute_url(url)
