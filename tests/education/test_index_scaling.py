"""Index pages read a listing kept in step with what the public sees: pages of results, counts
and facets as visitors get them, the same queries whatever the number of routines, and the
listing following publishing, privacy, moves and deletions."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from education.filters import PER_PAGE
from education.models import ListingEntry, RoutineIndexPage, SelfCareRoutinePage
from education.models.listing import rebuild_all
from tests.education import factories
from tests.education.test_pages import _count, get

pytestmark = pytest.mark.django_db
CARD_TITLE_RE = re.compile(r'class="card__link" href="[^"]*">([^<]*)</a>')


def titles(html):
    return CARD_TITLE_RE.findall(html)


def add_routines(index, count, prefix="Routine", **extra):
    return [factories.routine(index, f"{prefix} {number:02d}", **extra) for number in range(count)]


@pytest.fixture
def thirty(sections, taxonomy):
    """30 routines (three pages): the even ones about the neck, a third of them easy."""
    index = sections["routines"]
    for number in range(30):
        factories.routine(
            index,
            f"Routine {number:02d}",
            difficulty="easy" if number % 3 == 0 else "moderate",
            total_minutes=10 if number < 20 else 30,
            body_areas=[taxonomy["neck"]] if number % 2 == 0 else [taxonomy["calves"]],
        )
    return index


def test_last_page_lists_the_rest_in_title_order(client, thirty):
    html = get(client, thirty.url + "?page=3")
    assert "30 routines" in html
    assert "Page 3 of 3" in html
    assert titles(html) == [f"Routine {number}" for number in range(24, 30)]
    assert 'rel="prev" href="?page=2"' in html and 'rel="next"' not in html


def test_pages_follow_each_other_without_gaps(client, thirty):
    seen = []
    for page in (1, 2, 3):
        seen += titles(get(client, f"{thirty.url}?page={page}"))
    assert seen == [f"Routine {number:02d}" for number in range(30)]


@pytest.mark.parametrize("page", ["4", "999", "0", "-1", "two"])
def test_an_out_of_range_or_malformed_page_shows_page_one(client, thirty, page):
    html = get(client, f"{thirty.url}?page={page}")
    assert "Page 1 of 3" in html
    assert titles(html) == [f"Routine {number:02d}" for number in range(PER_PAGE)]


def test_filtered_pages_and_counts(client, thirty):
    html = get(client, thirty.url + "?area=neck&page=2")
    assert "15 routines" in html and "Page 2 of 2" in html
    assert titles(html) == [f"Routine {number}" for number in range(24, 30, 2)]
    assert 'rel="prev" href="?area=neck&amp;page=1"' in html
    # Facets count under the other filters: the neck routines by difficulty and time.
    assert re.search(r"Easy <span class=\"facet__count\">\(5", html)
    assert re.search(r"Moderate <span class=\"facet__count\">\(10", html)
    assert re.search(r"10 min or less <span class=\"facet__count\">\(10", html)
    assert re.search(r"Calves <span class=\"facet__count\">\(15", html)


def test_a_filtered_page_past_the_end_shows_its_first_page(client, thirty):
    html = get(client, thirty.url + "?area=neck&difficulty=easy&page=2")
    assert "5 routines" in html and "Page 2" not in html
    assert titles(html) == ["Routine 00", "Routine 06", "Routine 12", "Routine 18", "Routine 24"]


def test_no_results_notice_when_filters_match_nothing(client, thirty):
    html = get(client, thirty.url + "?area=calves&difficulty=easy&max_time=5")
    assert "0 routines" in html
    assert "No routine matches all of these filters." in html


@pytest.mark.parametrize(
    "query", ["", "?page=last", "?area=neck&difficulty=moderate&max_time=30&page=last"]
)
def test_queries_do_not_depend_on_the_number_of_routines(
    client, home_page, taxonomy, django_assert_max_num_queries, query
):
    def count(index, routines):
        last_page = -(-routines // PER_PAGE)
        url = index.url + query.replace("last", str(last_page))
        return _count(client, url, django_assert_max_num_queries, 10)

    small = factories.publish(home_page, RoutineIndexPage(title="Few", slug="few"))
    large = factories.publish(home_page, RoutineIndexPage(title="Many", slug="many"))
    add_routines(small, 5, body_areas=[taxonomy["neck"]], difficulty="moderate")
    add_routines(large, 40, body_areas=[taxonomy["neck"]], difficulty="moderate")
    assert count(small, 5) == count(large, 40)


# The listing follows what the public sees --------------------------------------------------


def listed(client, index, query=""):
    return titles(get(client, index.url + query))


def test_publishing_unpublishing_and_retitling(client, sections):
    index = sections["routines"]
    first, second = add_routines(index, 2)
    assert listed(client, index) == ["Routine 00", "Routine 01"]
    first.title = "Zz last now"
    first.save_revision().publish()
    assert listed(client, index) == ["Routine 01", "Zz last now"]
    second.title = "A draft title nobody sees yet"
    second.save_revision()
    assert listed(client, index) == ["Routine 01", "Zz last now"]
    first.unpublish()
    html = get(client, index.url)
    assert titles(html) == ["Routine 01"] and "1 routine" in html


def test_view_restrictions_on_a_page_or_its_section(client, sections):
    index = sections["routines"]
    first, _second = add_routines(index, 2)
    restriction = PageViewRestriction.objects.create(
        page=first, restriction_type="password", password="x"
    )
    assert listed(client, index) == ["Routine 01"]
    restriction.delete()
    assert listed(client, index) == ["Routine 00", "Routine 01"]
    section = PageViewRestriction.objects.create(
        page=index, restriction_type="password", password="x"
    )
    assert not ListingEntry.objects.filter(index=index).exists()
    section.delete()
    assert ListingEntry.objects.filter(index=index, area=None, condition=None).count() == 2


def test_moving_and_deleting(client, home_page, sections):
    index = sections["routines"]
    other = factories.publish(home_page, RoutineIndexPage(title="More", slug="more"))
    first, second = add_routines(index, 2)
    first.move(other, pos="last-child")
    assert listed(client, index) == ["Routine 01"]
    assert listed(client, other) == ["Routine 00"]
    second.delete()
    assert "No routines are published yet" in get(client, index.url)


def test_deleting_a_body_area_keeps_its_routines_listed(client, sections, taxonomy):
    index = sections["routines"]
    add_routines(index, 2, body_areas=[taxonomy["neck"], taxonomy["calves"]])
    taxonomy["calves"].delete()
    html = get(client, index.url)
    assert "2 routines" in html and "Calves" not in html
    assert re.search(r"Neck <span class=\"facet__count\">\(2", html)


def test_guides_are_listed_with_their_facets(client, sections, taxonomy):
    index = sections["guides"]
    factories.guide(index, "Before a session", body_areas=[taxonomy["neck"]])
    factories.guide(index, "After a session", conditions=[taxonomy["soreness"]])
    html = get(client, index.url + "?area=neck")
    assert "1 guide" in html and titles(html) == ["Before a session"]
    assert "Post-exertional soreness" not in html  # no neck guide is about soreness
    assert titles(get(client, index.url)) == ["After a session", "Before a session"]


def test_rebuilding_gives_the_rows_the_signals_keep(sections, taxonomy):
    add_routines(sections["routines"], 3, body_areas=[taxonomy["neck"]])
    factories.guide(sections["guides"], conditions=[taxonomy["neck_pain"]])
    columns = ("index", "page", "area", "condition", "title", "difficulty", "total_minutes")

    def rows():
        return sorted(ListingEntry.objects.values_list(*columns), key=str)

    kept = rows()
    rebuild_all()
    assert rows() == kept and len(kept) == 3 * 2 + 2


def test_rebuild_listings_lists_pages_made_live_without_publishing(client, sections):
    index = sections["routines"]
    factories.routine(index, "Published")
    # A script's add_child() of a live page: no publish, so no signal.
    page = SelfCareRoutinePage(
        title="Added live",
        slug="added-live",
        summary="Made by a script.",
        total_minutes=5,
        steps=json.dumps([factories.step()]),
        red_flags=json.dumps([{"type": "red_flag", "value": "Your arm goes numb."}]),
    )
    index.add_child(instance=page)
    assert listed(client, index) == ["Published"]
    output = StringIO()
    call_command("rebuild_listings", stdout=output)
    assert "Listed 2 pages" in output.getvalue()
    assert listed(client, index) == ["Added live", "Published"]


@pytest.mark.parametrize("restricted", ["routine", "index"])
def test_deleting_restricted_pages(client, sections, restricted):
    index = sections["routines"]
    routine, _other = add_routines(index, 2)
    page = routine if restricted == "routine" else index
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    page.delete()  # its restriction goes first: nothing may list the page again meanwhile
    assert not ListingEntry.objects.filter(page=routine.pk).exists()


def test_an_expired_routine_leaves_the_index_and_every_count_at_the_same_query_count(
    client, thirty, taxonomy, django_assert_max_num_queries
):
    url = thirty.url + "?area=neck&difficulty=easy"
    before = _count(client, url, django_assert_max_num_queries, 10)
    # Published with an expiry that has now passed: still live (publish_scheduled has not run).
    expired = factories.routine(
        thirty,
        "Routine 00 expired",
        difficulty="easy",
        body_areas=[taxonomy["neck"]],
        expire_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    later = factories.routine(
        thirty,
        "Routine 00 later",
        difficulty="easy",
        body_areas=[taxonomy["neck"]],
        expire_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert SelfCareRoutinePage.objects.get(pk=expired.pk).live
    assert _count(client, url, django_assert_max_num_queries, 10) == before
    response = client.get(url)
    assert expired.title not in titles(response.content.decode())
    assert later.title in titles(response.content.decode())
    assert response.context["total"] == 6  # 5 easy neck routines of the thirty, and the later one
    unfiltered = client.get(thirty.url)
    assert unfiltered.context["total"] == 31
    facets = unfiltered.context["facets"]
    counts = {option.value: option.count for facet in facets for option in facet.options}
    assert counts["neck"] == 16 and counts["easy"] == 11
    assert client.get(expired.url).status_code == 404
