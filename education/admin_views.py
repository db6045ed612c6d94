"""Admin report: education pages never reviewed, overdue, or due within the next 30 days."""

import datetime

from django.db.models import Q
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from education.models import GuidePage, ModalityPage, SelfCareRoutinePage

DUE_SOON_DAYS = 30


def pages_due_for_review(today=None):
    """Never reviewed first, then by due date."""
    horizon = (today or datetime.date.today()) + datetime.timedelta(days=DUE_SOON_DAYS)
    due = Q(next_review_due__isnull=True) | Q(next_review_due__lte=horizon)
    pages = []
    for model in (ModalityPage, SelfCareRoutinePage, GuidePage):
        pages += list(model.objects.filter(due).select_related("reviewer"))
    return sorted(pages, key=lambda page: (page.next_review_due or datetime.date.min, page.title))


class ReviewDueView(ReportView):
    page_title = "Due for clinical review"
    header_icon = "warning"
    index_url_name = "education_review_due:index"  # URLs from viewsets.ReviewDueViewSet
    index_results_url_name = "education_review_due:results"
    columns = [
        TitleColumn("title", label="Page", url_name="wagtailadmin_pages:edit"),
        Column("kind", label="Type", accessor="_meta.verbose_name"),
        Column("reviewer", label="Reviewer"),
        DateColumn("last_reviewed", label="Last reviewed"),
        DateColumn("next_review_due", label="Next review due"),
    ]
    list_export = ["title", "reviewer", "last_reviewed", "next_review_due"]

    def get_queryset(self):
        return pages_due_for_review()
