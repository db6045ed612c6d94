"""The admin's Education parts: the taxonomy and reviewer snippets (the reports are the
editorial app's).

wagtail_hooks.py only hands these to Wagtail's hooks.
"""

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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


# Snippets go through register_snippet, not the register_admin_viewset hook: Wagtail must know
# its snippet models (choosers, extra permissions) before the admin URLs are loaded.
register_snippet(EducationTaxonomyGroup)
