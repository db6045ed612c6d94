"""Admin reports (Wagtail report views, filterable, paginated, with CSV and XLSX export): what
needs someone's attention. HTTP only; viewsets.py puts them under Reports and panels.py
counts them on the dashboard."""

from editorial.views.base import can_open
from editorial.views.education import ReadingGradeReportView, ReviewsReportView
from editorial.views.licences import LicencesReportView
from editorial.views.listings import HiddenListingsReportView
from editorial.views.partners import PartnerUsageReportView
from editorial.views.videos import VideosReportView

__all__ = [
    "HiddenListingsReportView",
    "LicencesReportView",
    "PartnerUsageReportView",
    "ReadingGradeReportView",
    "ReviewsReportView",
    "VideosReportView",
    "can_open",
]
