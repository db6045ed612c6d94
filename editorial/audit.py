"""Our entries in Wagtail's audit log, with how the history and the site history word them.

Approvals and rejections are Wagtail's own workflow entries (with the reviewer's comment);
API tokens use Wagtail's `wagtail.apitoken.*` actions (feeds/admin_views.py).
"""

from wagtail.log_actions import LogFormatter

READING_OVERRIDE = "education.reading_override"
PUBLISH_HELD = "editorial.publish.held"


class ReadingOverrideFormatter(LogFormatter):
    label = "Published above the target reading grade"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return (
            f"Published at reading grade {data.get('grade')} (target {data.get('target')}). "
            f"Reason: {data.get('reason', '')}"
        )


class PublishHeldFormatter(LogFormatter):
    label = "Publishing held back by the rules"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        when = "at its scheduled time" if data.get("go_live_at") else "(a live copy)"
        return f"Not published {when}: " + " ".join(data.get("reasons") or [])


def register(actions):
    actions.register_action(READING_OVERRIDE)(ReadingOverrideFormatter)
    actions.register_action(PUBLISH_HELD)(PublishHeldFormatter)
