"""Admin forms: checks that only apply when an editor publishes."""

from wagtail.admin.forms import WagtailAdminPageForm

# The buttons that publish now or send the page on its way to publishing (a workflow).
PUBLISH_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class RoutinePageForm(WagtailAdminPageForm):
    def is_publishing(self):
        if any(self.data.get(action) for action in PUBLISH_ACTIONS):
            return True
        # A reviewer approving from the editor: the last approval publishes this revision.
        return bool(self.data.get("action-workflow-action")) and (
            self.data.get("workflow-action-name") == "approve"
        )

    def clean(self):
        from education.models.routines import video_caption_error

        cleaned_data = super().clean()
        if self.is_publishing():
            error = video_caption_error(cleaned_data.get("video"))
            if error:
                self.add_error("video", error)
        return cleaned_data
