"""Education pages in a real browser: filtering by tapping, printing, search, accessibility."""

import re

import pytest

from .conftest import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def education(transactional_db):
    seed_demo("education")


def test_filter_routines_then_open_one(live_server, education, page, axe_violations):
    page.goto(live_server.url + "/self-care/")
    assert axe_violations(page) == []
    total = page.locator(".listing__count").inner_text()
    page.locator(".facet__option", has_text="Neck").first.click()
    page.wait_for_url("**area=neck**")
    narrowed = page.locator(".listing__count").inner_text()
    assert int(narrowed.split()[0]) < int(total.split()[0])
    page.get_by_role("link", name="Desk-worker neck and shoulder release").click()
    page.wait_for_selector("h1")
    assert page.get_by_role("heading", name="Stop and seek care if").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert axe_violations(page) == []


def test_a_routine_prints_on_one_or_two_sheets(live_server, education, page):
    page.goto(live_server.url + "/self-care/low-back-foam-roller-routine/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    pdf = page.pdf(format="Letter")
    sheets = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= sheets <= 2


def test_search_with_a_filter(live_server, education, page, axe_violations):
    page.goto(live_server.url + "/search/?q=neck")
    page.get_by_label("Type").select_option("routine")
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.wait_for_url("**type=routine**")
    assert page.locator(".results__item").count() >= 1
    assert axe_violations(page) == []
