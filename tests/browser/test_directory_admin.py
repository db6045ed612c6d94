"""An editor links a therapist to a location through the searchable chooser, in Chromium."""

import pytest
from playwright.sync_api import expect

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_finds_and_adds_a_location_with_the_chooser(live_server, editor, page):
    from directory.models import Therapist
    from tests.directory.factories import listed_therapist, location_at

    therapist = listed_therapist(name="Maria Lopez", slug="maria-lopez")
    harbor = location_at(25.77, -80.19, name="Harbor Studio", street_address="1 Harbor Road")
    for number in range(30):
        location_at(25.7, -80.2, name=f"Other {number}", street_address=f"{number} Palm Way")

    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/snippets/directory/therapist/edit/{therapist.pk}/")

    page.get_by_role("button", name="Add location").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_placeholder("Name, clinic, street, city or ZIP").fill("harbor")
    expect(modal.get_by_text("Palm Way")).to_have_count(0)  # the results follow the search
    expect(modal.get_by_text("1 Harbor Road")).to_have_count(1)
    modal.locator(f"#chooser-modal-select-{harbor.pk}").check()
    modal.get_by_role("button", name="Confirm selection").click()
    page.get_by_text("Harbor Studio – 1 Harbor Road").first.wait_for()

    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/snippets/directory/therapist/")
    assert list(Therapist.objects.get(pk=therapist.pk).locations.all()) == [harbor]
