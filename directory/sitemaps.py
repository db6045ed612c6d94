"""sitemap.xml sections for public therapist and clinic profiles (nothing else is listed)."""

from django.contrib.sitemaps import Sitemap

from directory.models import Clinic, Therapist


class TherapistSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Therapist.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, therapist):
        return therapist.updated_at


class ClinicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Clinic.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, clinic):
        return clinic.updated_at
