"""Partner usage: requests per API token over the last 7 and 30 days, busiest first, with when
each was last used and its status, so a partner manager sees who relies on the feed."""

import django_filters
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from feeds.models.partners import ApiToken, Partner, usage_since

STATUSES = [("active", "Active"), ("revoked", "Revoked"), ("unused", "Never used")]


class UsageFilterSet(WagtailFilterSet):
    partner = django_filters.ModelChoiceFilter(
        label="Partner", queryset=Partner.objects.order_by("name")
    )
    state = django_filters.ChoiceFilter(label="Status", choices=STATUSES, method="by_state")

    class Meta:
        model = ApiToken
        fields = ["partner", "state"]

    def by_state(self, queryset, name, value):
        return queryset.filter(
            {
                "active": Q(revoked_at__isnull=True),
                "revoked": Q(revoked_at__isnull=False),
                "unused": Q(last_used_at__isnull=True),
            }[value]
        )


class PartnerUsageReportView(ReportView):
    page_title = "Partner usage"
    header_icon = "link"
    index_url_name = "editorial_partners:index"
    index_results_url_name = "editorial_partners:results"
    filterset_class = UsageFilterSet
    permission_policy = ModelPermissionPolicy(ApiToken)
    any_permission_required = ["change"]
    columns = [
        TitleColumn("name", label="Token", url_name="wagtailsnippets_feeds_apitoken:edit"),
        Column("partner", label="Partner", accessor="partner.name"),
        Column("status", label="Status"),
        Column("requests_7", label="Requests, 7 days"),
        Column("requests_30", label="Requests, 30 days"),
        DateColumn("last_used_at", label="Last used"),
    ]
    list_export = ["name", "partner.name", "status", "requests_7", "requests_30", "last_used_at"]
    export_headings = {
        "name": "Token",
        "partner.name": "Partner",
        "status": "Status",
        "requests_7": "Requests, 7 days",
        "requests_30": "Requests, 30 days",
        "last_used_at": "Last used",
    }

    def get_queryset(self):
        def requests(days):
            counted = Sum("usage__count", filter=Q(usage__day__gte=usage_since(days)))
            return Coalesce(counted, 0)

        return (
            ApiToken.objects.select_related("partner")
            .annotate(requests_7=requests(7), requests_30=requests(30))
            .order_by("-requests_30", "partner__name", "name", "pk")
        )
