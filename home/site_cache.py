"""The request's Site and its SiteSettings, from the cache.

Every public page shows the organisation's name, address and JSON-LD (SiteSettings), so every
page looked up its Site and then the settings: two queries and about 3 ms of ORM work, for rows
that change only when an admin edits a site or the settings. Here both come from the cache (the
shared one when Redis is configured), and receivers drop them when a Site, a site's root page or
the settings change.

The site is chosen by Wagtail's own rules (`Site.find_for_request`, which queries
`get_site_for_hostname`), applied to the cached list of sites instead of in SQL; both answers
are put on the request where Wagtail looks for them (`request._wagtail_site` and
`SiteSettings.for_request`'s attribute), so Wagtail's code, the template tags and ours share them.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)
from wagtail.signals import post_page_move

from home.models import SiteSettings

SITES_KEY = "fascia:sites"
SETTINGS_KEY = "fascia:site-settings:{site_id}"
# Receivers clear both at once on a shared cache (Redis); this bounds staleness when each
# process has its own local-memory cache.
TIMEOUT = 300


def sites():
    """Every Site with its root page, cached."""
    cached = cache.get(SITES_KEY)
    if cached is None:
        cached = list(Site.objects.select_related("root_page"))
        cache.set(SITES_KEY, cached, TIMEOUT)
    return cached


def match(candidates, hostname, port):
    """The site Wagtail's get_site_for_hostname(hostname, port) picks from candidates, or None:
    the exact hostname and port, else that hostname if it is the default site, else the one
    site with that hostname if there is only one, else the default site."""
    ranked = sorted(
        ((rank, site) for site in candidates if (rank := _rank(site, hostname, port)) is not None),
        key=lambda pair: pair[0],
    )
    if not ranked:
        return None
    best = ranked[0][0]
    if len(ranked) == 1 or best in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return ranked[0][1]
    if best == MATCH_DEFAULT:
        # The default plus exactly one hostname match: that one; otherwise the default.
        return ranked[len(ranked) == 2][1]
    return None  # several sites with this hostname on other ports, and no default


def _rank(site, hostname, port):
    # The CASE of get_site_for_hostname, in the same order.
    if site.hostname == hostname and site.port == port:
        return MATCH_HOSTNAME_PORT
    if site.hostname == hostname and site.is_default_site:
        return MATCH_HOSTNAME_DEFAULT
    if site.is_default_site:
        return MATCH_DEFAULT
    if site.hostname == hostname:
        return MATCH_HOSTNAME
    return None


def _port(request):
    try:
        return int(request.get_port())
    except ValueError:  # a forwarded port that is no number matches no site's port
        return None


def site_for_request(request):
    """Site.find_for_request(request), from the cache (and remembered on the request)."""
    if not hasattr(request, "_wagtail_site"):
        # As Wagtail does: the raw host, so that ALLOWED_HOSTS is not checked here.
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = match(sites(), hostname, _port(request))
    return request._wagtail_site


def settings_for_site(site):
    """SiteSettings.for_site(site), from the cache (created on first use, as Wagtail does)."""
    key = SETTINGS_KEY.format(site_id=site.pk)
    settings = cache.get(key)
    if settings is None:
        settings = SiteSettings.for_site(site)
        cache.set(key, settings, TIMEOUT)
    return settings


def settings_for_request(request):
    """SiteSettings.for_request(request), from the cache; None when no site answers."""
    attribute = SiteSettings.get_cache_attr_name()
    if not hasattr(request, attribute):
        site = site_for_request(request)
        if site is None:
            return None
        settings = settings_for_site(site)
        settings._request = request  # as for_request does, for the settings' page URLs
        setattr(request, attribute, settings)
    return getattr(request, attribute)


def clear(*site_ids):
    """Forget the sites and every site's settings (site_ids: sites that may be gone already),
    now and again once the transaction that changed them commits, so that a request which read
    the old rows meanwhile cannot keep them."""
    _clear(site_ids)
    transaction.on_commit(lambda: _clear(site_ids))


def _clear(site_ids):
    ids = {*site_ids, *(site.pk for site in cache.get(SITES_KEY) or [])}
    ids.update(Site.objects.values_list("pk", flat=True))
    cache.delete_many([SITES_KEY, *(SETTINGS_KEY.format(site_id=pk) for pk in ids)])


def on_site_change(sender, instance, **kwargs):
    clear(instance.pk)


def on_settings_change(sender, instance, **kwargs):
    clear(instance.site_id)


def on_logo_delete(sender, instance, **kwargs):
    # Deleting an image sets SiteSettings.logo to NULL in SQL, without a save signal.
    clear()


def on_page_save(sender, instance, **kwargs):
    # The cached sites hold their root pages: only a change to one of those matters.
    if isinstance(instance, Page) and any(
        site.root_page_id == instance.pk for site in cache.get(SITES_KEY) or []
    ):
        clear()


def on_page_move(sender, **kwargs):
    clear()  # a moved site root (or its section) changes the tree path the site starts at


def connect():
    for signal, event in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(on_site_change, sender=Site, dispatch_uid=f"home-site-cache-site-{event}")
        signal.connect(
            on_settings_change,
            sender=SiteSettings,
            dispatch_uid=f"home-site-cache-settings-{event}",
        )
    post_delete.connect(
        on_logo_delete, sender=get_image_model(), dispatch_uid="home-site-cache-logo"
    )
    # Page saves arrive with the specific class as sender, so this one listens to every sender.
    post_save.connect(on_page_save, dispatch_uid="home-site-cache-root-page")
    post_page_move.connect(on_page_move, dispatch_uid="home-site-cache-move")
