"""The request's Site and its SiteSettings come from the cache (home/site_cache.py): the same
site Wagtail would pick, no queries for them once cached, and never stale after an edit."""

import os
import uuid

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site

from home import site_cache
from home.models import HomePage, SiteSettings

pytestmark = pytest.mark.django_db

HOSTNAMES = ["testserver", "clinic.test", "Clinic.test", "other.test"]
PORTS = [80, 443, 8000]


def page_for(client, host="testserver", **extra):
    response = client.get("/search/", HTTP_HOST=host, **extra)
    assert response.status_code == 200
    return response.content.decode()


def organisation(html):
    """The organisation name in the page's footer."""
    return html.split('<p class="site-footer__name">', 1)[1].split("</p>", 1)[0]


def site_queries(client, host="testserver"):
    with CaptureQueriesContext(connection) as queries:
        page_for(client, host)
    return [
        query["sql"]
        for query in queries.captured_queries
        if "wagtailcore_site" in query["sql"] or "home_sitesettings" in query["sql"]
    ]


def name_site(site, name):
    settings_row = SiteSettings.for_site(site)
    settings_row.organisation_name = name
    settings_row.save()
    return settings_row


@pytest.fixture
def clinic(home_page, settings):
    """A second site on its own host, with its own home page and settings."""
    settings.ALLOWED_HOSTS = ["testserver", "clinic.test", "clinic.example"]
    root = Page.get_first_root_node()
    clinic_home = root.add_child(instance=HomePage(title="Clinic home", slug="clinic-home"))
    site = Site.objects.create(hostname="clinic.test", port=80, root_page=clinic_home)
    name_site(site, "Clinic Co")
    return site


site_specs = st.lists(
    st.tuples(st.sampled_from(HOSTNAMES), st.sampled_from(PORTS), st.booleans()),
    min_size=1,
    max_size=5,
    unique_by=lambda spec: spec[:2],
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    specs=site_specs,
    hostname=st.sampled_from([*HOSTNAMES, "unknown.test"]),
    port=st.sampled_from([*PORTS, 8443]),
)
def test_the_cached_site_is_the_one_wagtail_picks(rf, home_page, specs, hostname, port):
    with transaction.atomic():
        Site.objects.all().delete()
        defaults = 0
        for host, site_port, default in specs:
            default = default and defaults == 0  # Wagtail allows one default site
            defaults += default
            Site.objects.create(
                hostname=host, port=site_port, root_page=home_page, is_default_site=default
            )
        cache.clear()
        request = rf.get("/", HTTP_HOST=hostname, SERVER_PORT=str(port))
        expected = Site._find_for_request(request)

        chosen = site_cache.site_for_request(request)

        assert (chosen.pk if chosen else None) == (expected.pk if expected else None)
        transaction.set_rollback(True)


def test_pages_read_the_site_and_its_settings_from_the_cache(client, site):
    name_site(site, "Knot Relief")
    page_for(client)  # fills the cache

    assert site_queries(client) == []
    assert organisation(page_for(client)) == "Knot Relief"


def test_each_host_gets_its_own_site_and_settings(client, site, clinic):
    name_site(site, "Knot Relief")

    assert organisation(page_for(client, "clinic.test")) == "Clinic Co"
    assert organisation(page_for(client, "testserver")) == "Knot Relief"
    assert site_queries(client, "clinic.test") == []


def test_edited_settings_show_at_once(client, site):
    settings_row = name_site(site, "Knot Relief")
    page_for(client)

    settings_row.organisation_name = "Loose Ends"
    settings_row.phone = "+1 503 555 0100"
    settings_row.save()

    html = page_for(client)
    assert organisation(html) == "Loose Ends"
    assert 'href="tel:+15035550100"' in html


def test_a_site_given_another_hostname_stops_answering_for_the_old_one(client, site, clinic):
    assert organisation(page_for(client, "clinic.test")) == "Clinic Co"

    clinic.hostname = "clinic.example"
    clinic.save()

    assert organisation(page_for(client, "clinic.test")) == "Fascia"  # the default site's
    assert organisation(page_for(client, "clinic.example")) == "Clinic Co"


def test_a_deleted_site_is_forgotten(client, site, clinic):
    page_for(client, "clinic.test")

    clinic.delete()

    assert organisation(page_for(client, "clinic.test")) == "Fascia"


def test_a_deleted_logo_leaves_the_pages_working(client, site, media_root):
    logo = Image.objects.create(title="Logo", file=get_test_image_file())
    settings_row = name_site(site, "Knot Relief")
    settings_row.logo = logo
    settings_row.save()
    assert '"logo":' in page_for(client)

    logo.delete()  # sets SiteSettings.logo to NULL in SQL, with no save signal

    html = page_for(client)
    assert organisation(html) == "Knot Relief"
    assert '"logo":' not in html


def test_a_renamed_site_root_is_not_served_stale(rf, site, home_page):
    request = rf.get("/", HTTP_HOST="testserver")
    assert site_cache.site_for_request(request).root_page.title == "Home"

    home_page.title = "Welcome"
    home_page.save()

    request = rf.get("/", HTTP_HOST="testserver")
    assert site_cache.site_for_request(request).root_page.title == "Welcome"


def test_a_page_read_during_the_edit_does_not_keep_the_old_settings(
    client, site, django_capture_on_commit_callbacks
):
    settings_row = name_site(site, "Knot Relief")
    page_for(client)
    key = site_cache.SETTINGS_KEY.format(site_id=site.pk)
    stale = cache.get(key)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        settings_row.organisation_name = "Loose Ends"
        settings_row.save()
        # Another request, before the commit, reads the old row and caches it again.
        cache.set(key, stale)

    assert organisation(page_for(client)) == "Loose Ends"


def test_a_forwarded_port_that_is_no_number_is_not_an_error(client, site, settings):
    settings.USE_X_FORWARDED_PORT = True
    name_site(site, "Knot Relief")

    html = page_for(client, HTTP_X_FORWARDED_PORT="eighty")

    assert organisation(html) == "Knot Relief"  # the default site


@pytest.fixture
def redis_cache(settings):
    """The default cache on Redis (database 6, a run-unique prefix), as production has it, and
    a second client on the same database, as another app server has."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/6"
    params = {"KEY_PREFIX": f"fascia-test-{uuid.uuid4().hex}"}
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        | params
    }
    other_server = RedisCache(url, params)
    yield other_server
    client = other_server._cache.get_client()
    keys = list(client.scan_iter(f"{params['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)


@pytest.mark.redis
def test_on_redis_an_edit_clears_the_settings_every_app_server_reads(client, site, redis_cache):
    settings_row = name_site(site, "Knot Relief")
    page_for(client)
    key = site_cache.SETTINGS_KEY.format(site_id=site.pk)
    assert redis_cache.get(key).organisation_name == "Knot Relief"

    settings_row.organisation_name = "Loose Ends"
    settings_row.save()

    assert redis_cache.get(key) is None
    assert redis_cache.get(site_cache.SITES_KEY) is None
    assert organisation(page_for(client)) == "Loose Ends"
