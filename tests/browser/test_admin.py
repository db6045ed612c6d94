import pytest
from playwright.sync_api import expect

from .conftest import log_in, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_can_log_in_and_reach_the_page_tree(live_server, editor, page):
    seed_demo()
    log_in(page, live_server)
    assert "Dashboard" in page.title()

    response = page.goto(live_server.url + "/admin/pages/")
    assert response.status == 200
    assert page.get_by_role("link", name="Home", exact=True).count() >= 1


def test_site_settings_are_editable_in_the_admin(live_server, editor, page):
    seed_demo()
    log_in(page, live_server)

    page.goto(live_server.url + "/admin/settings/home/sitesettings/")
    page.fill("#id_phone", "not a phone")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter a phone number").first).to_be_visible()

    page.fill("#id_phone", "+1 503 555 0199")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".messages .success")
    page.goto(live_server.url + "/")
    assert "+1 503 555 0199" in page.content()
