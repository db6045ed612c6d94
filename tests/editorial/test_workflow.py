"""The clinical review end to end, through the admin as its two roles: an editor submits, a
clinical reviewer asks for changes with a comment, the editor fixes and resubmits, the reviewer
approves, and the page goes live with the reviewer and today's date recorded."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from wagtail.models import PageLogEntry, Workflow, WorkflowState

from editorial.models import ClinicalReviewTask
from education.models import SelfCareRoutinePage
from tests.education import factories
from tests.education.test_admin import routine_form

pytestmark = pytest.mark.django_db


def signed_in(username, group):
    user = get_user_model().objects.create_user(username=username, password="unused")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def editor():
    return signed_in("ed", "Editors")


@pytest.fixture
def reviewer():
    user, client = signed_in("rev", "Clinical reviewers")
    factories.ReviewerFactory(name="Dana Lee", credentials="DPT", user=user)
    return user, client


def action_url(page, action):
    task_state = page.current_workflow_task_state
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


XHR = {"x-requested-with": "XMLHttpRequest"}


def test_submit_reject_resubmit_approve_live(sections, editor, reviewer):
    editor_user, editor_client = editor
    reviewer_user, reviewer_client = reviewer
    add = f"/admin/pages/add/education/selfcareroutinepage/{sections['routines'].pk}/"

    # The editor submits; the page waits in the clinical review, in the reviewer's queue.
    assert editor_client.post(add, routine_form(action="action-submit")).status_code == 302
    page = SelfCareRoutinePage.objects.get(slug="neck-release")
    assert page.workflow_in_progress and not page.live
    assert isinstance(page.current_workflow_task, ClinicalReviewTask)
    dashboard = reviewer_client.get("/admin/").content.decode()
    assert "Awaiting your review" in dashboard and "Neck release" in dashboard
    assert "Awaiting your review" not in editor_client.get("/admin/").content.decode()

    # An editor cannot approve their own submission.
    assert editor_client.post(action_url(page, "approve")).status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live

    # Asking for changes needs a comment.
    empty = reviewer_client.post(action_url(page, "reject"), {"comment": ""}, headers=XHR)
    assert empty.json()["step"] == "action" and "This field is required" in empty.json()["html"]
    asked = reviewer_client.post(
        action_url(page, "reject"),
        {"comment": "Add a red flag for numbness in the hand."},
        headers=XHR,
    )
    assert asked.json()["step"] == "success"
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
    assert rejected.user == reviewer_user
    assert rejected.data["comment"] == "Add a red flag for numbness in the hand."

    # The editor fixes it and resubmits.
    fixed = routine_form(
        action="action-submit", red_flags=("Your arm goes numb.", "Your hand goes numb.")
    )
    response = editor_client.post(f"/admin/pages/{page.pk}/edit/", fixed)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress and not page.live

    # The reviewer approves from the dashboard: live, with the review recorded.
    response = reviewer_client.post(action_url(page, "approve") + "?next=/admin/")
    told = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert response.status_code == 302 and response["Location"] == "/admin/", told
    page.refresh_from_db()
    assert page.live and not page.workflow_in_progress
    assert page.reviewer.user == reviewer_user
    assert page.last_reviewed == datetime.date.today()
    assert page.next_review_due > datetime.date.today()
    assert "Your hand goes numb." in page.red_flag_texts()
    approved = PageLogEntry.objects.get(page=page, action="wagtail.workflow.approve")
    assert approved.user == reviewer_user
    assert "Your hand goes numb." in Client().get(page.url).content.decode()

    # Its history shows both decisions, with the comment.
    history = reviewer_client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    assert "Add a red flag for numbness in the hand." in history


def test_an_approver_without_a_reviewer_profile_is_told_and_nothing_changes(sections, editor):
    _, editor_client = editor
    user, client = signed_in("rev2", "Clinical reviewers")  # no profile linked
    add = f"/admin/pages/add/education/selfcareroutinepage/{sections['routines'].pk}/"
    editor_client.post(add, routine_form(action="action-submit"))
    page = SelfCareRoutinePage.objects.get(slug="neck-release")
    response = client.post(action_url(page, "approve"))
    assert response.status_code == 302
    told = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "no reviewer profile" in told
    page.refresh_from_db()
    assert not page.live and page.workflow_in_progress
    assert page.get_latest_revision_as_object().reviewer_id is None


def test_an_overdue_page_is_published_again_by_an_approval(sections, reviewer):
    """The approval is the review: a page whose review fell due goes live once approved."""
    reviewer_user, reviewer_client = reviewer
    page = factories.routine(sections["routines"])
    SelfCareRoutinePage.objects.filter(pk=page.pk).update(
        last_reviewed=datetime.date(2020, 1, 1), next_review_due=datetime.date(2021, 1, 1)
    )
    page.refresh_from_db()
    page.title = "Neck release, revised"
    page.save_revision(user=reviewer_user)
    Workflow.objects.get(name="Clinical review").start(page, reviewer_user)
    page.refresh_from_db()
    reviewer_client.post(action_url(page, "approve"))
    page.refresh_from_db()
    assert page.title == "Neck release, revised" and page.live
    assert page.last_reviewed == datetime.date.today()
