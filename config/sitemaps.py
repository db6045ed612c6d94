"""Sections of sitemap.xml. Each lists only what the public may see."""

from wagtail.contrib.sitemaps import Sitemap

SITEMAPS = {
    "pages": Sitemap,
}
