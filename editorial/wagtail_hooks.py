"""Admin hooks only: the reports (viewsets.py) and the dashboard panels (panels.py)."""

from wagtail import hooks

from editorial.panels import LicencesPanel
from editorial.viewsets import licences_report_viewset


@hooks.register("register_admin_viewset")
def register_reports():
    return licences_report_viewset


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    if LicencesPanel.is_shown(request.user):
        panels.append(LicencesPanel())
