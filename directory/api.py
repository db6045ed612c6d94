"""JSON for partner sites and apps: search, therapist and clinic profiles. Public listings only."""

from django.http import Http404
from ninja import Path, Query, Router

from config.api_schemas import responses
from directory.forms import SearchForm
from directory.models import Clinic, Therapist
from directory.schemas import (
    ClinicOut,
    DirectorySearchOut,
    DirectorySearchQuery,
    TherapistOut,
)
from directory.search import search as run_search
from home.links import safe_url_or_none
from home.params import SLUG_PATTERN, BadParameter

router = Router(tags=["directory"])


@router.get(
    "/search",
    response=responses(DirectorySearchOut),
    exclude_unset=True,  # facets has no members when a geo search matches nothing
    summary="Search licensed therapists",
)
def search(request, params: Query[DirectorySearchQuery]):
    """Text, distance (postcode or lat and lng, radius, unit) and filters, with facet counts.
    The typed parameters are checked first; SearchForm, shared with /find-a-therapist/, then
    reads the same query string (a postcode we don't know, lat without lng)."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        raise BadParameter.from_form(form)  # problem JSON naming each (config/api.py)
    data = form.cleaned_data
    results = run_search(
        data,
        origin=form.origin,
        radius_km=form.radius_km,
        page=data.get("page") or 1,
        page_size=data.get("page_size") or 20,
    )
    return {
        "count": results.count,
        "page": results.page,
        "pages": results.pages,
        "page_size": results.page_size,
        "origin": {"lat": results.origin[0], "lng": results.origin[1]} if results.origin else None,
        "radius_km": round(results.radius_km, 3) if results.origin else None,
        "nearest_beyond_radius": results.nearest_beyond,
        "facets": results.facets,
        "results": [hit_json(request, hit) for hit in results.hits],
    }


def hit_json(request, hit):
    data = therapist_summary(request, hit.therapist)
    data["distance_km"] = round(hit.distance_km, 2) if hit.distance_km is not None else None
    data["location"] = location_json(hit.location) if hit.location else None
    return data


def therapist_summary(request, therapist):
    return {
        "slug": therapist.slug,
        "name": therapist.name,
        "pronouns": therapist.pronouns,
        "url": therapist.absolute_url(request),
        "licences": [licence_json(lic) for lic in therapist.shown_licences if lic.is_valid()],
        "languages": therapist.language_codes,
        "gender": therapist.gender or None,
        "accepting_new_clients": therapist.accepting_new_clients,
        "mobile_service": therapist.mobile_service,
        "accepts_insurance": therapist.accepts_insurance,
        "accepts_hsa_fsa": therapist.accepts_hsa_fsa,
        "modalities": [m.slug for m in therapist.public_modalities()],
        "booking_url": safe_url_or_none(therapist.booking_url),
    }


def licence_json(licence):
    return {
        "jurisdiction": licence.jurisdiction,
        "number": licence.number,
        "credential_type": licence.credential_type,
        "status": licence.status,
        "current": licence.is_valid(),
        "board_name": licence.board_name or None,
        "board_lookup_url": safe_url_or_none(licence.board_lookup_url),
        "expires_on": licence.expires_on,
        "verified_at": licence.verified_at,
    }


def location_json(location):
    return {
        "id": location.pk,
        "name": location.display_name or None,
        "clinic": location.clinic.slug if location.clinic_id else None,
        "address": location.address_data(),
        "latitude": float(location.latitude),
        "longitude": float(location.longitude),
        "phone": location.phone or None,
        "accessibility": {
            "wheelchair": location.wheelchair_accessible,
            "parking": location.parking,
            "transit": location.near_transit,
        },
    }


def location_detail_json(location):
    data = location_json(location)
    data["hours"] = [
        {"weekday": day, "day": name, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
        for day, name, opens, closes in location.opening_intervals
    ]
    data["closures"] = location.upcoming_closures()
    data["services"] = [
        {
            "name": s.name,
            "modality": getattr(s.public_modality, "slug", None),
            "duration_minutes": s.duration_minutes,
            "price_min": str(s.price_min),
            "price_max": str(s.price_max) if s.price_max is not None else None,
            "currency": s.currency,
            "booking_url": safe_url_or_none(s.booking_url),
        }
        for s in location.services.all()
    ]
    return data


@router.get(
    "/therapists/{slug}",
    response=responses(TherapistOut, 404),
    summary="One public therapist profile",
)
def therapist(request, slug: str = Path(..., max_length=120, pattern=SLUG_PATTERN)):
    try:
        found = Therapist.objects.public_profile(slug)
    except Therapist.DoesNotExist:
        raise Http404("No such therapist.") from None
    data = therapist_summary(request, found)
    data["bio"] = found.bio
    data["npi"] = found.npi or None
    data["conditions"] = [c.slug for c in found.conditions.all()]
    data["travel_radius_km"] = found.travel_radius_km if found.mobile_service else None
    data["licences"] = [licence_json(lic) for lic in found.shown_licences]
    data["locations"] = [location_detail_json(loc) for loc in found.public_locations()]
    return data


@router.get("/clinics/{slug}", response=responses(ClinicOut, 404), summary="One public clinic")
def clinic(request, slug: str = Path(..., max_length=120, pattern=SLUG_PATTERN)):
    found = Clinic.objects.public().filter(slug=slug).first()
    if found is None:
        raise Http404("No such clinic.")
    locations = list(found.public_locations())
    therapists = Therapist.objects.public().working_at(locations)
    return {
        "slug": found.slug,
        "name": found.name,
        "url": found.absolute_url(request),
        "website": safe_url_or_none(found.website),
        "phone": found.phone or None,
        "email": found.email or None,
        "booking_url": safe_url_or_none(found.booking_url),
        "description": found.description,
        "locations": [location_detail_json(loc) for loc in locations],
        "therapists": [
            {
                "slug": t.slug,
                "name": t.name,
                "url": t.absolute_url(request),
            }
            for t in therapists.order_by("name")
        ],
    }
