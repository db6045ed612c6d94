"""Links to pages the public cannot see are not rendered as links.

A draft, expired, not-yet-live or login-restricted page is a 404 or a login screen to the
public, so a public page must not link to it: rich text page links render their text with no
href (home/rich_text.py), home page cards whose page is not public are left out
(HomePage.get_context) and a breadcrumb ancestor that is not public shows as text and is left
out of the BreadcrumbList JSON-LD (education/models/base.py). Each costs a fixed number of
queries, however many links there are.
"""

import datetime
import json
import re
from html import unescape

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import expand_db_html

from education.models import ModalityPage
from tests.education import factories

pytestmark = pytest.mark.django_db
JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
HIDDEN = ("draft", "expired", "future", "restricted")


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def make_targets(index):
    """One public routine and one of each kind the public cannot see, by name."""
    hour = datetime.timedelta(hours=1)
    pages = {
        name: factories.routine(index, f"The {name}", slug=f"the-{name}")
        for name in ("public", *HIDDEN)
    }
    pages["draft"].unpublish()
    # Live but outside their window, as between the clock passing and publish_scheduled.
    Page.objects.filter(pk=pages["expired"].pk).update(expire_at=timezone.now() - hour)
    Page.objects.filter(pk=pages["future"].pk).update(go_live_at=timezone.now() + hour)
    PageViewRestriction.objects.create(
        page=pages["restricted"], restriction_type=PageViewRestriction.LOGIN
    )
    return pages


@pytest.fixture
def sections(home_page):
    return factories.sections(home_page)


@pytest.fixture
def targets(sections):
    return make_targets(sections["routines"])


def page_link(page, text=None):
    return f'<a linktype="page" id="{page.pk}">{text or page.title}</a>'


def links_paragraph(pages):
    return "<p>See " + ", ".join(page_link(page) for page in pages) + ".</p>"


def assert_links_only_public(html, targets):
    assert '<a href="/self-care/the-public/">The public</a>' in html
    for name in HIDDEN:
        assert f"/self-care/the-{name}/" not in html
        # The text stays, in an <a> with no href (as Wagtail renders a deleted page's link).
        assert f"<a>The {name}</a>" in html


def test_rich_text_block_links_only_to_public_pages(client, sections, targets):
    paragraph = links_paragraph(targets.values())
    guide = factories.guide(sections["guides"], body=[{"type": "paragraph", "value": paragraph}])

    assert_links_only_public(get(client, guide.url), targets)


def test_richtext_filter_links_only_to_public_pages(client, sections, targets):
    modality = factories.modality(
        sections["modalities"], what_it_is=links_paragraph(targets.values())
    )

    assert_links_only_public(get(client, modality.url), targets)


def test_a_deleted_or_malformed_target_links_nowhere(targets):
    html = expand_db_html(
        '<p><a linktype="page" id="999999">Gone</a> <a linktype="page" id="x1">Odd</a></p>'
    )
    assert html == "<p><a>Gone</a> <a>Odd</a></p>"


def test_many_links_cost_one_query(targets, django_assert_num_queries):
    paragraph = links_paragraph(list(targets.values()) * 10)
    expand_db_html(paragraph)  # warm the cached site root paths that URLs are made from
    with django_assert_num_queries(1):
        html = expand_db_html(paragraph)
    assert html.count('<a href="/self-care/the-public/">') == 10
    assert html.count("<a>The draft</a>") == 10


# A paragraph of links reads as one long sentence: a reviewer's override lets it go live.
LINK_LIST_OVERRIDE = {
    "reading_grade_override": True,
    "reading_grade_override_reason": "A list of links, not sentences.",
}


def test_a_guide_with_many_links_costs_what_one_with_one_link_costs(
    client, sections, targets, django_assert_max_num_queries
):
    def count(paragraph, slug):
        body = [{"type": "paragraph", "value": paragraph}]
        guide = factories.guide(
            sections["guides"], f"Guide {slug}", slug=slug, body=body, **LINK_LIST_OVERRIDE
        )
        client.get(guide.url)  # warm per-process caches
        with django_assert_max_num_queries(40) as captured:
            assert client.get(guide.url).status_code == 200
        return len(captured)

    one = count(links_paragraph([targets["public"]]), "one")
    many = count(links_paragraph(list(targets.values()) * 5), "many")
    assert one == many


def test_the_editor_still_shows_links_to_pages_the_public_cannot_see(
    admin_client, sections, targets
):
    guide = factories.guide(
        sections["guides"], body=[{"type": "paragraph", "value": links_paragraph(targets.values())}]
    )
    html = get(admin_client, f"/admin/pages/{guide.pk}/edit/")
    # Draftail's entity data (JSON in an attribute) keeps each link's page id and URL.
    entities = unescape(html).replace('\\"', '"')
    for name, page in targets.items():
        assert f'"id": {page.pk},' in entities
        assert f'"url": "/self-care/the-{name}/"' in entities


# Home page cards -----------------------------------------------------------------------------


def card(title, page=None, url=""):
    return (
        "entry_point",
        {"title": title, "summary": "A card.", "page": page, "url": url, "link_text": "Go"},
    )


def publish_cards(home_page, cards):
    home_page.entry_points = cards
    home_page.save_revision().publish()


def test_home_page_leaves_out_cards_whose_page_is_not_public(client, home_page, targets):
    cards = [card(f"Card {name}", page=page) for name, page in targets.items()]
    publish_cards(home_page, [*cards, card("Card path", url="/find-a-therapist/")])

    html = get(client, "/")

    assert "Card public" in html and 'href="/self-care/the-public/"' in html
    assert 'href="/find-a-therapist/"' in html
    for name in HIDDEN:
        assert f"Card {name}" not in html
        assert f"/self-care/the-{name}/" not in html


def test_home_page_cards_cost_one_query_for_all(
    client, home_page, targets, django_assert_max_num_queries
):
    def count(cards):
        publish_cards(home_page, cards)
        client.get("/")
        with django_assert_max_num_queries(30) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    one = count([card("Only", page=targets["public"])])
    six = count(
        [card("Public", page=targets["public"])]
        + [card(f"Card {name}", page=targets[name]) for name in HIDDEN]
        + [card("Path", url="/guides/")]
    )
    assert one == six


# Breadcrumbs ---------------------------------------------------------------------------------


def breadcrumb_jsonld(html):
    items = [json.loads(item) for item in JSONLD_RE.findall(html)]
    return next(item for item in items if item["@type"] == "BreadcrumbList")


def test_breadcrumbs_do_not_link_to_an_unpublished_section(client, sections):
    modality = factories.modality(sections["modalities"])
    sections["modalities"].unpublish()

    html = get(client, modality.url)

    nav = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert 'href="/modalities/"' not in nav
    assert "<span>Types of massage</span>" in nav
    assert 'href="/"' in nav
    items = breadcrumb_jsonld(html)["itemListElement"]
    assert [item["name"] for item in items] == ["Home", "Swedish massage"]
    assert [item["position"] for item in items] == [1, 2]
    assert not any(item["item"].endswith("/modalities/") for item in items)


def test_breadcrumbs_do_not_link_to_an_expired_section(client, sections):
    modality = factories.modality(sections["modalities"])
    past = timezone.now() - datetime.timedelta(hours=1)
    Page.objects.filter(pk=sections["modalities"].pk).update(expire_at=past)

    html = get(client, modality.url)

    assert 'href="/modalities/"' not in html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    names = [item["name"] for item in breadcrumb_jsonld(html)["itemListElement"]]
    assert names == ["Home", "Swedish massage"]


def test_breadcrumbs_link_public_sections_at_no_extra_query(
    client, sections, django_assert_max_num_queries
):
    modality = factories.modality(sections["modalities"])

    def count():
        client.get(modality.url)
        with django_assert_max_num_queries(20) as captured:
            html = get(client, modality.url)
        return len(captured), html

    public_count, html = count()
    assert '<a href="/modalities/">Types of massage</a>' in html
    names = [item["name"] for item in breadcrumb_jsonld(html)["itemListElement"]]
    assert names == ["Home", "Types of massage", "Swedish massage"]

    sections["modalities"].unpublish()
    hidden_count, _html = count()
    assert hidden_count == public_count
    assert ModalityPage.objects.get(pk=modality.pk).live
