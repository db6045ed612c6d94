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
        found = titles(client.get("/api/v2/pages/", params))
        assert "Expired" not in found and "Scheduled" not in found, params
    assert "Shown" in titles(client.get("/api/v2/pages/", {"child_of": parent}))
    for page in (expired, scheduled):
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
        assert client.get("/api/v2/pages/find/", {"id": page.pk}).status_code == 404
        assert client.get("/api/v2/pages/find/", {"html_path": page.url}).status_code == 404
    assert client.get("/api/v2/pages/find/", {"id": shown.pk}).status_code == 302


def test_an_expired_parent_is_not_a_parent(client, sections):
    section = sections["routines"]
    section.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    section.save(update_fields=["expire_at"])
    for name in ("child_of", "descendant_of"):
        response = client.get("/api/v2/pages/", {name: section.pk})
        assert response.status_code in (400, 404), name
