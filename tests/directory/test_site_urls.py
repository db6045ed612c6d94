"""Profile pages name themselves on the default Site's root (home.site_urls), not on whatever
host the request came in on: the canonical link and every URL in the JSON-LD, as in the feed."""

import json
import re

import pytest
from django.core.cache import cache
from wagtail.models import Site

from .factories import ClinicFactory, listed_therapist, location_at

pytestmark = pytest.mark.django_db

ROOT = "https://listings.example.org"


@pytest.fixture
def site_root(home_page):
    Site.objects.filter(is_default_site=True).update(hostname="listings.example.org", port=443)
    cache.clear()  # the site cache (home/site_cache.py)


def canonical(html):
    return html.split('<link rel="canonical" href="', 1)[1].split('"', 1)[0]


def graph_urls(html):
    """Every "url" and "@id" in the page's @graph block."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    graph = next(g for g in map(json.loads, blocks) if "@graph" in g)["@graph"]
    return [node[key] for node in graph for key in ("url", "@id") if key in node]


def test_a_therapist_profile_names_itself_on_the_site_root(client, site_root):
    place = location_at(25.76168, -80.19179, clinic=ClinicFactory())
    therapist = listed_therapist(locations=[place])
    html = client.get(therapist.get_absolute_url(), HTTP_HOST="testserver").content.decode()
    assert canonical(html) == f"{ROOT}/find-a-therapist/{therapist.slug}/"
    urls = graph_urls(html)
    assert len(urls) == 4  # the person and the place, each with url and @id
    assert all(url.startswith(f"{ROOT}/") for url in urls)


def test_a_clinic_page_names_itself_on_the_site_root(client, site_root):
    clinic = ClinicFactory(slug="harbor")
    listed_therapist(locations=[location_at(25.76168, -80.19179, clinic=clinic)])
    html = client.get("/clinics/harbor/", HTTP_HOST="testserver").content.decode()
    assert canonical(html) == f"{ROOT}/clinics/harbor/"
    assert all(url.startswith(f"{ROOT}/") for url in graph_urls(html))
