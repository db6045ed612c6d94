"""The editorial admin screens in Chromium, checked with axe: the reports and their dashboard
panels, and the clinical review as an editor submits and a reviewer approves."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page

from home.models import HomePage
from tests.directory.factories import LicenceFactory, TherapistFactory
from tests.education import factories

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


REPORTS = [
    "/admin/reports/review-due/",
    "/admin/reports/reading-grade/",
    "/admin/reports/videos/",
    "/admin/reports/hidden-listings/",
    "/admin/reports/partner-usage/",
]


def test_every_report_passes_axe(live_server, editor, page, axe_violations):
    LicenceFactory(therapist=TherapistFactory(name="Ana Ruiz"), verified_at=None)
    log_in(page, live_server)
    for url in REPORTS:
        page.goto(live_server.url + url)
        assert page.get_by_role("heading", level=1).is_visible()
        assert axe_violations(page) == [], url


def member(username, group):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


PASSWORD = "s3cret-pass-2"


@pytest.fixture
def roles_and_workflow(transactional_db):
    """The groups and the "Clinical review" workflow, made by data migrations, which the
    flush after an earlier transactional test removed: made again by the same functions,
    after the page tree's root, which the workflow is attached to."""
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    for module, function in (
        ("editorial.migrations.0001_roles", "create_roles"),
        ("editorial.migrations.0003_clinical_review_workflow", "create_workflow"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


def test_an_editor_submits_and_a_reviewer_approves_from_the_dashboard(
    live_server, browser, axe_violations, roles_and_workflow
):
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    routines = factories.sections(home)["routines"]
    draft = factories.routine(routines, "Neck release", live=False)
    member("ed", "Editors")
    reviewer = member("rev", "Clinical reviewers")
    factories.ReviewerFactory(name="Dana Lee", credentials="DPT", user=reviewer)

    editor_page = browser.new_page(viewport={"width": 1280, "height": 900})
    editor_page.set_default_timeout(10_000)
    log_in(editor_page, live_server, "ed", PASSWORD)
    editor_page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
    editor_page.get_by_role("button", name="More actions").click()
    editor_page.get_by_role("button", name="Submit to Clinical review").click()
    editor_page.wait_for_url(f"**/admin/pages/{routines.pk}/")
    draft.refresh_from_db()
    assert draft.workflow_in_progress and not draft.live
    editor_page.close()

    reviewer_page = browser.new_page(viewport={"width": 1280, "height": 900})
    reviewer_page.set_default_timeout(10_000)
    log_in(reviewer_page, live_server, "rev", PASSWORD)
    waiting = reviewer_page.locator("section", has_text="Awaiting your review")
    assert "Neck release" in waiting.first.inner_text()
    assert axe_violations(reviewer_page) == []
    waiting.first.get_by_role("button", name="Actions").click()
    reviewer_page.get_by_role("button", name="Approve with comment").click()
    modal = reviewer_page.get_by_role("dialog")
    modal.get_by_label("Comment").fill("Clear and safe.")
    # What we render inside the modal is clean; the dialog element around it is made by
    # Wagtail's modal-workflow.js without an accessible name, which is not ours to change.
    assert [v for v in axe_violations(reviewer_page) if v["id"] != "aria-dialog-name"] == []
    with reviewer_page.expect_navigation():  # back to the dashboard once approved
        modal.get_by_role("button", name="Approve with comment").click()
    draft.refresh_from_db()
    assert draft.live and draft.reviewer.user == reviewer
    assert draft.last_reviewed == timezone.localdate()
    reviewer_page.close()
