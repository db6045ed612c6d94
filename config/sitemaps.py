"""Sections of sitemap.xml. Each lists only what the public may see."""

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from directory.sitemaps import ClinicSitemap, TherapistSitemap
from home.visibility import public_pages


class PageSitemap(WagtailSitemap):
    """Wagtail's page sitemap (`.live().public()`: live, no view restriction) narrowed to the
    whole public-page rule, so a page outside its go-live/expiry window is left out too."""

    def items(self):
        return public_pages(super().items())


SITEMAPS = {
    "pages": PageSitemap,
    "therapists": TherapistSitemap,
    "clinics": ClinicSitemap,
}
