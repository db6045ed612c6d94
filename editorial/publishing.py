"""Where the admin publishes without the page form, a page the publishing rules refuse
(education.rules.PublishBlocked) is answered in the admin's own style instead of an error
page: the dashboard's and the history's workflow action modal, and the bulk publish action.

The rules themselves run in EducationPage.publish(); these only ask the same rule set first
or catch its refusal and say which rule and how to fix it.
"""

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail.admin import messages
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.workflow import WorkflowActionView

from education.rules import ALL_STAGES, PUBLISHING_RULES, PublishBlocked


def blocked_message(blocked):
    return format_html(
        "“{}” was not published: {}",
        blocked.page.title,
        format_html_join(" ", "{}", ((problem.message,) for problem in blocked.problems)),
    )


class RuledWorkflowActionView(WorkflowActionView):
    """Wagtail's workflow action (approve, request changes), which runs no page hook: an
    approval the publishing rules refuse is rolled back and explained, in the modal when the
    action has one, otherwise as an error message on the page's editor."""

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().post(request, *args, **kwargs)
        except PublishBlocked as blocked:
            return self.refused(request, blocked)

    def refused(self, request, blocked):
        edit_url = reverse("wagtailadmin_pages:edit", args=(self.object.pk,))
        if self.form_class and self.action_modal and self.is_xhr(request):
            form = self.form_class(request.POST)
            form.is_valid()
            for problem in blocked.problems:
                form.add_error(None, problem.message)
            return self.render_modal_form(request, form)
        messages.error(
            request,
            blocked_message(blocked),
            buttons=[messages.button(edit_url, "Edit the page")],
        )
        if self.is_xhr(request):
            return self.render_modal_json(request, {"step": "success", "redirect": edit_url})
        return redirect(edit_url)

    @staticmethod
    def is_xhr(request):
        return request.headers.get("x-requested-with") == "XMLHttpRequest"


def rule_problems(page):
    """The publishing rules' problems for the page's latest draft (none for other pages)."""
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if not hasattr(specific, "reading_grade_override"):
        return []
    return PUBLISHING_RULES.problems(specific.get_latest_revision_as_object(), ALL_STAGES)


class RuledPublishBulkAction(PublishBulkAction):
    """Wagtail's bulk publish, with a report of the pages the publishing rules hold back (and
    why) beside those the user may not publish; the rest are published."""

    template_name = "editorial/bulk_publish.html"

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        allowed, held = [], []
        for page in objects:
            problems = rule_problems(page)
            if problems:
                held.append({"page": page, "problems": problems})
            else:
                allowed.append(page)
        return allowed, extra | {"items_held_by_rules": held}

    @classmethod
    def execute_action(cls, objects, include_descendants=False, user=None, **kwargs):
        # Descendants are not on the confirmation screen: those the rules refuse stay drafts.
        published, children = 0, 0
        for page in objects:
            published += publish_if_allowed(page, user)
            if include_descendants:
                for child in page.get_descendants().not_live().specific().iterator():
                    if user is None or child.permissions_for_user(user).can_publish():
                        children += publish_if_allowed(child, user)
        return published, children


def publish_if_allowed(page, user):
    """1 if the page's latest revision went live, 0 if the publishing rules held it back."""
    revision = page.get_latest_revision() or page.specific.save_revision(user=user)
    try:
        with transaction.atomic():
            revision.publish(user=user)
    except PublishBlocked:
        return 0
    return 1
