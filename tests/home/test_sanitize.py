"""Rich text from any writer passes the editor's whitelist (home/sanitize.py).

Each writer path (a page saved from the shell, a raw StreamField value, a block value changed
in Python, a revision published, bulk writes) against each vector (<script>, onerror=, a
javascript: link, an <iframe>, and disguises of them), and the editor's own output unchanged."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db.models.signals import pre_save
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from education.blocks import PLAIN_FEATURES
from education.models import GuidePage, ModalityPage
from home import sanitize
from home.sanitize import clean_html
from tests.education.factories import faq_block, guide, modality, routine, sections, step

GUIDE_FEATURES = ["h3", *PLAIN_FEATURES]

# (what a writer stores, a marker that must never reach a page)
VECTORS = {
    "script": ("<p>Hello<script>alert('xss-script')</script></p>", "xss-script"),
    "onerror": ('<p><img src="x" onerror="alert(\'xss-onerror\')"></p>', "xss-onerror"),
    "javascript link": ("<p><a href=\"javascript:alert('xss-js')\">Click</a></p>", "xss-js"),
    "tab in scheme": ("<p><a href=\"java\tscript:alert('xss-tab')\">Click</a></p>", "xss-tab"),
    "entity in scheme": (
        "<p><a href=\"&#106;avascript:alert('xss-entity')\">Click</a></p>",
        "xss-entity",
    ),
    "iframe": ('<iframe src="https://evil.example/xss-iframe"></iframe><p>Text</p>', "xss-iframe"),
    "event on allowed tag": ("<p onclick=\"alert('xss-onclick')\">Hi</p>", "xss-onclick"),
    "cdata": ("<![CDATA[><script>alert('xss-cdata')</script>]]><p>x</p>", "xss-cdata"),
    "style": ("<style>body{background:url(xss-style)}</style><p>x</p>", "xss-style"),
}


@pytest.fixture
def receiver():
    """Makes sure the pre_save receiver is connected for these tests, and leaves the process as
    it found it, so test_the_receiver_is_connected_at_startup sees what startup did."""
    was_connected = _is_connected()
    sanitize.connect()
    yield
    if not was_connected:
        pre_save.disconnect(dispatch_uid="home-sanitize-rich-text")


def _is_connected():
    return any(key[0] == "home-sanitize-rich-text" for key, *_ in pre_save.receivers)


def test_the_receiver_is_connected_at_startup():
    """HomeConfig.ready() must call home.sanitize.connect(): without it nothing is cleaned
    when the shell, a fixture or a future API saves a page."""
    assert _is_connected(), "home.sanitize.connect() is not called from HomeConfig.ready()"


# ---------------------------------------------------------------------------- the cleaner


@pytest.mark.parametrize("name", VECTORS)
def test_each_vector_is_removed(name):
    html, marker = VECTORS[name]
    cleaned = clean_html(html, PLAIN_FEATURES)
    assert marker not in cleaned
    assert "javascript" not in cleaned.lower()
    for tag in BeautifulSoup(cleaned, "html.parser").find_all(True):
        assert tag.name in {"p", "a", "b", "i", "ol", "ul", "li", "br"}
        assert not any(attr.startswith("on") for attr in tag.attrs)


def test_text_and_allowed_markup_survive_a_clean():
    cleaned = clean_html(
        '<p onclick="x">Keep <b>this</b> <a href="https://nih.example/a?b=1&amp;c=2" '
        'target="_blank">link</a><script>alert(1)</script></p>',
        PLAIN_FEATURES,
    )
    assert cleaned == '<p>Keep <b>this</b> <a href="https://nih.example/a?b=1&amp;c=2">link</a></p>'


def test_a_feature_not_enabled_is_removed_but_its_text_kept():
    # h3 is allowed in a guide paragraph, not in a step's instructions.
    assert clean_html("<h3>Warm up</h3>", GUIDE_FEATURES) == "<h3>Warm up</h3>"
    assert clean_html("<h3>Warm up</h3>", PLAIN_FEATURES) == "Warm up"


def test_stored_page_links_are_kept_and_bad_ones_unwrapped():
    stored = '<p><a linktype="page" id="42">Neck release</a></p>'
    assert clean_html(stored, PLAIN_FEATURES) == stored
    # An id that is not a number would break the page link rewriter when the page is shown.
    assert clean_html('<p><a linktype="page" id="4 or 1">x</a></p>', PLAIN_FEATURES) == "<p>x</p>"
    # Document links are not among these features.
    assert clean_html('<p><a linktype="document" id="1">x</a></p>', PLAIN_FEATURES) == "<p>x</p>"


def test_embeds_follow_the_features():
    image = '<embed alt="A foam roller" embedtype="image" format="left" id="7"/>'
    assert clean_html(image, None) == image  # Wagtail's default features include images
    assert clean_html(image, PLAIN_FEATURES) == ""
    dirty = '<embed alt="x" embedtype="image" format="left" id="7" onload="alert(1)"/>'
    assert "onload" not in clean_html(dirty, None)
    assert "embed" not in clean_html('<embed embedtype="media" url="javascript:alert(1)"/>', None)


EDITOR_CONTENT = {
    "blocks": [
        {"key": "a1b2c", "type": "header-three", "text": "Before you start", "depth": 0,
         "inlineStyleRanges": [], "entityRanges": []},
        {"key": "d3e4f", "type": "unstyled", "text": "Breathe out slowly & “relax”: it's easy.",
         "depth": 0, "inlineStyleRanges": [{"offset": 0, "length": 7, "style": "BOLD"},
                                           {"offset": 8, "length": 3, "style": "ITALIC"}],
         "entityRanges": [{"offset": 12, "length": 6, "key": 0}]},
        {"key": "g5h6i", "type": "unordered-list-item", "text": "See the routine", "depth": 0,
         "inlineStyleRanges": [], "entityRanges": [{"offset": 8, "length": 7, "key": 1}]},
        {"key": "j7k8l", "type": "ordered-list-item", "text": "Mail us", "depth": 0,
         "inlineStyleRanges": [], "entityRanges": [{"offset": 0, "length": 7, "key": 2}]},
    ],
    "entityMap": {
        "0": {"type": "LINK", "mutability": "MUTABLE",
              "data": {"url": "https://www.nccih.nih.gov/health/massage-therapy-what-you-need-to-know?a=1&b=2"}},
        "1": {"type": "LINK", "mutability": "MUTABLE", "data": {"id": 3, "url": "/self-care/x/"}},
        "2": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "mailto:a@fascia.example"}},
    },
}  # fmt: skip


def test_the_editors_own_output_is_unchanged():
    """What Draftail saves (its contentstate turned into storage HTML by Wagtail's own
    converter) comes back byte for byte: block keys, page links, mailto links, entities."""
    editor_html = ContentstateConverter(GUIDE_FEATURES).to_database_format(
        json.dumps(EDITOR_CONTENT)
    )
    assert 'data-block-key="d3e4f"' in editor_html
    assert 'linktype="page"' in editor_html
    assert clean_html(editor_html, GUIDE_FEATURES) == editor_html


html_pieces = st.sampled_from(
    [
        "<p>", "</p>", "<b>", "</b>", "<i>", "<a href=\"https://ok.example/\">", "</a>",
        "<a href='javascript:alert(1)'>", '<a linktype="page" id="3">', "<script>", "</script>",
        "<iframe src=x>", "<img src=x onerror=alert(1)>", "<!--", "-->", "<![CDATA[", "]]>",
        '<p onclick="x" data-block-key="k1">', "<ul><li>", "</li></ul>", "<h3>", "</h3>",
        "<embed embedtype=\"image\" id=\"1\">", "&amp;", "&lt;", "<", ">", '"', "'", "\t",
        "java\tscript:", "<style>", "</style>", "<br>", "<br/>", "<?xml x?>", "<!DOCTYPE html>",
    ]
)  # fmt: skip
html_text = st.lists(st.one_of(html_pieces, st.text(max_size=8)), max_size=25).map("".join)

ALLOWED_TAGS = {"p", "b", "strong", "i", "em", "a", "ol", "ul", "li", "br", "div"}
ALLOWED_ATTRS = {"a": {"href", "linktype", "id", "data-block-key"}}


@given(html=html_text)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_cleaning_is_idempotent_and_leaves_only_the_whitelist(html):
    once = clean_html(html, PLAIN_FEATURES)
    assert clean_html(once, PLAIN_FEATURES) == once
    soup = BeautifulSoup(once, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in ALLOWED_TAGS
        assert set(tag.attrs) <= ALLOWED_ATTRS.get(tag.name, {"data-block-key"})
        href = tag.get("href", "")
        assert not href.lower().replace("\t", "").strip().startswith(("javascript", "data:"))
    assert "<script" not in once.lower()
    assert "<!" not in once and "<?" not in once  # no comment or declaration hides the page


# ---------------------------------------------------------------------------- writer paths


@pytest.fixture
def index(home_page):
    return sections(home_page)


def _page_html(client, page):
    response = client.get(page.get_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["script", "onerror", "javascript link", "iframe"])
def test_a_rich_text_field_saved_from_the_shell_is_clean_on_the_page(receiver, index, client, name):
    html, marker = VECTORS[name]
    page = modality(index["modalities"], what_it_is=html)
    stored = ModalityPage.objects.get(pk=page.pk).what_it_is
    assert marker not in stored
    assert marker not in _page_html(client, page)

    # And again on a plain Model.save() of the live page, the way a script would do it.
    page.evidence_summary = html
    page.save()
    page.refresh_from_db()
    assert marker not in page.evidence_summary


@pytest.mark.django_db
def test_raw_stream_data_is_cleaned_in_paragraphs_and_nested_faq_answers(receiver, index, client):
    script, marker = VECTORS["script"]
    link, link_marker = VECTORS["javascript link"]
    page = guide(
        index["guides"],
        body=[
            {"type": "paragraph", "value": script},
            faq_block([("Is it safe?", link)]),
            {"type": "heading", "value": "<script>not rich text, escaped when shown</script>"},
        ],
    )
    raw = json.dumps(GuidePage.objects.get(pk=page.pk).body.get_prep_value())
    assert marker not in raw and link_marker not in raw
    html = _page_html(client, page)
    assert marker not in html and link_marker not in html
    assert "&lt;script&gt;not rich text" in html  # a CharBlock is plain text, escaped as ever


@pytest.mark.django_db
def test_a_step_changed_in_python_then_saved_is_clean(receiver, index, client):
    page = routine(index["routines"], steps=[step("Shoulder rolls")])
    html, marker = VECTORS["onerror"]
    page.steps[0].value["instructions"].source = html  # a bound block value, not raw data
    page.save()
    page.refresh_from_db()
    assert marker not in json.dumps(page.steps.get_prep_value())
    assert "Shoulder rolls" in _page_html(client, page)


@pytest.mark.django_db
def test_a_published_revision_is_clean(receiver, index, client):
    """A writer that stores a revision (as the admin and a future API would) and publishes it."""
    page = modality(index["modalities"])
    html, marker = VECTORS["iframe"]
    page.what_to_expect = html
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert marker not in page.what_to_expect
    assert marker not in _page_html(client, page)


@pytest.mark.django_db
def test_clean_instances_cleans_what_bulk_writes_store(index):
    """bulk_create sends no pre_save: the importer's path goes through clean_instances()."""
    html, marker = VECTORS["script"]
    pages = [
        GuidePage(title="A", body=json.dumps([{"type": "paragraph", "value": html}])),
        ModalityPage(title="B", what_it_is=html, contraindications="<p>ok</p>"),
    ]
    sanitize.clean_instances(pages)
    assert marker not in json.dumps(pages[0].body.get_prep_value())
    assert marker not in pages[1].what_it_is
    assert pages[1].contraindications == "<p>ok</p>"


@pytest.mark.django_db
def test_saving_clean_pages_costs_no_extra_queries(receiver, index, django_assert_num_queries):
    """Cleaning reads raw stream data: a step's image chooser is never loaded to clean it."""
    page = routine(index["routines"])
    page.title = "Neck release, again"
    with django_assert_num_queries(0):
        sanitize.clean_instance(page)
