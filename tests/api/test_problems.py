"""Every error of /api/v1/ is RFC 9457 problem JSON: our handlers (config/api.py) for ninja's
validation, authentication and throttling errors, Django's Http404 and PermissionDenied, a
method the path does not take, an unknown path and config.problems.ApiProblem."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from ninja.errors import AuthenticationError, AuthorizationError, Throttled

from config.api import api
from config.problems import ApiProblem

pytestmark = pytest.mark.django_db


def problem(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["type"] == "about:blank"
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/videos/999",
        "/api/v1/education/pages/999",
        "/api/v1/directory/therapists/nobody",
        "/api/v1/directory/clinics/nowhere",
        "/api/v1/no-such-endpoint",
        "/api/v1/education/pages/not-a-number",
    ],
)
def test_a_missing_thing_is_a_404_problem(client, home_page, path):
    body = problem(client.get(path), 404)
    assert body["title"] == "Not Found"


def test_a_method_the_path_does_not_take_is_a_405_problem_with_allow(client, home_page):
    response = client.post("/api/v1/education/conditions")
    body = problem(response, 405)
    assert response["Allow"] == "GET"
    assert "POST" in body["detail"]


def test_a_bad_parameter_is_a_400_problem_naming_it(client, home_page):
    body = problem(client.get("/api/v1/directory/search", {"page_size": "51"}), 400)
    assert body["field"] == "page_size"
    assert body["errors"][0]["name"] == "page_size" and body["errors"][0]["reason"]


def test_a_form_only_rule_is_still_a_400_naming_the_parameter(client, home_page):
    # lat without lng passes the typed schema; SearchForm, shared with the HTML page, refuses.
    body = problem(client.get("/api/v1/directory/search", {"lat": "40.7"}), 400)
    assert body["field"] == "lng"


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (AuthenticationError(), 401),
        (AuthorizationError(), 403),
        (PermissionDenied("This token may not read the directory."), 403),
        (ApiProblem(410, "The cursor is older than the tombstones kept."), 410),
    ],
)
def test_each_error_the_api_raises_is_a_problem(rf, error, status):
    problem(api.on_exception(rf.get("/api/v1/changes"), error), status)


def test_throttled_is_a_429_problem_with_retry_after(rf):
    response = api.on_exception(rf.get("/api/v1/changes"), Throttled(wait=12.2))
    problem(response, 429)
    assert response["Retry-After"] == "13"


def test_an_api_problem_keeps_its_members_and_headers(rf):
    error = ApiProblem(
        410,
        "The cursor is older than the tombstones kept.",
        restart_url="https://example.com/api/v1/changes",
        headers={"Cache-Control": "no-store"},
    )
    response = api.on_exception(rf.get("/api/v1/changes"), error)
    body = problem(response, 410)
    assert body["restart_url"] == "https://example.com/api/v1/changes"
    assert body["title"] == "Gone"
    assert response["Cache-Control"] == "no-store"
