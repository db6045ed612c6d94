"""The public directory pages: HTTP only (the context comes from the models)."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from directory.forms import FLAG_FILTERS, KM_PER_MILE, SearchForm
from directory.models import Clinic, Therapist
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


@require_GET
def therapist_detail(request, slug):
    try:
        therapist = Therapist.objects.public_profile(slug)
    except Therapist.DoesNotExist:
        raise Http404("No public therapist here.") from None
    return TemplateResponse(request, therapist.template, therapist.get_context(request))


@require_GET
def clinic_detail(request, slug):
    clinic = get_object_or_404(Clinic.objects.public(), slug=slug)
    return TemplateResponse(request, clinic.template, clinic.get_context(request))
