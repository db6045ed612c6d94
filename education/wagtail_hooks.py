"""Admin: taxonomy and reviewer snippets with filters, and a 'due for clinical review' listing."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from education.admin_views import ReviewDueView
from education.models import BodyArea, Condition, Equipment, Reviewer


class BodyAreaViewSet(SnippetViewSet):
    model = BodyArea
    icon = "user"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ConditionFilterSet(WagtailFilterSet):
    class Meta:
        model = Condition
        fields = {"icd10cm_codes": ["icontains"], "name": ["icontains"]}


class ConditionViewSet(SnippetViewSet):
    model = Condition
    icon = "warning"
    list_display = ["name", Column("icd10cm_codes", label="ICD-10-CM"), "synonyms"]
    search_fields = ["name", "synonyms"]
    filterset_class = ConditionFilterSet


class EquipmentViewSet(SnippetViewSet):
    model = Equipment
    icon = "pick"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ReviewerViewSet(SnippetViewSet):
    model = Reviewer
    icon = "user"
    list_display = ["name", "credentials"]
    search_fields = ["name"]


class EducationTaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Education"
    menu_icon = "doc-full"
    menu_order = 250
    items = (BodyAreaViewSet, ConditionViewSet, EquipmentViewSet, ReviewerViewSet)


register_snippet(EducationTaxonomyGroup)


@hooks.register("register_admin_urls")
def review_due_urls():
    return [
        path("reports/review-due/", ReviewDueView.as_view(), name="education_review_due"),
        path(
            "reports/review-due/results/",
            ReviewDueView.as_view(results_only=True),
            name="education_review_due_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def review_due_menu_item():
    return AdminOnlyMenuItem(
        "Due for clinical review", reverse("education_review_due"), icon_name="warning", order=700
    )
