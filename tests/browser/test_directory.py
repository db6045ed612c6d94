import pytest

from .conftest import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def directory(transactional_db):
    seed_demo("directory")


def test_search_by_zip_then_open_a_profile(live_server, directory, page, axe_violations):
    page.goto(live_server.url + "/find-a-therapist/")
    page.get_by_label("ZIP code").fill("33131")
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.wait_for_url("**postcode=33131**")
    status = page.get_by_role("status").first.inner_text()
    assert "within 25 km" in status
    assert axe_violations(page) == []

    page.locator(".directory-card a").first.click()
    page.wait_for_selector("h1")
    assert "Licences" in page.content()
    assert page.get_by_role("link", name="View on OpenStreetMap").first.is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert axe_violations(page) == []


def test_bad_radius_gets_a_message_not_an_error_page(live_server, directory, page):
    response = page.goto(live_server.url + "/find-a-therapist/?postcode=33131&radius=900")
    assert response.status == 400
    assert page.get_by_role("alert").inner_text().count("radius") >= 1
