"""Admin viewsets: the reports under Reports, each shown to those its view lets in, and the
education page types' page viewsets (for the workflow action view)."""

from django.urls import path
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.pages import PageViewSet

from editorial import views
from editorial.publishing import RuledWorkflowActionView
from education.models import GuidePage, ModalityPage, SelfCareRoutinePage


class PermittedMenuItem(MenuItem):
    """Shown to those the report's own permission check lets in."""

    view_class = None

    def is_shown(self, request):
        return views.can_open(request.user, self.view_class)


class ReportViewSet(ViewSet):
    """One report: its index and results URLs and its item under Reports."""

    view_class = None
    icon = "warning"
    menu_hook = "register_reports_menu_item"

    def __init__(self, name, view_class, label, order, url_prefix, icon="warning"):
        self.view_class = view_class
        self.menu_label = label
        self.menu_order = order
        self.icon = icon
        self.menu_item_class = type(
            f"{view_class.__name__}MenuItem", (PermittedMenuItem,), {"view_class": view_class}
        )
        super().__init__(name, url_prefix=url_prefix)

    def get_urlpatterns(self):
        return [
            path("", self.view_class.as_view(), name="index"),
            path("results/", self.view_class.as_view(results_only=True), name="results"),
        ]


# Before Wagtail's own reports ("Locked pages" is 700), in the order the work comes.
report_viewsets = [
    ReportViewSet(
        "editorial_reviews",
        views.ReviewsReportView,
        "Due for clinical review",
        600,
        "reports/review-due",
    ),
    ReportViewSet(
        "editorial_reading",
        views.ReadingGradeReportView,
        "Reading grade above target",
        610,
        "reports/reading-grade",
        icon="doc-full",
    ),
    ReportViewSet(
        "editorial_videos",
        views.VideosReportView,
        "Videos needing attention",
        620,
        "reports/videos",
        icon="media",
    ),
    ReportViewSet(
        "editorial_licences", views.LicencesReportView, "Licences expiring", 650, "reports/licences"
    ),
    ReportViewSet(
        "editorial_hidden",
        views.HiddenListingsReportView,
        "Listings hidden by licences",
        660,
        "reports/hidden-listings",
    ),
    ReportViewSet(
        "editorial_partners",
        views.PartnerUsageReportView,
        "Partner usage",
        670,
        "reports/partner-usage",
        icon="link",
    ),
]


class EducationPageViewSet(PageViewSet):
    """Wagtail's page views for an education page type, with a workflow action view that
    explains a refused approval (editorial/publishing.py)."""

    workflow_action_view_class = RuledWorkflowActionView


education_page_viewsets = [
    EducationPageViewSet(f"editorial_{model._meta.model_name}", model=model)
    for model in (SelfCareRoutinePage, ModalityPage, GuidePage)
]
