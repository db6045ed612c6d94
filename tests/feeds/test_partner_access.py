"""Partner tokens on the real API: scopes per endpoint group, content filters on feeds and
changes, private caching, and the same 401 for every token that does not work."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.http import http_date

from tests.directory.factories import listed_therapist
from tests.education import factories
from tests.feeds.factories_partners import bearer, issue_token

EDUCATION = "/api/v1/feeds/education.json"
DIRECTORY = "/api/v1/feeds/directory.json"
CHANGES = "/api/v1/changes"
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def library(sections, taxonomy, committed):
    with committed():
        return {
            "neck": factories.routine(sections["routines"], body_areas=[taxonomy["neck"]]),
            "calves": factories.routine(
                sections["routines"], title="Calf stretch", body_areas=[taxonomy["calves"]]
            ),
        }


def titles(response):
    return sorted(item["title"] for item in response.json()["items"])


def test_a_token_reads_with_private_caching(client, library):
    _token, secret = issue_token()
    response = client.get(EDUCATION, **bearer(secret))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    assert "Authorization" in response["Vary"]
    assert response["RateLimit-Policy"].startswith('"token"')
    anonymous = client.get(EDUCATION)
    assert anonymous["Cache-Control"].startswith("public")


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        (EDUCATION, "education"),
        (DIRECTORY, "directory"),
        (CHANGES, "changes"),
        ("/api/v1/education/conditions", "education"),
        ("/api/v1/search?q=neck", "search"),
        ("/api/v1/directory/search", "directory"),
    ],
)
def test_a_token_outside_its_scope_is_403(client, library, path, scope):
    others = [name for name in ("education", "directory", "changes", "search") if name != scope]
    _token, secret = issue_token(scopes=others)
    response = client.get(path, **bearer(secret))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["scope"] == scope
    _token, allowed = issue_token(scopes=[scope])
    assert client.get(path, **bearer(allowed)).status_code == 200


def test_content_terms_filter_feeds_and_changes(client, library, committed):
    _token, secret = issue_token(content_terms=["area:neck"])
    assert titles(client.get(EDUCATION, **bearer(secret))) == ["Neck release"]
    changes = client.get(CHANGES, **bearer(secret)).json()
    upserts = [c["item"]["title"] for c in changes["changes"] if c["op"] == "upsert"]
    assert upserts == ["Neck release"]
    # The routine moves to another body area: the scoped partner is told to drop it.
    page = library["neck"]
    page.body_areas = []
    with committed():
        page.save_revision().publish()
    later = client.get(CHANGES, {"cursor": changes["next_cursor"]}, **bearer(secret)).json()
    assert [(c["op"], c["tombstone"]["reason"]) for c in later["changes"]] == [
        ("delete", "out_of_scope")
    ]


@pytest.mark.parametrize("kind", ["unknown", "malformed", "revoked", "expired"])
def test_tokens_that_do_not_work_are_the_same_401(client, library, kind):
    token, secret = issue_token()
    if kind == "unknown":
        secret = issue_token()[1][:-6] + "AAAAAA"
    elif kind == "malformed":
        secret = "not-a-token"
    elif kind == "revoked":
        token.revoke()
    else:
        token.expires_at = timezone.now()
        token.save()
    response = client.get(EDUCATION, **bearer(secret))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and "unknown, malformed, revoked or expired" in body["detail"]


def test_detail_answers_carry_an_etag_and_answer_304(client, library):
    path = f"/api/v1/education/pages/{library['neck'].pk}"
    response = client.get(path)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Cache-Control"].startswith("public, max-age=60")
    assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_detail_answers_carry_a_last_modified_that_follows_their_body(client, library, committed):
    """A detail is built afresh each time; its Last-Modified is when this body was first
    served, from a second after (whole seconds: see feeds.http.set_last_modified), and it
    answers If-Modified-Since. An edit is a new body, first served later."""
    therapist = listed_therapist(name="Ada Sample")
    paths = [
        f"/api/v1/education/pages/{library['neck'].pk}",
        f"/api/v1/directory/therapists/{therapist.slug}",
    ]
    start = timezone.now()
    for path in paths:
        with at(start):
            first = client.get(path)
        assert first.status_code == 200 and not first.has_header("Last-Modified")
        with at(start + 2 * SECOND):
            again = client.get(path)
        assert again["ETag"] == first["ETag"]
        assert again["Last-Modified"] == http_date(start.timestamp())
        with at(start + 3 * SECOND):
            since = client.get(path, HTTP_IF_MODIFIED_SINCE=again["Last-Modified"])
        assert since.status_code == 304 and since["ETag"] == first["ETag"]
    page = library["neck"]
    page.title = "Neck release, longer"
    with committed():
        page.save_revision().publish()
    with at(start + 4 * SECOND):
        edited = client.get(paths[0], HTTP_IF_MODIFIED_SINCE=http_date(start.timestamp()))
    assert edited.status_code == 200 and edited.json()["title"] == "Neck release, longer"
    with at(start + 6 * SECOND):
        later = client.get(paths[0])
    assert later["Last-Modified"] == http_date((start + 4 * SECOND).timestamp())
