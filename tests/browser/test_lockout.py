"""The lockout page an editor sees after too many wrong passwords: readable, accessible, and
honest about when to try again and whom to ask."""

import pytest
from wagtail.models import PageViewRestriction

from tests.browser.conftest import EDITOR

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded_home(transactional_db):
    from home import demo

    return demo.seed(lambda message: None)


@pytest.fixture
def low_limit(settings):
    # The live server runs in this process, so it sees the setting; three keeps the test short.
    settings.AXES_FAILURE_LIMIT = 3


def test_the_admin_lockout_page_is_accessible(
    live_server, seeded_home, editor, low_limit, page, axe_violations
):
    page.goto(live_server.url + "/admin/login/")
    for attempt in range(3):
        page.fill("#id_username", EDITOR[0])
        page.fill("#id_password", f"wrong-{attempt}")
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.click("button[type=submit]")
        page.wait_for_load_state()
    response = answer.value
    assert response.status == 429
    assert response.headers["retry-after"] == "900"

    assert page.locator("h1").inner_text() == "Too many attempts"
    alert = page.get_by_role("alert")
    assert "locked after too many wrong passwords" in alert.inner_text()
    main = page.locator("main").inner_text()
    assert "try again in 15 minutes" in main
    assert "ask a site administrator to unlock your account" in main
    assert page.title().startswith("Too many attempts")
    assert axe_violations(page) == []

    # The right password is refused too, with the same page.
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", EDITOR[0])
    page.fill("#id_password", EDITOR[1])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Too many attempts"
    assert not page.url.rstrip("/").endswith("/admin")


def test_the_page_password_lockout_page_is_accessible(
    live_server, seeded_home, low_limit, page, axe_violations
):
    PageViewRestriction.objects.create(
        page=seeded_home, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
    )
    page.goto(live_server.url + "/")
    for attempt in range(3):
        page.fill("input[name=password]", f"wrong-{attempt}")
        page.locator("input[name=password]").press("Enter")
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Too many attempts"
    main = page.locator("main").inner_text()
    assert "This password form is locked" in main
    assert "ask the person who gave it to you" in main
    assert axe_violations(page) == []
