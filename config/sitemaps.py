"""Sections of sitemap.xml. Each lists only what the public may see."""

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from directory.sitemaps import ClinicSitemap, TherapistSitemap
from home.visibility import in_window_q


class PageSitemap(WagtailSitemap):
    """Wagtail's page sitemap (`.live().public()`: live, no view restriction) narrowed to the
    whole public-page rule: only the schedule half is missing, so a page outside its
    go-live/expiry window is left out too."""

    def items(self):
        return super().items().filter(in_window_q())


SITEMAPS = {
    "pages": PageSitemap,
    "therapists": TherapistSitemap,
    "clinics": ClinicSitemap,
}
