"""Sections of sitemap.xml. Each lists only what the public may see."""

from wagtail.contrib.sitemaps import Sitemap

from directory.sitemaps import ClinicSitemap, TherapistSitemap

SITEMAPS = {
    "pages": Sitemap,
    "therapists": TherapistSitemap,
    "clinics": ClinicSitemap,
}
