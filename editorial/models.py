"""The clinical review: a Wagtail workflow task whose approval records the review on the page.

Members of the task's groups (Clinical reviewers) approve or request changes, with a comment
(required when asking for changes). Approving records the approver's reviewer profile and
today's date on the page, in a new revision, before Wagtail's workflow publishes the latest
revision; the publishing rules (education/rules.py) then decide, in EducationPage.publish(),
whether it may go live. Task.on_action is atomic, so a refused publish leaves the task in
review and no revision behind.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask

from education.rules import NO_PROFILE, PublishBlocked


class RequestChangesForm(TaskStateCommentForm):
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The editor sees this in the page's history and the notification.",
    )


def record_review(page, user):
    """Save a revision of the page's latest draft with the approver as its clinical reviewer,
    reviewed today. Pages without a clinical review (not education) are left alone."""
    from education.models import Reviewer

    draft = page.get_latest_revision_as_object()
    if not hasattr(draft, "reviewer_id"):
        return
    profile = Reviewer.objects.filter(user=user).first()
    if profile is None:
        raise PublishBlocked(draft, [NO_PROFILE])
    draft.reviewer = profile
    draft.last_reviewed = datetime.date.today()
    revision = draft.save_revision(user=user, log_action=False, clean=False)
    # The workflow publishes page.get_latest_revision() from this same (cached) instance.
    page.latest_revision = revision


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """A licensed clinician's review of patient education before it goes live."""

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            ("reject", "Request changes", True),
            ("approve", "Approve and publish", False),
            ("approve", "Approve with comment", True),
        ]

    def get_form_for_action(self, action):
        return RequestChangesForm if action == "reject" else TaskStateCommentForm

    def get_template_for_action(self, action):
        return "editorial/workflow_action_modal.html"

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            record_review(task_state.workflow_state.content_object, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return (
            "Clinical reviewers check the page; approving records them as its reviewer, with "
            "today's date, and publishes it if it keeps the publishing rules."
        )
