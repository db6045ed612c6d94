"""The education pages' admin form: the publishing rules as form errors, before anything is
saved, so the editor sees which rule stopped the page and how to fix it."""

from wagtail.admin.forms import WagtailAdminPageForm

# The buttons that send the page towards publishing through the clinical review.
SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


class EducationPageForm(WagtailAdminPageForm):
    def rule_stages(self):
        """Which stages of the rule set this button must pass, or () when it only saves."""
        from education.rules import ALL_STAGES, CONTENT

        if self.data.get("action-publish"):
            return ALL_STAGES
        if any(self.data.get(action) for action in SUBMIT_ACTIONS):
            return (CONTENT,)
        if self.data.get("action-workflow-action") and (
            self.data.get("workflow-action-name") == "approve"
        ):
            # The approval records the clinical review itself (editorial.models).
            return (CONTENT,)
        return ()

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("reading_grade_override")
            and not (cleaned_data.get("reading_grade_override_reason") or "").strip()
        ):
            self.add_error(
                "reading_grade_override_reason",
                "Write why this page is published above the target grade, or untick the override.",
            )
        return cleaned_data

    def _post_clean(self):
        # After the model form has put the submitted values on the instance: the rules read
        # the page as it would go live.
        super()._post_clean()
        stages = self.rule_stages()
        if not stages or self.errors:
            return
        from education.rules import NO_PROFILE, PUBLISHING_RULES

        for problem in PUBLISHING_RULES.problems(self.instance, stages):
            field = problem.field if problem.field in self.fields else None
            self.add_error(field, problem.message)
        if self.data.get("workflow-action-name") == "approve" and not self.approver_has_profile():
            self.add_error(None, NO_PROFILE.message)

    def approver_has_profile(self):
        from education.models import Reviewer

        return Reviewer.objects.filter(user=self.for_user).exists()
