import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded_home(transactional_db):
    from home import demo

    return demo.seed(lambda message: None)


def test_home_page_has_no_serious_accessibility_violations(
    live_server, seeded_home, page, axe_violations
):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Feel better between sessions"
    assert axe_violations(page) == []


def test_skip_link_moves_focus_to_main(live_server, seeded_home, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_home_page_fits_a_phone_without_sideways_scrolling(live_server, seeded_home, page):
    page.goto(live_server.url + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_search_page_and_404_are_accessible(live_server, seeded_home, page, axe_violations):
    page.goto(live_server.url + "/search/?q=massage")
    assert axe_violations(page) == []
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert "We can’t find that page" in page.content()
    assert axe_violations(page) == []
