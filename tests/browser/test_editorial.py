"""The editorial admin screens in Chromium: the licences report and its dashboard panel,
as a signed-in editor sees them, checked with axe."""

import datetime

import pytest
from django.utils import timezone

from tests.directory.factories import LicenceFactory, TherapistFactory

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_licences_report_and_its_panel(live_server, editor, page, axe_violations):
    LicenceFactory(
        therapist=TherapistFactory(name="Ana Ruiz"),
        expires_on=timezone.localdate() + datetime.timedelta(days=12),
        number="MA77012",
    )
    log_in(page, live_server)
    panel = page.locator("#editorial-licences-section")
    assert "Expiring within 30 days" in panel.inner_text()
    assert axe_violations(page) == []

    panel.get_by_role("link", name="Expiring within 30 days").click()
    page.wait_for_url("**/admin/reports/licences/?window=30")
    row = page.get_by_role("row").filter(has_text="Ana Ruiz")
    assert "MA77012" in row.inner_text() and "12" in row.inner_text()
    assert axe_violations(page) == []
