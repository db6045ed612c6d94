"""The admin's Directory menu: therapist, clinic and location snippets and the CSV import.

wagtail_hooks.py hands the import view over; the snippet group registers itself below.
"""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.urls import path
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.admin_views import IMPORT_PERMISSIONS, ImportView
from directory.models import Clinic, Licence, LicenceStatus, Location, Therapist
from directory.validators import US_JURISDICTIONS
from education.models import ModalityPage

# Items registered with this hook appear inside the Directory menu group.
DIRECTORY_MENU_HOOK = "register_directory_menu_item"

EXPIRY_WARNING_DAYS = 30


class TherapistFilterSet(WagtailFilterSet):
    licence_status = django_filters.ChoiceFilter(
        label="Licence status", choices=LicenceStatus.choices, method="filter_licence_status"
    )
    expiring = django_filters.BooleanFilter(
        label=f"Licence expiring within {EXPIRY_WARNING_DAYS} days", method="filter_expiring"
    )
    jurisdiction = django_filters.ChoiceFilter(
        label="Jurisdiction",
        choices=sorted(US_JURISDICTIONS.items(), key=lambda item: item[1]),
        method="filter_jurisdiction",
    )
    modality = django_filters.ModelChoiceFilter(
        label="Modality", field_name="modalities", queryset=ModalityPage.objects.order_by("title")
    )

    class Meta:
        model = Therapist
        fields = ["live", "accepting_new_clients"]

    def _with_licence(self, queryset, **conditions):
        licences = Licence.objects.filter(therapist=OuterRef("pk"), **conditions)
        return queryset.filter(Exists(licences))

    def filter_licence_status(self, queryset, name, value):
        return self._with_licence(queryset, status=value) if value else queryset

    def filter_jurisdiction(self, queryset, name, value):
        return self._with_licence(queryset, jurisdiction=value) if value else queryset

    def filter_expiring(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return self._with_licence(
            queryset,
            expires_on__gt=today,
            expires_on__lte=today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
        )


class LicenceSummaryColumn(Column):
    """Licence numbers with their status, so an editor sees at a glance who is hidden."""

    def get_value(self, instance):
        return ", ".join(
            f"{lic.jurisdiction} {lic.number} ({'current' if lic.is_valid() else lic.status})"
            for lic in instance.licences.all()
        )


class TherapistViewSet(SnippetViewSet):
    model = Therapist
    icon = "user"
    menu_label = "Therapists"
    list_display = [
        "name",
        LicenceSummaryColumn("licences", label="Licences"),
        BooleanColumn("accepting_new_clients", label="New clients"),
        "updated_at",
    ]
    list_export = ["name", "slug", "npi", "languages", "accepting_new_clients", "updated_at"]
    filterset_class = TherapistFilterSet
    search_fields = ["name", "slug", "npi"]
    search_backend_name = None
    ordering = ["name"]

    def get_queryset(self, request):
        return Therapist.objects.prefetch_related("licences")


class ClinicFilterSet(WagtailFilterSet):
    class Meta:
        model = Clinic
        fields = ["live", "establishment_licence_status", "establishment_licence_jurisdiction"]


class ClinicViewSet(SnippetViewSet):
    model = Clinic
    icon = "site"
    menu_label = "Clinics"
    list_display = ["name", "phone", "establishment_licence_number", "updated_at"]
    filterset_class = ClinicFilterSet
    search_fields = ["name", "slug"]
    search_backend_name = None


class LocationFilterSet(WagtailFilterSet):
    class Meta:
        model = Location
        fields = ["live", "region", "wheelchair_accessible", "parking", "near_transit"]


class LocationChooserFilterForm(BaseFilterForm):
    """Search the location chooser in the database: every word must appear in the name, the
    clinic's name, the street or the city, or begin the ZIP code. (Wagtail's own chooser
    search needs the model in its search index, which bulk imports would leave behind.)"""

    q = forms.CharField(
        label="Search term",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Name, clinic, street, city or ZIP"}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            for word in query.split()[:6]:
                objects = objects.filter(
                    Q(name__icontains=word)
                    | Q(clinic__name__icontains=word)
                    | Q(street_address__icontains=word)
                    | Q(locality__icontains=word)
                    | Q(postal_code__istartswith=word)
                )
        return objects


class LocationChooseView(ChooseView):
    filter_form_class = LocationChooserFilterForm


class LocationChooseResultsView(ChooseResultsView):
    filter_form_class = LocationChooserFilterForm


class LocationChooserViewSet(SnippetChooserViewSet):
    choose_view_class = LocationChooseView
    choose_results_view_class = LocationChooseResultsView

    def get_object_list(self):
        return Location.objects.select_related("clinic").order_by("locality", "street_address")


class LocationViewSet(SnippetViewSet):
    model = Location
    chooser_viewset_class = LocationChooserViewSet
    icon = "home"
    menu_label = "Locations"
    list_display = ["__str__", "locality", "region", "postal_code"]
    filterset_class = LocationFilterSet
    search_fields = ["street_address", "locality", "postal_code", "name"]
    search_backend_name = None

    def get_queryset(self, request):
        return Location.objects.select_related("clinic")


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perms(IMPORT_PERMISSIONS)


class ImportViewSet(ViewSet):
    """The CSV upload, listed last inside the Directory menu group."""

    menu_label = "Import CSV"
    icon = "upload"
    menu_hook = DIRECTORY_MENU_HOOK
    menu_item_class = ImportMenuItem
    # After the group's own items, which take their positions (1 to 3) as their order.
    menu_order = 100

    def get_urlpatterns(self):
        return [path("", ImportView.as_view(), name="index")]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "group"
    menu_order = 320
    submenu_hook = DIRECTORY_MENU_HOOK
    items = (TherapistViewSet, ClinicViewSet, LocationViewSet)


# Snippets go through register_snippet, not the register_admin_viewset hook: Wagtail must know
# its snippet models (choosers, the publish and lock permissions created after migrate) before
# the admin URLs, which run that hook, are loaded.
register_snippet(DirectoryGroup)
import_viewset = ImportViewSet("directory_import", url_prefix="directory/import")
