"""Fixtures shared by the whole suite."""

import shutil

import pytest
from wagtail.models import Page, Site

from home.models import HomePage


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Every test writes uploads to its own temporary MEDIA_ROOT, removed afterwards."""
    path = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = str(path)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def clear_cache():
    """Tests share one local-memory cache; row ids repeat after rollbacks, so stale entries
    keyed by id would leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """A published HomePage as the default site's root, as seed_demo leaves it."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Fascia"
    )
    return home


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)
