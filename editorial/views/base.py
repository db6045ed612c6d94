"""What the reports share: who may open one, and education pages of every type as one list."""

from types import SimpleNamespace

import django_filters
from django.db.models import CharField, Value
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from education.models import GuidePage, ModalityPage, Reviewer, SelfCareRoutinePage

EDUCATION_MODELS = {"routine": SelfCareRoutinePage, "modality": ModalityPage, "guide": GuidePage}
KINDS = [("routine", "Self-care routines"), ("modality", "Modalities"), ("guide", "Guides")]


def can_open(user, view_class):
    """Whether the report view's own permission check lets this user in (its menu item and
    its dashboard panel ask the same)."""
    return view_class.permission_policy.user_has_any_permission(
        user, view_class.any_permission_required
    )


class EducationFilterSet(WagtailFilterSet):
    """Read by the report itself (EducationReportMixin): its rows come from three page
    tables, so the filterset only holds the choices; `Page` is never queried through it."""

    kind = django_filters.ChoiceFilter(label="Type", choices=KINDS, method="keep")

    class Meta:
        model = Page
        fields = []

    def keep(self, queryset, name, value):
        return queryset


class EducationReportMixin:
    """A report over every education page type, for those who may edit or publish pages.

    Its rows are one UNION of the page types' tables, sorted and paginated by the database,
    so a page of the report costs the same at 5,000 routines as at 5; each row is a plain
    record (the page's id, title, status, type and `fields`), the reviewers of a page's rows
    read in one more query."""

    permission_policy = PagePermissionPolicy()
    any_permission_required = ["change", "publish"]
    fields = ()  # what the rows read besides id, title, live and the type
    ordering_fields = ("title", "id")

    def filter_queryset(self, queryset):
        return queryset  # the filters were applied to each page type (education_rows)

    def choice(self, name):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name) or ""
        return ""

    def education_rows(self, condition, **annotations):
        kind = self.choice("kind")
        chosen = {kind: EDUCATION_MODELS[kind]} if kind else EDUCATION_MODELS
        parts = [
            model.objects.filter(condition)
            .annotate(kind=Value(name, output_field=CharField()), **annotations)
            .values("id", "title", "live", "kind", *self.fields, *annotations)
            .order_by()  # the page tree's own order is not allowed inside a UNION
            for name, model in chosen.items()
        ]
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return rows.order_by(*self.ordering_fields)

    def paginate_queryset(self, queryset, page_size):
        # The listing's table is built from the page's rows, before decorate_paginated_queryset.
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = self.decorate_paginated_queryset(rows)
        return paginator, page, page.object_list, is_paginated

    def decorate_paginated_queryset(self, object_list):
        if isinstance(object_list, list):
            return object_list  # decorated already, when it was paginated
        rows = [SimpleNamespace(pk=row["id"], **row) for row in object_list]
        reviewer_ids = {row.reviewer_id for row in rows if getattr(row, "reviewer_id", None)}
        reviewers = Reviewer.objects.in_bulk(reviewer_ids) if reviewer_ids else {}
        labels = dict(KINDS)
        for row in rows:
            row.kind_label = labels[row.kind]
            row.status = "live" if row.live else "draft"
            row.reviewer = reviewers.get(getattr(row, "reviewer_id", None), "")
        return rows
