import json
import re

import pytest
from defusedxml import ElementTree
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from home.models import HomePage, SiteSettings

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def add_page(parent, title, live=True):
    page = parent.add_child(instance=Page(title=title, slug=title.lower().replace(" ", "-")))
    if not live:
        page.unpublish()
    return page


def test_home_page_renders_with_landmarks(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert "<footer" in html
    assert "<h1>Feel better between sessions</h1>" in html


def test_home_page_shows_entry_points_and_organisation(client, home_page, site):
    home_page.entry_points = [
        (
            "entry_point",
            {"title": "Guides", "summary": "Plain guides.", "url": "/guides/", "link_text": "Read"},
        )
    ]
    home_page.save_revision().publish()
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Knot Relief"
    settings.phone = "+1 503 555 0100"
    settings.save()

    html = client.get("/").content.decode()

    assert 'href="/guides/"' in html
    assert "Knot Relief" in html
    assert 'href="tel:+15035550100"' in html


def test_admin_login_page_renders(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_unknown_page_is_a_friendly_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()
    assert 'href="/search/"' in response.content.decode()


def test_robots_txt_points_at_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_only_live_public_pages(client, home_page):
    add_page(home_page, "Open guide")
    add_page(home_page, "Draft guide", live=False)
    private = add_page(home_page, "Staff notes")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    ).groups.add(Group.objects.get_or_create(name="Staff")[0])
    add_page(private, "Under staff notes")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    assert locations == ["http://testserver/", "http://testserver/open-guide/"]


def test_healthz_answers_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_security_headers_on_public_pages(client, home_page):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
    assert "object-src 'none'" in policy
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_public_pages_carry_no_inline_script(client, home_page):
    html = client.get("/").content.decode()
    for chunk in html.split("<script")[1:]:
        opening = chunk.split(">", 1)[0]
        assert "src=" in opening or 'type="application/ld+json"' in opening


def test_organisation_json_ld_cannot_be_broken_out_of(client, home_page, site):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = 'Evil </script><script>alert("x")</script> & Co'
    settings.save()

    html = client.get("/").content.decode()

    assert "</script><script>alert" not in html
    assert "\\u003c/script\\u003e" in html


def test_home_page_allows_one_per_parent(home_page):
    assert not HomePage.can_create_at(home_page.get_parent())


def test_organisation_json_ld_has_the_site_details_and_leaves_out_empty_ones(
    client, home_page, site
):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Knot Relief"
    settings.legal_name = "Knot Relief LLC"
    settings.email = "hello@knot.example"
    settings.street_address = "1 Main St"
    settings.locality = "Portland"
    settings.social_profiles = [
        ("profile", {"network": "instagram", "url": "https://instagram.example/knot"})
    ]
    settings.save()

    html = client.get("/").content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    organization = next(
        data for data in map(json.loads, scripts) if data["@type"] == "Organization"
    )

    assert organization == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Knot Relief",
        "url": "http://testserver/",
        "legalName": "Knot Relief LLC",
        "email": "hello@knot.example",
        "sameAs": ["https://instagram.example/knot"],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "1 Main St",
            "addressLocality": "Portland",
            "addressRegion": "",
            "postalCode": "",
            "addressCountry": "US",
        },
    }
