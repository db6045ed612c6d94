"""What the reports share: who may open one, and education pages of every type as one list."""

import django_filters
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from education.models import GuidePage, ModalityPage, SelfCareRoutinePage

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
    """A report over every education page type: those who may edit or publish pages."""

    permission_policy = PagePermissionPolicy()
    any_permission_required = ["change", "publish"]
    # What the rows read, besides the page's id and title.
    fields = ()

    def filter_queryset(self, queryset):
        return queryset  # the filters were applied to each page type (education_pages)

    def choice(self, name):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name) or ""
        return ""

    def education_pages(self, condition):
        """[page] of each chosen type matching the condition: one query a type."""
        kind = self.choice("kind")
        models = [EDUCATION_MODELS[kind]] if kind else EDUCATION_MODELS.values()
        pages = []
        for model in models:
            found = model.objects.filter(condition).select_related("reviewer")
            pages += list(found.only("id", "title", "live", "reviewer", *self.fields))
        return pages
