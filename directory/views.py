from urllib.parse import urlencode

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from directory import jsonld
from directory.forms import FLAG_FILTERS, KM_PER_MILE, SearchForm
from directory.models import (
    Clinic,
    Licence,
    Location,
    Service,
    Therapist,
)
from directory.search import search
from directory.validators import LANGUAGE_NAMES

PAGE_SIZE = 10


@require_GET
def search_page(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "results": None, "flag_filters": FLAG_FILTERS}
    status = 200
    if request.GET and form.is_valid():
        data = form.cleaned_data
        results = search(
            data,
            origin=form.origin,
            radius_km=form.radius_km,
            page=data.get("page") or 1,
            page_size=PAGE_SIZE,
        )
        miles = data.get("unit") == "mi"
        radius = data.get("radius") or (form.radius_km / KM_PER_MILE if miles else form.radius_km)
        context.update(
            results=results,
            miles=miles,
            radius_label=f"{radius:g} {'miles' if miles else 'km'}",
            **page_links(request, results),
        )
        context["language_facets"] = [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code), "count": n}
            for code, n in results.facets.get("language", {}).items()
        ]
    elif request.GET:
        status = 400
    return TemplateResponse(request, "directory/search.html", context, status=status)


def page_links(request, results):
    """Shareable previous/next URLs that keep every other parameter."""
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    links = {}
    if results.page > 1:
        links["previous_url"] = "?" + urlencode({**params, "page": results.page - 1})
    if results.page < results.pages:
        links["next_url"] = "?" + urlencode({**params, "page": results.page + 1})
    links["query_string"] = urlencode(params)
    return links


def public_locations(queryset):
    return (
        queryset.public()
        .select_related("clinic")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.select_related("modality")),
        )
    )


@require_GET
def therapist_detail(request, slug):
    therapist = public_therapist_with_licences(slug)
    prefetch_related_objects([therapist], "modalities", "conditions")
    return TemplateResponse(
        request, "directory/therapist_detail.html", therapist_context(request, therapist)
    )


def public_therapist_with_licences(slug):
    """The public therapist and their licences in one query: a public therapist always has a
    licence, so no licence row means not public (or no such slug)."""
    licences = list(
        Licence.objects.filter(therapist__in=Therapist.objects.public().filter(slug=slug))
        .select_related("therapist__photo")
        .order_by("jurisdiction", "number")
    )
    if not licences:
        raise Http404("No public therapist here.")
    therapist = licences[0].therapist
    for licence in licences:
        licence.therapist = therapist
    therapist._prefetched_objects_cache = {"licences": licences}
    return therapist


def therapist_context(request, therapist, preview=False):
    url = request.build_absolute_uri(therapist.get_absolute_url()) if therapist.slug else ""
    if preview:
        # A preview shows the form's unsaved relations, as the editor has them.
        locations = [link.location for link in therapist.location_links.all()]
    else:
        locations = list(public_locations(Location.objects.filter(therapists=therapist)))
    image_url = None
    if therapist.photo_id:
        rendition = therapist.photo.get_rendition("fill-320x320")
        image_url = request.build_absolute_uri(rendition.url)
    return {
        "therapist": therapist,
        "licences": therapist.shown_licences,
        "locations": locations,
        "structured_data": jsonld.therapist_graph(therapist, locations, url, image_url),
        "canonical_url": url,
        "preview": preview,
    }


@require_GET
def clinic_detail(request, slug):
    clinic = get_object_or_404(Clinic.objects.public(), slug=slug)
    return TemplateResponse(
        request, "directory/clinic_detail.html", clinic_context(request, clinic)
    )


def clinic_context(request, clinic, preview=False):
    url = request.build_absolute_uri(clinic.get_absolute_url()) if clinic.slug else ""
    if preview and not clinic.pk:
        raise Http404
    locations = list(public_locations(Location.objects.filter(clinic=clinic)))
    therapists = list(
        Therapist.objects.public()
        .filter(locations__in=[loc.pk for loc in locations])
        .distinct()
        .prefetch_related(
            Prefetch("licences", queryset=Licence.objects.order_by("jurisdiction")),
            Prefetch("locations", queryset=Location.objects.filter(clinic=clinic)),
        )
    )
    therapist_urls = {t.pk: request.build_absolute_uri(t.get_absolute_url()) for t in therapists}
    return {
        "clinic": clinic,
        "locations": locations,
        "therapists": therapists,
        "structured_data": jsonld.clinic_graph(clinic, locations, therapists, url, therapist_urls),
        "canonical_url": url,
        "preview": preview,
    }
