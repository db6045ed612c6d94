"""Admin viewsets: the reports under Reports, each shown to those its view lets in."""

from django.urls import path
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.pages import PageViewSet

from editorial.publishing import RuledWorkflowActionView
from editorial.views import LicencesReportView, can_open
from education.models import GuidePage, ModalityPage, SelfCareRoutinePage


class PermittedMenuItem(MenuItem):
    """Shown to those the report's own permission check lets in."""

    view_class = None

    def is_shown(self, request):
        return can_open(request.user, self.view_class)


class LicencesMenuItem(PermittedMenuItem):
    view_class = LicencesReportView


class LicencesReportViewSet(ViewSet):
    """ "Licences expiring", under Reports, after "Due for clinical review" (600)."""

    menu_label = "Licences expiring"
    icon = "warning"
    menu_order = 650
    menu_hook = "register_reports_menu_item"
    menu_item_class = LicencesMenuItem

    def get_urlpatterns(self):
        return [
            path("", LicencesReportView.as_view(), name="index"),
            path("results/", LicencesReportView.as_view(results_only=True), name="results"),
        ]


licences_report_viewset = LicencesReportViewSet("editorial_licences", url_prefix="reports/licences")


class EducationPageViewSet(PageViewSet):
    """Wagtail's page views for an education page type, with a workflow action view that
    explains a refused approval (editorial/publishing.py)."""

    workflow_action_view_class = RuledWorkflowActionView


education_page_viewsets = [
    EducationPageViewSet(f"editorial_{model._meta.model_name}", model=model)
    for model in (SelfCareRoutinePage, ModalityPage, GuidePage)
]
