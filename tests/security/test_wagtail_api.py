"""Wagtail's API v2 as we serve it: public pages only, and a 400 with a reason for bad input."""

import datetime

import pytest
from django.utils import timezone

from tests.education import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired(sections):
    """A routine still live=True whose expiry has passed (publish_scheduled has not run)."""
    page = factories.routine(sections["routines"], "Expired")
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save(update_fields=["expire_at"])
    return page


@pytest.fixture
def scheduled(sections):
    """A live routine whose go-live time has not come."""
    page = factories.routine(sections["routines"], "Scheduled")
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save(update_fields=["go_live_at"])
    return page


def titles(response):
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


def test_pages_outside_their_schedule_are_hidden_everywhere(client, sections, expired, scheduled):
    shown = factories.routine(sections["routines"], "Shown")
    parent = sections["routines"].pk
    for params in [
        {},
        {"search": "routine"},
        {"child_of": parent},
        {"descendant_of": parent},
        {"type": "education.SelfCareRoutinePage"},
    ]:
        found = titles(client.get("/api/wagtail/v2/pages/", params))
        assert "Expired" not in found and "Scheduled" not in found, params
    assert "Shown" in titles(client.get("/api/wagtail/v2/pages/", {"child_of": parent}))
    for page in (expired, scheduled):
        assert client.get(f"/api/wagtail/v2/pages/{page.pk}/").status_code == 404
        assert client.get("/api/wagtail/v2/pages/find/", {"id": page.pk}).status_code == 404
        assert client.get("/api/wagtail/v2/pages/find/", {"html_path": page.url}).status_code == 404
    assert client.get("/api/wagtail/v2/pages/find/", {"id": shown.pk}).status_code == 302


def test_an_expired_parent_is_not_a_parent(client, sections):
    section = sections["routines"]
    section.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    section.save(update_fields=["expire_at"])
    for name in ("child_of", "descendant_of"):
        response = client.get("/api/wagtail/v2/pages/", {name: section.pk})
        assert response.status_code in (400, 404), name


ROUTINE_TYPE = "education.SelfCareRoutinePage"


def problem_names(response):
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    return [error["name"] for error in response.json()["errors"]]


@pytest.mark.parametrize("page_type", [None, ROUTINE_TYPE, f"{ROUTINE_TYPE},home.HomePage"])
@pytest.mark.parametrize(
    "value",
    ["abc", "2026-13-45", "%C2%B2", "-1", "true", "", "2026-01-31T25:00", "0000-01-01"],
)
def test_an_unreadable_date_filter_is_a_400_naming_it(client, home_page, value, page_type):
    # Wagtail's FieldsFilter hands these to .filter() as they came: Django's ValidationError, a 500.
    query = f"first_published_at={value}" + (f"&type={page_type}" if page_type else "")
    response = client.generic("GET", "/api/wagtail/v2/pages/", QUERY_STRING=query)
    assert problem_names(response) == ["first_published_at"]


@pytest.mark.parametrize(
    "value",
    ["9999-12-31T23:00:00-10:00", "0001-01-01T00:00:00%2B10:00", "%D9%A2%D9%A0%D9%A2%D9%A6-01-01"],
)
def test_a_date_outside_the_years_a_database_stores_is_a_400(client, home_page, value):
    response = client.generic(
        "GET", "/api/wagtail/v2/pages/", QUERY_STRING=f"first_published_at={value}"
    )
    assert problem_names(response) == ["first_published_at"]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        # SQLite: OverflowError
        ("/api/wagtail/v2/pages/?alias_of=9223372036854775808", "alias_of"),
        (f"/api/wagtail/v2/pages/?type={ROUTINE_TYPE}&alias_of=%C2%B2", "alias_of"),
        ("/api/wagtail/v2/pages/?show_in_menus=yes", "show_in_menus"),
        ("/api/wagtail/v2/pages/?slug=" + "x" * 300, "slug"),  # longer than the column
        ("/api/wagtail/v2/images/?width=9223372036854775808", "width"),
        ("/api/wagtail/v2/images/?height=-1", "height"),
    ],
)
def test_an_unreadable_field_filter_is_a_400_naming_it(client, home_page, url, name):
    path, _, query = url.partition("?")
    assert problem_names(client.generic("GET", path, QUERY_STRING=query)) == [name]


def test_wagtails_own_400_names_the_parameter_it_is_about(client, home_page):
    # Its message names "offsets"; "offset", given too, is only a part of that word.
    response = client.generic("GET", "/api/wagtail/v2/pages/", QUERY_STRING="offset=0&offsets=1")
    assert problem_names(response) == ["offsets"]


def test_readable_field_filters_still_filter(client, sections):
    shown = factories.routine(sections["routines"], "Shown")
    factories.routine(sections["routines"], "Other")
    published = shown.first_published_at
    for params in [
        {"first_published_at": published.isoformat()},
        {"first_published_at": published.isoformat(), "type": ROUTINE_TYPE},
        {"slug": shown.slug, "show_in_menus": "false"},
        {"slug": shown.slug, "show_in_menus": "0"},  # Wagtail's documented spelling, kept
        {"id": shown.pk, "type": ROUTINE_TYPE, "summary": shown.summary},
    ]:
        assert titles(client.get("/api/wagtail/v2/pages/", params)) == {"Shown"}, params
    assert titles(client.get("/api/wagtail/v2/pages/", {"alias_of": shown.pk})) == set()
    before = {"first_published_at": "2001-01-01T00:00:00Z"}
    assert titles(client.get("/api/wagtail/v2/pages/", before)) == set()
