"""The one public-page rule (home/visibility.py) holds on every surface, checked when read.

A page is public when it is live, its go-live time (if any) has come and its expiry (if any)
has not, and nothing above it has a view restriction. Between an `expire_at` passing and
`publish_scheduled` unpublishing the page, it is already gone everywhere: the property test
draws random go-live and expiry times (none, past or future) and random clock readings, and
checks the page, its index and counts, related routines, the sitemap, site search, our API,
Wagtail's API v2 and the main menu against the rule.
"""

import datetime
import string
from dataclasses import dataclass
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, PageLogEntry, PageViewRestriction

from home import visibility
from tests.education import factories

pytestmark = pytest.mark.django_db

BASE = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
# Whole days either side of BASE, or none; the clock also lands a second either side of them,
# so the go-live and expiry boundaries themselves are drawn.
schedules = st.none() | st.integers(-3, 3).map(lambda days: BASE + days * DAY)
clocks = st.builds(
    lambda days, second: BASE + days * DAY + datetime.timedelta(seconds=second),
    st.integers(-4, 4),
    st.sampled_from([-1, 0, 1]),
)


def clock(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def expected_public(go_live_at, expire_at, now):
    return (go_live_at is None or go_live_at <= now) and (expire_at is None or expire_at > now)


def word(number):
    """A made-up word per page (letters only), so searches find that page alone."""
    letters = ""
    for _ in range(3):
        number, rest = divmod(number, 26)
        letters += string.ascii_lowercase[rest]
    return f"quorvex{letters}"


@dataclass
class Scheduled:
    routine: object
    menu_page: object
    area: object
    word: str
    go_live_at: datetime.datetime | None
    expire_at: datetime.datetime | None

    def public_at(self, now):
        return expected_public(self.go_live_at, self.expire_at, now)


def publish_scheduled_pair(home, sections, modality, number, go_live_at, expire_at):
    """A routine and a top-level menu page with the same schedule, published as an editor
    would: at a moment Wagtail makes them live (their go-live time, if any)."""
    term = word(number)
    with clock(go_live_at or BASE - 30 * DAY):
        area = factories.BodyAreaFactory(name=f"Area {term}", slug=f"area-{term}")
        routine = factories.routine(
            sections["routines"],
            f"{term.capitalize()} stretch",
            summary=f"A routine about {term}.",
            body_areas=[area],
            related_modalities=[modality],
            go_live_at=go_live_at,
            expire_at=expire_at,
        )
        menu_page = factories.publish(
            home,
            Page(
                # Not the routine's word: searches for it find the routine alone.
                title=f"Corner {term[::-1]}",
                slug=f"corner-{term}",
                show_in_menus=True,
                go_live_at=go_live_at,
                expire_at=expire_at,
            ),
        )
    return Scheduled(routine, menu_page, area, term, go_live_at, expire_at)


def check_surfaces(client, sections, modality, pages, now):
    """Every surface at the clock reading `now`, for the newest page, and the index's and the
    modality's whole lists for all of them."""
    page = pages[-1]
    public = page.public_at(now)
    routine = page.routine
    shown = {item.routine.title for item in pages if item.public_at(now)}
    with clock(now):
        # The page itself.
        assert client.get(routine.get_url()).status_code == (200 if public else 404)

        # Its index, the total and the body-area facet count, unfiltered and filtered.
        index = client.get(sections["routines"].get_url())
        assert index.status_code == 200
        assert index.context["total"] == len(shown)
        assert {item.title for item in index.context["items"]} <= shown
        area_counts = {
            option.value: option.count
            for facet in index.context["facets"]
            if facet.name == "area"
            for option in facet.options
        }
        assert area_counts.get(page.area.slug, 0) == int(public)
        filtered = client.get(sections["routines"].get_url(), {"area": page.area.slug})
        assert filtered.context["total"] == int(public)
        assert (routine.title in filtered.content.decode()) is public

        # Related routines on the modality page.
        related = client.get(modality.get_url()).content.decode()
        assert {item.routine.title for item in pages if item.routine.title in related} == shown

        # sitemap.xml.
        sitemap = client.get("/sitemap.xml").content.decode()
        assert (f"{routine.get_url()}</loc>" in sitemap) is public

        # Site search: the page and the API, results and counts, with and without a filter.
        found = client.get("/search/", {"q": page.word})
        assert found.context["results"].total == int(public)
        assert (routine.title in found.content.decode()) is public
        found = client.get("/search/", {"q": page.word, "area": page.area.slug})
        assert found.context["results"].total == int(public)
        api = client.get("/api/v1/search", {"q": page.word}).json()
        assert api["count"] == int(public)
        assert [hit["id"] for hit in api["results"]] == ([routine.pk] if public else [])

        # Our education API: detail and the filtered routine list.
        detail = client.get(f"/api/v1/education/pages/{routine.pk}")
        assert detail.status_code == (200 if public else 404)
        listed = client.get("/api/v1/education/routines", {"area": page.area.slug}).json()
        assert listed["count"] == int(public)
        assert [item["id"] for item in listed["results"]] == ([routine.pk] if public else [])

        # The main menu (on every page; here the home page).
        home = client.get("/").content.decode()
        assert (page.menu_page.title in home) is public
        assert {item.menu_page.title for item in pages if item.menu_page.title in home} == {
            item.menu_page.title for item in pages if item.public_at(now)
        }

        # Wagtail's API v2: list (generic and typed), detail, search, find, child_of and
        # descendant_of.
        ids = [routine.pk] if public else []
        for params in (
            {"title": routine.title},
            {"type": "education.SelfCareRoutinePage", "title": routine.title},
            {"search": page.word},
            {"child_of": sections["routines"].pk, "title": routine.title},
            {"descendant_of": sections["routines"].pk, "title": routine.title},
        ):
            v2 = client.get("/api/wagtail/v2/pages/", params).json()
            assert [item["id"] for item in v2["items"]] == ids, params
            assert v2["meta"]["total_count"] == len(ids), params
        v2_detail = client.get(f"/api/wagtail/v2/pages/{routine.pk}/")
        assert v2_detail.status_code == (200 if public else 404)
        v2_find = client.get("/api/wagtail/v2/pages/find/", {"html_path": routine.get_url()})
        assert v2_find.status_code == (302 if public else 404)


@pytest.fixture
def scene(home_page):
    sections = factories.sections(home_page)
    modality = factories.modality(sections["modalities"], "Swedish massage")
    return {"home": home_page, "sections": sections, "modality": modality, "pages": []}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(go_live_at=schedules, expire_at=schedules, now=clocks)
def test_every_surface_follows_the_rule_when_read(client, scene, go_live_at, expire_at, now):
    number = len(scene["pages"])
    scene["pages"].append(
        publish_scheduled_pair(
            scene["home"], scene["sections"], scene["modality"], number, go_live_at, expire_at
        )
    )
    check_surfaces(client, scene["sections"], scene["modality"], scene["pages"], now)


def test_an_expired_page_is_hidden_before_publish_scheduled_runs(client, scene):
    page = publish_scheduled_pair(
        scene["home"], scene["sections"], scene["modality"], 0, None, BASE + DAY
    )
    scene["pages"].append(page)
    page.routine.refresh_from_db()
    assert page.routine.live  # nothing has unpublished it
    check_surfaces(client, scene["sections"], scene["modality"], scene["pages"], BASE + 2 * DAY)
    check_surfaces(client, scene["sections"], scene["modality"], scene["pages"], BASE)


def test_previews_of_a_scheduled_page_still_work(admin_client, scene):
    page = publish_scheduled_pair(
        scene["home"], scene["sections"], scene["modality"], 0, BASE + DAY, None
    )
    with clock(BASE):
        assert admin_client.get(page.routine.get_url()).status_code == 404
        preview = admin_client.get(f"/admin/pages/{page.routine.pk}/view_draft/")
    assert preview.status_code == 200
    assert page.routine.title in preview.content.decode()


def test_the_menu_cache_does_not_outlive_the_next_expiry(client, scene):
    page = publish_scheduled_pair(
        scene["home"], scene["sections"], scene["modality"], 0, None, BASE + DAY
    )
    with clock(BASE):
        assert page.menu_page.title in client.get("/").content.decode()
    # No signal, no job: the cached menu itself knows it is out of date a second later.
    with clock(BASE + DAY):
        assert page.menu_page.title not in client.get("/").content.decode()
    with clock(BASE):
        assert page.menu_page.title in client.get("/").content.decode()


def test_is_public_and_the_queryset_rule_agree(scene):
    page = publish_scheduled_pair(
        scene["home"], scene["sections"], scene["modality"], 0, BASE, BASE + DAY
    )
    routine = page.routine
    model = type(routine)
    for now in (BASE - DAY, BASE, BASE + DAY - datetime.timedelta(seconds=1), BASE + DAY):
        expected = expected_public(BASE, BASE + DAY, now)
        assert visibility.is_public(routine, now) is expected
        assert model.objects.public(now).filter(pk=routine.pk).exists() is expected
        assert visibility.public_pages(Page.objects.filter(pk=routine.pk), now).exists() is (
            expected
        )
    PageViewRestriction.objects.create(page=scene["sections"]["routines"], password="x")
    assert not visibility.is_public(routine, BASE)
    assert not model.objects.public(BASE).filter(pk=routine.pk).exists()


def test_publish_scheduled_twice_unpublishes_the_expired_page_once(scene):
    sections, home, modality = scene["sections"], scene["home"], scene["modality"]
    expired = publish_scheduled_pair(home, sections, modality, 0, None, BASE + DAY)
    current = publish_scheduled_pair(home, sections, modality, 1, None, BASE + 5 * DAY)
    # A draft scheduled to go live later than the clock: it must stay a draft.
    later = home.add_child(
        instance=Page(title="Later", slug="later", live=False, go_live_at=BASE + 10 * DAY)
    )
    with clock(BASE):
        later.save_revision().publish()
    later.refresh_from_db()
    assert not later.live and later.revisions.filter(approved_go_live_at__isnull=False)
    untouched = {
        pk: (live, last_published_at)
        for pk, live, last_published_at in Page.objects.exclude(
            pk__in=[expired.routine.pk, expired.menu_page.pk]
        ).values_list("pk", "live", "last_published_at")
    }
    unpublished = []
    with clock(BASE + 2 * DAY):
        for _run in range(2):
            call_command("publish_scheduled")
            unpublished.append(
                set(Page.objects.filter(live=False, expired=True).values_list("pk", flat=True))
            )
    assert unpublished == [{expired.routine.pk, expired.menu_page.pk}] * 2
    # Unpublished once each: the second run found nothing left to do.
    entries = PageLogEntry.objects.filter(action="wagtail.unpublish.scheduled")
    assert sorted(entries.values_list("page_id", flat=True)) == sorted(
        [expired.routine.pk, expired.menu_page.pk]
    )
    assert {
        pk: (live, last_published_at)
        for pk, live, last_published_at in Page.objects.exclude(
            pk__in=[expired.routine.pk, expired.menu_page.pk]
        ).values_list("pk", "live", "last_published_at")
    } == untouched
    assert current.routine.pk in untouched
    assert not Page.objects.get(pk=later.pk).live


def test_timezone_now_is_what_the_rule_reads():
    # The property test patches django.utils.timezone.now; the rule must read it through the
    # module, not from an import taken before the patch.
    with clock(BASE):
        assert visibility.in_window(Page(go_live_at=BASE, expire_at=None))
        assert not visibility.in_window(Page(go_live_at=BASE + DAY))
        assert timezone.now() == BASE
