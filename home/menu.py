"""The main menu, cached: it is on every page and changes only when the page tree does."""

from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Site

CACHE_KEY = "fascia:main-menu:{site_id}"


def menu_items(site):
    """[{title, url, path}] for the site's top-level live, public, in-menu pages, then the
    directory. `path` is the tree path (None for non-page links), used to mark the current one."""
    key = CACHE_KEY.format(site_id=site.pk)
    items = cache.get(key)
    if items is None:
        items = _build(site)
        # Signals clear it at once on a shared cache (Redis); the timeout bounds staleness when
        # each process has its own local-memory cache.
        cache.set(key, items, timeout=300)
    return items


def _build(site):
    children = site.root_page.get_children().live().public().in_menu()
    items = [
        {"title": page.title, "url": page.get_url(), "path": page.path}
        for page in children.only("title", "url_path", "path")
    ]
    items.append({"title": "Find a therapist", "url": reverse("directory:search"), "path": None})
    return items


def clear():
    """Forget every site's menu; home/signals.py calls it when the page tree changes."""
    cache.delete_many(
        [CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)]
    )
