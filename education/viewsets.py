"""The admin's Education parts: the taxonomy and reviewer snippets, and the review-due report.

wagtail_hooks.py only hands these to Wagtail's hooks.
"""

from django.urls import path
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from education.admin_views import ReviewDueView
from education.models import BodyArea, Condition, Equipment, Reviewer


class NamedSnippetViewSet(SnippetViewSet):
    """Searched by name and listed with the slug, unless a subclass says otherwise."""

    list_display = ["name", "slug"]
    search_fields = ["name"]


class BodyAreaViewSet(NamedSnippetViewSet):
    model = BodyArea
    icon = "user"


class ConditionFilterSet(WagtailFilterSet):
    class Meta:
        model = Condition
        fields = {"icd10cm_codes": ["icontains"], "name": ["icontains"]}


class ConditionViewSet(NamedSnippetViewSet):
    model = Condition
    icon = "warning"
    list_display = ["name", Column("icd10cm_codes", label="ICD-10-CM"), "synonyms"]
    search_fields = ["name", "synonyms"]
    filterset_class = ConditionFilterSet


class EquipmentViewSet(NamedSnippetViewSet):
    model = Equipment
    icon = "pick"


class ReviewerViewSet(NamedSnippetViewSet):
    model = Reviewer
    icon = "user"
    list_display = ["name", "credentials"]


class EducationTaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Education"
    menu_icon = "doc-full"
    # Wagtail's Images item has 300; Exercise videos follow at 310 and the Directory at 320.
    menu_order = 305
    items = (BodyAreaViewSet, ConditionViewSet, EquipmentViewSet, ReviewerViewSet)


class ReviewDueViewSet(ViewSet):
    """The "Due for clinical review" report, listed under Reports for superusers."""

    menu_label = "Due for clinical review"
    icon = "warning"
    # First under Reports, before Wagtail's "Locked pages" (700).
    menu_order = 600
    menu_hook = "register_reports_menu_item"
    menu_item_class = AdminOnlyMenuItem

    def get_urlpatterns(self):
        return [
            path("", ReviewDueView.as_view(), name="index"),
            path("results/", ReviewDueView.as_view(results_only=True), name="results"),
        ]


# Snippets go through register_snippet, not the register_admin_viewset hook: Wagtail must know
# its snippet models (choosers, extra permissions) before the admin URLs are loaded.
register_snippet(EducationTaxonomyGroup)
review_due_viewset = ReviewDueViewSet("education_review_due", url_prefix="reports/review-due")
