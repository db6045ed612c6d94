"""education/feed.py: routines, modalities and guides as JSON Feed 1.1 items for the change
log, the reasons a page is hidden, filter terms, query counts, and which pages embed a snippet
or a video."""

import datetime
import json

import jsonschema_rs
import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from education.feed import EducationFeedSource, fascia_json_schema, pages_embedding
from education.models import (
    BodyArea,
    Condition,
    Equipment,
    GuidePage,
    Reviewer,
    SelfCareRoutinePage,
)
from feeds.items import FeedItem, Hidden
from tests.education import factories
from tests.education.feed_data import full_routine, poster_image
from videos.models import CaptionTrack, ExerciseVideo, VideoChapter, VideoRendition

pytestmark = pytest.mark.django_db

SOURCE = EducationFeedSource()
ROOT = "http://testserver"


@pytest.fixture
def swedish(sections, taxonomy):
    page = factories.modality(sections["modalities"], indications=[taxonomy["neck_pain"]])
    page.tags.add("relaxation")
    page.save_revision().publish()
    return page


@pytest.fixture
def routine(sections, taxonomy, swedish):
    return full_routine(sections, taxonomy, modality=swedish)


@pytest.fixture
def guide(sections, taxonomy):
    body = [
        {"type": "heading", "value": "Before you come"},
        {"type": "paragraph", "value": '<p>Read <a href="/self-care/">our routines</a>.</p>'},
        {"type": "callout", "value": {"tone": "warning", "text": "<p>Tell us about pain.</p>"}},
        factories.faq_block([("Do I have to undress?", "Only as much as you like.")]),
    ]
    return factories.guide(
        sections["guides"],
        body=body,
        conditions=[taxonomy["soreness"]],
        body_areas=[taxonomy["calves"]],
    )


def item_of(kind, page):
    built = SOURCE.build(kind, [page.pk])[page.pk]
    assert isinstance(built, FeedItem), built
    return built


# Item shape ---------------------------------------------------------------------------------------

JSON_FEED_MEMBERS = {
    "url",
    "title",
    "summary",
    "content_html",
    "date_published",
    "date_modified",
    "tags",
    "language",
    "authors",
    "_fascia",
}


@pytest.mark.parametrize("kind", ["routine", "modality", "guide"])
def test_each_kind_is_a_json_feed_item(kind, routine, swedish, guide):
    page = {"routine": routine, "modality": swedish, "guide": guide}[kind]
    built = item_of(kind, page)
    item = json.loads(json.dumps(built.item))  # JSON types only
    assert item == built.item
    assert set(item) >= JSON_FEED_MEMBERS
    assert "id" not in item  # the feeds app adds the stable urn:uuid
    assert item["url"] == f"{ROOT}{page.url}"
    assert item["language"] == "en" and built.language == "en"
    # RFC 3339 in UTC with milliseconds, as directory items and tombstones write their dates.
    utc = page.first_published_at.astimezone(datetime.UTC)
    assert item["date_published"] == utc.isoformat(timespec="milliseconds")[:-6] + "Z"
    assert item["_fascia"]["type"] == kind
    assert item["_fascia"]["about"] == f"{ROOT}/api/v1/feeds/schema/fascia.json"
    assert item["_fascia"]["translation_key"] == str(page.translation_key)
    assert item["_fascia"]["locale"] == "en"


def test_the_routine_item_carries_its_video_as_attachments_and_image(routine):
    item = item_of("routine", routine).item
    assert item["image"].startswith(f"{ROOT}/media/images/")
    renditions = [a for a in item["attachments"] if a["mime_type"] == "video/mp4"]
    assert [a["size_in_bytes"] for a in renditions] == [4_000_000, 900_000]
    assert all(a["url"].startswith(f"{ROOT}/media/videos/renditions/") for a in renditions)
    assert all(a["duration_in_seconds"] == 120.0 for a in renditions)
    (captions,) = [a for a in item["attachments"] if a["mime_type"] == "text/vtt"]
    assert captions["url"].startswith(f"{ROOT}/media/videos/captions/")
    assert captions["size_in_bytes"] > 0 and "English" in captions["title"]
    assert item["_fascia"]["video"]["title"] == "Neck video"


def test_the_reviewer_is_the_author_else_the_site(routine, guide):
    assert item_of("routine", routine).item["authors"] == [{"name": "Dana Lee, DPT"}]
    # A reviewer's profile deleted after the page went live leaves it without one.
    guide.reviewer.delete()
    guide.refresh_from_db()
    assert item_of("guide", guide).item["authors"] == [{"name": "Fascia"}]


def test_a_routine_without_a_shown_video_has_no_image_or_attachments(sections):
    item = item_of("routine", factories.routine(sections["routines"])).item
    assert "image" not in item and "attachments" not in item
    assert item["_fascia"]["video"] is None


def test_content_html_is_the_routines_body_with_absolute_links(routine):
    html = item_of("routine", routine).item["content_html"]
    assert "<h2>Steps</h2>" in html and "<h3>Shoulder rolls</h3>" in html
    assert "2 sets of 10 reps" in html
    assert "<li>Your arm goes numb.</li>" in html  # red flags
    assert f'<a href="{ROOT}/guides/getting-ready/">surgery</a>' in html


def test_content_html_of_a_guide_and_a_modality(guide, swedish):
    html = item_of("guide", guide).item["content_html"]
    assert "<h2>Before you come</h2>" in html
    assert f'<a href="{ROOT}/self-care/">our routines</a>' in html
    assert "<aside><p><strong>Take care:</strong></p>" in html
    assert "<h3>Do I have to undress?</h3>" in html
    html = item_of("modality", swedish).item["content_html"]
    assert "<h2>What it is</h2><p>Long, smooth strokes" in html
    assert "<li>You have a fever.</li>" in html


def test_content_html_is_sanitised_whatever_wrote_the_row(guide, routine, sections):
    """QuerySet.update() skips the save-time cleaning: the feed cleans again."""
    hostile = (
        '<p onclick="steal()">Hi <script>alert(1)</script><img src=x onerror="x()">'
        '<a href="javascript:alert(1)">bad</a> <a href="mailto:care@example.org">mail</a>'
        f' <a linktype="page" id="{routine.pk}">routine</a>'
        ' <a linktype="page" id="999999">gone</a></p>'
    )
    SelfCareRoutinePage.objects.filter(pk=routine.pk).update(contraindications=hostile)
    html = item_of("routine", SelfCareRoutinePage.objects.get(pk=routine.pk)).item["content_html"]
    for bad in ("<script", "alert(1)", "onclick", "onerror", "<img", "javascript:"):
        assert bad not in html
    assert '<a href="mailto:care@example.org">mail</a>' in html
    assert f'<a href="{ROOT}{routine.url}">routine</a>' in html
    assert "<a>gone</a>" in html  # a link to no public page keeps its text only


def test_a_link_to_a_page_the_public_cannot_see_is_text(guide, routine):
    factories.put_in_state(routine, "draft")
    body = [{"type": "paragraph", "value": f'<p><a linktype="page" id="{routine.pk}">x</a></p>'}]
    GuidePage.objects.filter(pk=guide.pk).update(body=json.dumps(body))
    assert "<a>x</a>" in item_of("guide", guide).item["content_html"]


def test_absolute_urls_come_from_the_site_root_not_a_request(routine, site):
    site.hostname, site.port = "fascia.example", 443
    site.save()
    item = item_of("routine", routine).item
    assert item["url"].startswith("https://fascia.example/")
    assert item["image"].startswith("https://fascia.example/media/")
    assert all(a["url"].startswith("https://fascia.example/") for a in item["attachments"])
    assert item["_fascia"]["about"].startswith("https://fascia.example/")


def test_the_fascia_object_matches_its_json_schema(routine, swedish, guide):
    validator = jsonschema_rs.validator_for(fascia_json_schema())
    for kind, page in (("routine", routine), ("modality", swedish), ("guide", guide)):
        validator.validate(item_of(kind, page).item["_fascia"])
    broken = item_of("guide", guide).item["_fascia"] | {"faq": "none"}
    assert not validator.is_valid(broken)
    assert not validator.is_valid({k: v for k, v in broken.items() if k != "locale"})


def test_the_json_schema_is_draft_2020_12(site):
    schema = fascia_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{ROOT}/api/v1/feeds/schema/fascia.json"
    assert {"about", "translation_key", "locale"} <= set(schema["required"])


# Terms and validity -------------------------------------------------------------------------------


def test_terms_of_a_routine(routine, swedish):
    terms = item_of("routine", routine).terms
    assert terms == [
        "type:routine",
        "area:neck",
        "condition:neck-pain",
        "icd:m54.2",
        "snomed:81680005",
        "modality:swedish-massage",
        "tag:desk",
        # The item's own tags (body areas, conditions, equipment) find it by ?tag= too.
        "tag:neck",
        "tag:neck-pain",
        "tag:foam-roller",
        "lang:en",
    ]


def test_terms_of_a_modality_and_a_guide(swedish, guide):
    assert item_of("modality", swedish).terms == [
        "type:modality",
        "condition:neck-pain",
        "icd:m54.2",
        "snomed:81680005",
        "modality:swedish-massage",
        "tag:relaxation",
        "tag:neck-pain",
        "lang:en",
    ]
    assert item_of("guide", guide).terms == [
        "type:guide",
        "area:calves",
        "condition:soreness",
        "icd:m79.10",
        "tag:calves",
        "tag:soreness",
        "lang:en",
    ]


def test_a_routine_names_only_its_public_modalities(routine, swedish):
    factories.put_in_state(swedish, "restricted")
    assert not any(term.startswith("modality:") for term in item_of("routine", routine).terms)


def test_tags_are_area_condition_and_equipment_slugs(routine):
    assert item_of("routine", routine).item["tags"] == ["neck", "neck-pain", "foam-roller"]


def test_valid_until_is_the_expiry_time(sections):
    later = timezone.now() + datetime.timedelta(days=3)
    page = factories.routine(sections["routines"])
    Page.objects.filter(pk=page.pk).update(expire_at=later)
    built = item_of("routine", page)
    assert built.valid_until == later and built.expiry_reason == "expired"
    other = factories.routine(sections["routines"], title="B")
    assert item_of("routine", other).valid_until is None


# Hidden reasons -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state, reason",
    [
        ("draft", "unpublished"),
        ("future", "not_yet_live"),
        ("expired", "expired"),
        ("restricted", "made_private"),
    ],
)
def test_each_hidden_reason(sections, state, reason):
    page = factories.routine(sections["routines"])
    factories.put_in_state(page, state)
    assert SOURCE.build("routine", [page.pk]) == {page.pk: Hidden("routine", page.pk, reason)}


def test_a_deleted_page_and_a_page_of_another_kind(sections, guide):
    assert SOURCE.build("routine", [987654]) == {987654: Hidden("routine", 987654, "deleted")}
    assert SOURCE.build("routine", [guide.pk])[guide.pk].reason == "deleted"


def test_a_restriction_from_a_move_is_moved_out(sections):
    page = factories.routine(sections["routines"])
    PageViewRestriction.objects.create(
        page=sections["routines"], restriction_type=PageViewRestriction.LOGIN
    )
    assert SOURCE.build("routine", [page.pk], reason_hint="move")[page.pk].reason == "moved_out"
    assert SOURCE.build("routine", [page.pk])[page.pk].reason == "made_private"


def test_public_ids(sections, routine, guide):
    hidden = factories.routine(sections["routines"], title="Hidden one")
    factories.put_in_state(hidden, "expired")
    assert SOURCE.public_ids("routine") == [routine.pk]
    assert SOURCE.public_ids("guide") == [guide.pk]


# Query counts -------------------------------------------------------------------------------------


def build_counting(django_assert_max_num_queries, kind, ids):
    with django_assert_max_num_queries(QUERIES[kind]) as queries:
        built = SOURCE.build(kind, ids)
    return built, len(queries)


# The pages with their public flags, each prefetched relation (tags count two: the tagged items
# and their tags; a routine's body areas, conditions, equipment, public modalities, video
# renditions, captions, chapters and poster renditions), the images chosen in the pages'
# streams, the pages rich text links to.
QUERIES = {"routine": 13, "modality": 5, "guide": 6}


@pytest.mark.parametrize("kind", ["routine", "modality", "guide"])
def test_build_takes_a_fixed_number_of_queries(
    kind, sections, taxonomy, swedish, django_assert_max_num_queries
):
    image = poster_image("Step")
    step_with_image = factories.step("Reach")
    step_with_image["value"]["image"] = image.pk
    linked = {"type": "paragraph", "value": f'<p><a linktype="page" id="{swedish.pk}">x</a></p>'}
    image_block = {"type": "image", "value": image.pk}
    make = {
        "routine": lambda n: full_routine(
            sections, taxonomy, modality=swedish, title=f"R{n}", steps=[step_with_image]
        ),
        "modality": lambda n: factories.modality(
            sections["modalities"], title=f"M{n}", indications=[taxonomy["neck_pain"]]
        ),
        "guide": lambda n: factories.guide(
            sections["guides"],
            title=f"G{n}",
            conditions=[taxonomy["soreness"]],
            body=[linked, image_block],
        ),
    }[kind]
    pages = [make(n) for n in range(30)]
    for page in pages:  # the poster's rendition is made once, when the video is processed
        if kind == "routine":
            page.video.poster_rendition()
    SOURCE.build(kind, [pages[0].pk])  # caches warm (the Site's root paths)
    one, one_count = build_counting(django_assert_max_num_queries, kind, [pages[1].pk])
    many, many_count = build_counting(
        django_assert_max_num_queries, kind, [page.pk for page in pages]
    )
    assert all(isinstance(value, FeedItem) for value in many.values()) and len(many) == 30
    assert many_count == one_count, (one_count, many_count)


# Which pages embed a snippet or a video -----------------------------------------------------------


def test_pages_embedding_each_snippet(routine, swedish, guide, taxonomy, sections):
    other = factories.routine(sections["routines"], title="Other")
    assert pages_embedding(BodyArea, taxonomy["neck"].pk) == [("routine", routine.pk)]
    assert pages_embedding(BodyArea, taxonomy["calves"].pk) == [("guide", guide.pk)]
    assert pages_embedding(Condition, taxonomy["neck_pain"].pk) == [
        ("routine", routine.pk),
        ("modality", swedish.pk),
    ]
    assert pages_embedding(Condition, taxonomy["soreness"].pk) == [("guide", guide.pk)]
    assert pages_embedding(Equipment, taxonomy["roller"].pk) == [("routine", routine.pk)]
    assert pages_embedding(Reviewer, routine.reviewer_id) == [("routine", routine.pk)]
    assert ("routine", other.pk) not in pages_embedding(BodyArea, taxonomy["neck"].pk)


def test_pages_embedding_a_video_and_its_parts(routine, django_assert_max_num_queries):
    video = routine.video
    expected = [("routine", routine.pk)]
    with django_assert_max_num_queries(1):
        assert pages_embedding(ExerciseVideo, video.pk) == expected
    assert pages_embedding(VideoRendition, video.renditions.first().pk) == expected
    assert pages_embedding(CaptionTrack, video.captions.get().pk) == expected
    assert pages_embedding(VideoChapter, video.chapters.get().pk) == expected
    assert pages_embedding(VideoRendition, 987654) == []


def test_pages_embedding_includes_hidden_pages(routine, taxonomy):
    """The feed decides visibility when it rebuilds: a draft that embeds a snippet is rebuilt
    (and stays a tombstone), so nothing goes stale."""
    factories.put_in_state(routine, "draft")
    assert pages_embedding(BodyArea, taxonomy["neck"].pk) == [("routine", routine.pk)]
