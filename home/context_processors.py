"""Template context shared by every page."""

from wagtail.contrib.settings import context_processors as wagtail_settings

from home import site_cache
from home.models import SiteSettings


class SettingProxy(wagtail_settings.SettingProxy):
    """Wagtail's `{{ settings.app_label.ModelName }}`, with the site's SiteSettings from the
    cache: Wagtail's proxy asks SiteSettings.for_request(request), which returns what is
    already on the request, and site_cache puts the cached copy (and the request's Site) there
    first."""

    def __missing__(self, app_label):
        if app_label == SiteSettings._meta.app_label:
            site_cache.settings_for_request(self.request_or_site)
        return super().__missing__(app_label)


def settings(request):
    """In place of wagtail.contrib.settings.context_processors.settings."""
    return {"settings": SettingProxy(request)}
