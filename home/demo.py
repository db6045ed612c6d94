"""Demo content for the home app: the site, its home page and its settings. Idempotent."""

from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.db import transaction
from wagtail.models import Page, Site

from home.models import HomePage, SiteSettings

HOME_FIELDS = {
    "title": "Home",
    "hero_heading": "Feel better between sessions",
    "hero_text": (
        "Short, safe self-care routines, plain explanations of massage types, "
        "and licensed therapists near you."
    ),
    "introduction": (
        "<p>Every guide here is checked by a licensed clinician and written so it is easy to read "
        "on a phone. Start with a routine for the area that hurts, learn what each kind of "
        "massage is good for, or find a licensed therapist.</p>"
    ),
}

ENTRY_POINTS = [
    (
        "Self-care routines",
        "Step-by-step routines you can do at home in 5 to 20 minutes.",
        "/self-care/",
    ),
    (
        "Types of massage",
        "What Swedish, deep tissue, sports and other massage are best for.",
        "/modalities/",
    ),
    ("Guides", "Getting ready for a session, insurance, and keeping the relief.", "/guides/"),
    ("Find a therapist", "Licensed therapists and clinics near you.", "/find-a-therapist/"),
]

SETTINGS_FIELDS = {
    "organisation_name": "Fascia Massage & Pain Care",
    "legal_name": "Fascia Health Cooperative, Inc.",
    "street_address": "210 Willow Street, Suite 3",
    "locality": "Portland",
    "region": "OR",
    "postal_code": "97204",
    "country": "US",
    "phone": "+1 503 555 0142",
    "email": "hello@fascia.example",
}


@transaction.atomic
def seed(log):
    home = _home_page(log)
    site = _default_site(home)
    settings = SiteSettings.for_site(site)
    for name, value in SETTINGS_FIELDS.items():
        setattr(settings, name, value)
    settings.save()
    return home


def _home_page(log):
    home = HomePage.objects.first()
    if home is None:
        # A flushed database (transactional tests) has lost the tree root the migrations made.
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        # Wagtail's first migration leaves a plain "Welcome" page at the top; replace it.
        for page in root.get_children().filter(content_type__model="page", slug="home"):
            page.delete()
        home = root.add_child(instance=HomePage(slug="home", **_home_values()))
        home.save_revision().publish()
        log(f"created home page {home.url_path}")
    # An existing home page is left as editors made it.
    return home


def _home_values():
    values = dict(HOME_FIELDS)
    values["entry_points"] = [
        (
            "entry_point",
            {"title": title, "summary": summary, "url": url, "link_text": "Explore"},
        )
        for title, summary, url in ENTRY_POINTS
    ]
    return values


def _default_site(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    # Full URLs (canonical links, sitemap, JSON-LD) should point where the demo is served.
    base = urlsplit(django_settings.WAGTAILADMIN_BASE_URL)
    site.hostname = base.hostname or "localhost"
    site.port = base.port or (443 if base.scheme == "https" else 80)
    site.site_name = "Fascia"
    site.root_page = home
    site.save()
    return site
