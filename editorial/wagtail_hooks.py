"""Admin hooks only: the reports (viewsets.py) and the dashboard panels (panels.py)."""

from wagtail import hooks

from editorial import audit
from editorial.panels import PANELS
from editorial.publishing import RuledPublishBulkAction
from editorial.viewsets import education_page_viewsets, report_viewsets


@hooks.register("register_admin_viewset")
def register_reports():
    return [*report_viewsets, *education_page_viewsets]


# After Wagtail's own publish action (order 0), so this one takes its place for pages.
hooks.register("register_bulk_action", RuledPublishBulkAction, order=10)


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    panels.extend(panel() for panel in PANELS if panel.is_shown(request.user))


hooks.register("register_log_actions", audit.register)
