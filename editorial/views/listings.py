"""Listings hidden by their licences: published therapists the public rule leaves out, with
the reason, so a directory manager knows what to chase."""

import django_filters
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from directory.models import Licence, Therapist
from directory.models.visibility import valid_licence_q

# In the order the public rule trips on them: each names the first thing to fix.
REASONS = [
    ("none", "No licence on file"),
    ("status", "No active licence (revoked, suspended, expired or lapsed on the board)"),
    ("unverified", "Active licence not verified"),
    ("expired", "Licence past its expiry date"),
]


def having(condition=None):
    return Exists(Licence.objects.filter(condition or Q(), therapist=OuterRef("pk")))


ACTIVE = Q(status="active")
VERIFIED = ACTIVE & Q(verified_at__isnull=False)


def hidden_reason():
    """A Case giving a therapist without a valid licence its reason: what is left once it
    has an active, verified licence is that the licence expired."""
    return Case(
        When(~having(), then=Value("none")),
        When(~having(ACTIVE), then=Value("status")),
        When(~having(VERIFIED), then=Value("unverified")),
        default=Value("expired"),
    )


# Each reason as its own condition on a hidden listing: filtering on the Case itself made
# PostgreSQL work it out for every therapist (1.1 s at 50,000, bench/reports.py).
REASON_CONDITIONS = {
    "none": lambda: ~having(),
    "status": lambda: having() & ~having(ACTIVE),
    "unverified": lambda: having(ACTIVE) & ~having(VERIFIED),
    "expired": lambda: having(VERIFIED),
}


class HiddenFilterSet(WagtailFilterSet):
    reason = django_filters.ChoiceFilter(label="Reason", choices=REASONS, method="by_reason")

    class Meta:
        model = Therapist
        fields = ["reason"]

    def by_reason(self, queryset, name, value):
        return queryset.filter(REASON_CONDITIONS[value]())


class HiddenListingsReportView(ReportView):
    page_title = "Listings hidden by their licences"
    header_icon = "warning"
    index_url_name = "editorial_hidden:index"
    index_results_url_name = "editorial_hidden:results"
    filterset_class = HiddenFilterSet
    permission_policy = ModelPermissionPolicy(Therapist)
    any_permission_required = ["change"]
    columns = [
        TitleColumn("name", label="Therapist", url_name="wagtailsnippets_directory_therapist:edit"),
        Column("reason_label", label="Why it is hidden"),
    ]
    list_export = ["name", "reason_label"]
    export_headings = {"name": "Therapist", "reason_label": "Why it is hidden"}

    def get_queryset(self):
        # The public rule's own test first (one EXISTS on the covering licence index); the
        # reason is worked out for the hidden ones only, and the count never needs it.
        valid = valid_licence_q(today=timezone.localdate())
        return (
            Therapist.objects.filter(live=True)
            .exclude(having(valid))
            .annotate(reason=hidden_reason())
            .only("id", "name")
            .order_by("name", "pk")
        )

    def decorate_paginated_queryset(self, object_list):
        labels = dict(REASONS)
        rows = list(object_list)
        for therapist in rows:
            therapist.reason_label = labels[therapist.reason]
        return rows
