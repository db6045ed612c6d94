"""The main menu, cached: it is on every page and changes only when the page tree does, or when
one of its pages reaches its go-live or expiry time.

The cache holds the site's top-level live, unrestricted, in-menu pages with their schedules, and
the time span in which the public part of them stays the same (from the last go-live or expiry
before it was built to the next one after). A read outside that span builds it again, so the
menu follows the public-page rule (home/visibility.py) to the second without a job running, and
the cache entry never outlives the next change either.
"""

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from home.visibility import in_window, unrestricted_q

CACHE_KEY = "fascia:main-menu:{site_id}"
# Signals clear the menu at once on a shared cache (Redis); this bounds staleness when each
# process has its own local-memory cache.
TIMEOUT = 300


def menu_items(site, now=None):
    """[{title, url, path}] for the site's top-level public, in-menu pages, then the directory.
    `path` is the tree path (None for non-page links), used to mark the current one."""
    now = now or timezone.now()
    key = CACHE_KEY.format(site_id=site.pk)
    cached = cache.get(key)
    if cached is None or not _holds(cached, now):
        cached = _build(site, now)
        cache.set(key, cached, timeout=_timeout(cached, now))
    return cached["items"]


def _holds(cached, now):
    since, until = cached["since"], cached["until"]
    return (since is None or since <= now) and (until is None or now < until)


def _timeout(cached, now):
    until = cached["until"]
    if until is None:
        return TIMEOUT
    return max(1, min(TIMEOUT, int((until - now).total_seconds()) + 1))


def _build(site, now):
    # One query: the schedule is applied here rather than in SQL, so the same rows say when
    # the menu next changes.
    children = (
        site.root_page.get_children()
        .live()
        .filter(unrestricted_q())
        .in_menu()
        .only("title", "url_path", "path", "go_live_at", "expire_at")
    )
    pages = list(children)
    items = [
        {"title": page.title, "url": page.get_url(), "path": page.path}
        for page in pages
        if in_window(page, now)
    ]
    items.append({"title": "Find a therapist", "url": reverse("directory:search"), "path": None})
    moments = [moment for page in pages for moment in (page.go_live_at, page.expire_at) if moment]
    return {
        "items": items,
        "since": max((moment for moment in moments if moment <= now), default=None),
        "until": min((moment for moment in moments if moment > now), default=None),
    }


def clear():
    """Forget every site's menu; home/signals.py calls it when what the public sees changes."""
    cache.delete_many(
        [CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)]
    )
