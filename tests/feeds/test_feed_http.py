"""The feeds over HTTP: JSON Feed 1.1 documents, filters, keyset pages, cursors, validators,
cache headers, compression and CORS."""

import datetime
import gzip
import json
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from wagtail.models import PageViewRestriction

from feeds import changelog, cursors
from feeds.models import FeedState
from tests.education import factories

EDUCATION = "/api/v1/feeds/education.json"
CHANGES = "/api/v1/changes"
MILLISECOND = datetime.timedelta(milliseconds=1)
ONE_SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def library(sections, taxonomy, committed):
    """Three routines, a modality and a guide, published."""
    with committed():
        pages = {
            "neck": factories.routine(
                sections["routines"],
                body_areas=[taxonomy["neck"]],
                conditions=[taxonomy["neck_pain"]],
            ),
            "calves": factories.routine(
                sections["routines"],
                title="Calf stretch",
                body_areas=[taxonomy["calves"]],
                conditions=[taxonomy["soreness"]],
            ),
            "desk": factories.routine(sections["routines"], title="Desk break"),
            "swedish": factories.modality(sections["modalities"]),
            "ready": factories.guide(sections["guides"]),
        }
    return pages


def ids_of(feed):
    return [item["title"] for item in feed["items"]]


def test_education_feed_is_a_json_feed(client, library):
    response = client.get(EDUCATION)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "http://testserver" + EDUCATION
    assert feed["home_page_url"] == "http://testserver/"
    assert len(feed["items"]) == 5
    for item in feed["items"]:
        assert item["id"].startswith("urn:uuid:")
        assert item["url"].startswith("http://testserver/")
        assert item["language"] == "en"
        assert item["_fascia"]["about"].endswith("/api/v1/feeds/schema/fascia.json")
    assert "next_url" not in feed


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"type": "modality"}, {"Swedish massage"}),
        ({"area": "neck"}, {"Neck release"}),
        ({"condition": "soreness"}, {"Calf stretch"}),
        ({"condition": "M54"}, {"Neck release"}),  # an ICD-10-CM code's start
        ({"condition": "m79.1"}, {"Calf stretch"}),
        ({"type": "routine", "area": "calves"}, {"Calf stretch"}),
        ({"language": "es"}, set()),
    ],
)
def test_filters(client, library, query, titles):
    assert set(ids_of(client.get(EDUCATION, query).json())) == titles


def test_keyset_pages_are_stable_while_editors_publish(client, library, committed):
    first = client.get(EDUCATION, {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_url"]
    seen = ids_of(first)
    # An item already read is edited: it moves to the end and is read again, nothing is lost.
    page = library["neck"] if "Neck release" in seen else library["calves"]
    page.title = page.title + " (updated)"
    with committed():
        page.save_revision().publish()
    url = first["next_url"]
    while url:
        data = client.get(url.removeprefix("http://testserver")).json()
        seen += ids_of(data)
        url = data.get("next_url")
    assert {"Desk break", "Swedish massage", "Getting ready"} <= set(seen)
    assert page.title in seen


def test_feed_page_query_count_is_fixed(client, library, django_assert_max_num_queries):
    for limit in (1, 100):
        with django_assert_max_num_queries(4):
            assert client.get(EDUCATION, {"limit": limit}).status_code == 200
    with django_assert_max_num_queries(4):
        client.get(EDUCATION, {"area": "neck", "condition": "M54", "type": "routine"})


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"type": "video"}, "type"),
        ({"after": "not-a-cursor"}, "after"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"area": "a b"}, "area"),
    ],
)
def test_bad_parameters_are_problems_naming_them(client, db, query, parameter):
    response = client.get(EDUCATION, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert parameter in [error["name"] for error in body["errors"]]


def test_a_tampered_cursor_is_400(client, library):
    cursor = client.get(CHANGES, {"limit": 1}).json()["next_cursor"]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    response = client.get(CHANGES, {"cursor": tampered})
    assert response.status_code == 400
    assert response.json()["errors"][0]["name"] == "cursor"
    # A feed's cursor is not a changes cursor either.
    response = client.get(CHANGES, {"cursor": cursors.make(1, "education")})
    assert response.status_code == 400


def test_a_cursor_past_retention_is_410_with_a_restart_url(client, library):
    cursor = client.get(CHANGES, {"limit": 1}).json()["next_cursor"]
    FeedState.objects.filter(pk=1).update(pruned_through_seq=100)
    cache.delete(changelog.STATE_KEY)  # written behind the change log's back
    response = client.get(CHANGES, {"cursor": cursor, "feed": "education"})
    assert response.status_code == 410
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 410
    assert body["restart_url"] == "http://testserver/api/v1/changes?feed=education"


def test_changes_page_through_everything(client, library, django_assert_max_num_queries):
    seen, cursor = [], None
    for _ in range(10):
        with django_assert_max_num_queries(4):
            data = client.get(CHANGES, {"limit": 2, **({"cursor": cursor} if cursor else {})})
        data = data.json()
        seen += [change["item"]["title"] for change in data["changes"]]
        cursor = data["next_cursor"]
        if not data["has_more"]:
            break
    assert len(seen) == 5
    assert data["tombstones_retained_since"]
    again = client.get(CHANGES, {"cursor": cursor}).json()
    assert again["changes"] == [] and again["has_more"] is False


def test_etag_and_last_modified_answer_304_after_one_query(
    client, library, django_assert_max_num_queries
):
    changed = FeedState.objects.get(pk=1).last_changed_at
    later = changed + datetime.timedelta(seconds=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(EDUCATION)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert modified == http_date(changed.timestamp())
    assert etag.startswith('"') and response["Cache-Control"].startswith("public, max-age=60")
    assert "stale-while-revalidate=300" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]
    with django_assert_max_num_queries(1):
        again = client.get(EDUCATION, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(EDUCATION, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(EDUCATION, {"limit": 3}, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_no_last_modified_within_the_second_of_a_change(client, library):
    """Last-Modified has whole seconds: a client given it within the second of the last
    change could not tell a second change in that same second, and its If-Modified-Since
    would get a 304 for it. So it is sent from a second after the change (RFC 9110 8.8.2.2);
    the ETag validates meanwhile."""
    first = FeedState.objects.get(pk=1).last_changed_at.replace(microsecond=100_000)
    FeedState.objects.filter(pk=1).update(last_changed_at=first)
    changelog.forget_state()
    with mock.patch("django.utils.timezone.now", return_value=first + MILLISECOND * 100):
        response = client.get(EDUCATION)
    assert response.status_code == 200 and response.has_header("ETag")
    assert not response.has_header("Last-Modified")
    # A second change in the same second: a client holding a date from the first must not
    # be told its copy is current.
    second = first + MILLISECOND * 500
    FeedState.objects.filter(pk=1).update(last_changed_at=second, last_seq=F("last_seq") + 1)
    changelog.forget_state()
    with mock.patch("django.utils.timezone.now", return_value=second + MILLISECOND * 200):
        response = client.get(EDUCATION, HTTP_IF_MODIFIED_SINCE=http_date(first.timestamp()))
    assert response.status_code == 200 and not response.has_header("Last-Modified")
    with mock.patch("django.utils.timezone.now", return_value=second + 5 * ONE_SECOND):
        response = client.get(EDUCATION)
    assert response["Last-Modified"] == http_date(second.timestamp())


def test_an_edit_changes_the_etag(client, library, committed):
    etag = client.get(EDUCATION)["ETag"]
    page = library["desk"]
    page.title = "Desk break, longer"
    with committed():
        page.save_revision().publish()
    assert client.get(EDUCATION, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_gzip_for_clients_that_accept_it(client, library):
    response = client.get(EDUCATION, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["version"].endswith("1.1")
    assert response["ETag"].startswith('W/"')  # compressed bytes: a weak validator
    assert (
        client.get(
            EDUCATION, HTTP_IF_NONE_MATCH=response["ETag"], HTTP_ACCEPT_ENCODING="gzip"
        ).status_code
        == 304
    )


def test_cors_for_public_gets_without_cookies(client, library):
    response = client.get(EDUCATION, HTTP_ORIGIN="https://clinic.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "etag" in response["Access-Control-Expose-Headers"].lower()
    assert "Set-Cookie" not in response
    assert "Cookie" not in response.get("Vary", "")
    preflight = client.options(
        EDUCATION,
        HTTP_ORIGIN="https://clinic.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-none-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight


def test_fascia_schema_describes_the_extension(client, db):
    response = client.get("/api/v1/feeds/schema/fascia.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema.get("$schema", "").startswith("https://json-schema.org/")


def test_wagtail_api_listing_reads_stored_records(
    client, sections, committed, django_assert_max_num_queries
):
    """The issue's case: fields=* cost six queries a routine (606 for 100); now the listing's
    cost does not grow with the number of routines."""
    url = "/api/wagtail/v2/pages/?type=education.SelfCareRoutinePage&fields=*&limit=100"
    with committed():
        factories.routine(sections["routines"], title="Routine 0")
    client.get(url)  # warm the site cache
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).json()["items"]) == 1
    one_routine = len(few.captured_queries)  # now: the query log is a bounded deque
    with committed():
        for number in range(1, 8):
            factories.routine(sections["routines"], title=f"Routine {number}")
    client.get(url)
    with django_assert_max_num_queries(one_routine):
        data = client.get(url).json()
    assert len(data["items"]) == 8
    assert data["items"][0]["education"]["type"] == "routine"


def test_an_updated_since_no_database_holds_is_400(client, db):
    response = client.get(EDUCATION, {"updated_since": "0001-01-01T00:00:00+14:00"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["name"] == "updated_since"


def test_what_finds_an_item_follows_it_without_its_json_changing(client, library, committed):
    """A related modality is a routine's filter term but not in its JSON."""
    assert ids_of(client.get(EDUCATION, {"modality": "swedish-massage"}).json()) == [
        "Swedish massage"
    ]
    page = library["desk"]
    page.related_modalities = [library["swedish"]]
    with committed():
        page.save_revision().publish()
    found = ids_of(client.get(EDUCATION, {"modality": "swedish-massage"}).json())
    assert sorted(found) == ["Desk break", "Swedish massage"]
    assert ids_of(client.get(EDUCATION, {"tag": "neck"}).json()) == ["Neck release"]


def test_a_slug_change_moves_every_url_below_it(client, library, sections, committed):
    index = sections["routines"]
    index.slug = "routines"
    with committed():
        index.save_revision().publish()
    urls = [i["url"] for i in client.get(EDUCATION, {"type": "routine"}).json()["items"]]
    assert urls and all(url.startswith("http://testserver/routines/") for url in urls)


def test_links_to_a_page_made_private_are_text_in_items_that_link_to_it(
    client, library, sections, committed
):
    target = library["ready"]
    body = [
        {"type": "paragraph", "value": f'<p>Read <a linktype="page" id="{target.pk}">this</a>.</p>'}
    ]
    with committed():
        linking = factories.guide(sections["guides"], title="Before you go", body=body)
    item = next(
        i
        for i in client.get(EDUCATION, {"type": "guide"}).json()["items"]
        if i["title"] == "Before you go"
    )
    assert target.url_path.split("/")[-2] in item["content_html"]
    with committed():
        PageViewRestriction.objects.create(page=target, restriction_type=PageViewRestriction.LOGIN)
    item = next(
        i
        for i in client.get(EDUCATION, {"type": "guide"}).json()["items"]
        if i["title"] == "Before you go"
    )
    assert "this" in item["content_html"]
    assert target.url_path.split("/")[-2] not in item["content_html"]
    assert linking.pk
