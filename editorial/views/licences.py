"""The "Licences expiring" report."""

import datetime

import django_filters
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from directory.models import Licence, LicenceStatus, Therapist

WINDOWS = [
    ("expired", "Expired"),
    ("30", "Expiring within 30 days"),
    ("60", "Expiring within 60 days"),
    ("90", "Expiring within 90 days"),
]


class LicenceWindowFilter(django_filters.ChoiceFilter):
    """Expired, or expiring within N days (and not yet expired); empty: all of them."""

    def filter(self, queryset, value):
        today = timezone.localdate()
        if value == "expired":
            return queryset.filter(expires_on__lt=today)
        if value in ("30", "60", "90"):
            horizon = today + datetime.timedelta(days=int(value))
            return queryset.filter(expires_on__gte=today, expires_on__lte=horizon)
        return queryset


class LicenceReportFilterSet(WagtailFilterSet):
    window = LicenceWindowFilter(
        label="When", choices=WINDOWS, empty_label="Expired or within 90 days"
    )
    jurisdiction = django_filters.CharFilter(label="Jurisdiction", lookup_expr="iexact")
    status = django_filters.ChoiceFilter(label="Status", choices=LicenceStatus.choices)

    class Meta:
        model = Licence
        fields = ["window", "jurisdiction", "status"]


def therapist_edit_url(licence):
    return reverse("wagtailsnippets_directory_therapist:edit", args=[licence.therapist_id])


class LicencesReportView(ReportView):
    """Licences that expired or expire within 90 days, soonest first: a listing leaves the
    directory and the feeds on its last licence's expiry day, so whoever keeps it must renew
    or re-verify before then."""

    page_title = "Licences expiring"
    header_icon = "warning"
    index_url_name = "editorial_licences:index"
    index_results_url_name = "editorial_licences:results"
    filterset_class = LicenceReportFilterSet
    permission_policy = ModelPermissionPolicy(Therapist)
    any_permission_required = ["change"]
    columns = [
        TitleColumn(
            "therapist_name",
            label="Therapist",
            accessor="therapist.name",
            get_url=therapist_edit_url,
        ),
        Column("jurisdiction", label="Jurisdiction"),
        Column("number", label="Number"),
        Column("status", label="Status", accessor="get_status_display"),
        DateColumn("expires_on", label="Expires on"),
        Column("days_left", label="Days left"),
    ]
    list_export = ["therapist.name", "jurisdiction", "number", "status", "expires_on", "days_left"]
    export_headings = {
        "therapist.name": "Therapist",
        "jurisdiction": "Jurisdiction",
        "number": "Number",
        "status": "Status",
        "expires_on": "Expires on",
        "days_left": "Days left",
    }

    def get_queryset(self):
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=90)
        return (
            Licence.objects.filter(expires_on__isnull=False, expires_on__lte=horizon)
            .select_related("therapist")
            .order_by("expires_on", "therapist__name", "pk")
        )

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        rows = list(object_list)
        for licence in rows:
            licence.days_left = (licence.expires_on - today).days
        return rows
