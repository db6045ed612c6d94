"""Education reports: clinical reviews due, and reading grades above the target."""

import datetime

import django_filters
from django.db.models import Case, IntegerField, Q, Value, When
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from editorial.views.base import EducationFilterSet, EducationReportMixin
from education.models.mixins import TARGET_GRADE

DUE_SOON_DAYS = 30
REVIEW_WINDOWS = [
    ("overdue", "Overdue"),
    ("soon", f"Due within {DUE_SOON_DAYS} days"),
    ("never", "Never reviewed"),
]


class ReviewFilterSet(EducationFilterSet):
    window = django_filters.ChoiceFilter(
        label="When", choices=REVIEW_WINDOWS, method="keep", empty_label="All of them"
    )


def review_condition(window, today=None):
    today = today or datetime.date.today()
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return {
        "overdue": Q(next_review_due__lt=today),
        "soon": Q(next_review_due__gte=today, next_review_due__lte=horizon),
        "never": Q(next_review_due__isnull=True),
    }.get(window, Q(next_review_due__isnull=True) | Q(next_review_due__lte=horizon))


def is_live(row):
    return row.live


class ReviewsReportView(EducationReportMixin, ReportView):
    """Education pages whose clinical review is overdue, due within 30 days, or was never
    recorded: never reviewed first, then soonest due."""

    page_title = "Due for clinical review"
    header_icon = "warning"
    index_url_name = "editorial_reviews:index"
    index_results_url_name = "editorial_reviews:results"
    filterset_class = ReviewFilterSet
    fields = ("reviewer_id", "last_reviewed", "next_review_due")
    # Never reviewed first (NULL sorts first on SQLite and last on PostgreSQL: made explicit).
    ordering_fields = ("reviewed", "next_review_due", "title", "id")
    columns = [
        TitleColumn("title", label="Page", url_name="wagtailadmin_pages:edit"),
        Column("kind_label", label="Type"),
        StatusTagColumn("status", label="Status", primary=is_live),
        Column("reviewer", label="Reviewer"),
        DateColumn("last_reviewed", label="Last reviewed"),
        DateColumn("next_review_due", label="Next review due"),
    ]
    list_export = ["title", "kind_label", "reviewer", "last_reviewed", "next_review_due"]
    export_headings = {
        "title": "Title",
        "kind_label": "Type",
        "reviewer": "Reviewer",
        "last_reviewed": "Last reviewed",
        "next_review_due": "Next review due",
    }

    def get_queryset(self):
        reviewed = Case(
            When(next_review_due__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return self.education_rows(review_condition(self.choice("window")), reviewed=reviewed)


OVERRIDE_CHOICES = [("no", "Without an override"), ("yes", "Published with an override")]


class ReadingFilterSet(EducationFilterSet):
    override = django_filters.ChoiceFilter(
        label="Override", choices=OVERRIDE_CHOICES, method="keep", empty_label="Either"
    )


def override_reason(row):
    return row.reading_grade_override_reason if row.reading_grade_override else ""


class ReadingGradeReportView(EducationReportMixin, ReportView):
    """Pages above the target reading grade, hardest first, with any override's reason."""

    page_title = "Reading grade above target"
    header_icon = "doc-full"
    index_url_name = "editorial_reading:index"
    index_results_url_name = "editorial_reading:results"
    filterset_class = ReadingFilterSet
    fields = ("reading_grade", "reading_grade_override", "reading_grade_override_reason")
    ordering_fields = ("-reading_grade", "title", "id")
    columns = [
        TitleColumn("title", label="Page", url_name="wagtailadmin_pages:edit"),
        Column("kind_label", label="Type"),
        StatusTagColumn("status", label="Status", primary=is_live),
        Column("reading_grade", label="Grade"),
        Column("override", label="Override reason", accessor=override_reason),
    ]
    list_export = ["title", "kind_label", "reading_grade", "override"]
    export_headings = {
        "title": "Title",
        "kind_label": "Type",
        "reading_grade": "Reading grade",
        "override": "Override reason",
    }

    def get_queryset(self):
        condition = Q(reading_grade__gt=TARGET_GRADE)
        override = self.choice("override")
        if override == "yes":
            condition &= Q(reading_grade_override=True)
        elif override == "no":
            condition &= Q(reading_grade_override=False)
        return self.education_rows(condition)

    def decorate_paginated_queryset(self, object_list):
        rows = super().decorate_paginated_queryset(object_list)
        for row in rows:
            row.override = override_reason(row)
        return rows
