import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from directory.blocks import interval
from directory.models import Clinic, Therapist

from .factories import ClinicFactory, LicenceFactory, add_service, listed_therapist, location_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(home_page):
    clinic = ClinicFactory(name="Harbor Bodywork", slug="harbor", website="https://harbor.example")
    place = location_at(25.76012, -80.19259, clinic=clinic, wheelchair_accessible=True)
    place.hours = [interval(0, "09:00", "17:00")]
    place.save()
    add_service(place, "Swedish massage", 60, "95")
    add_service(place, "Deep tissue", 90, "120", "140")
    therapist = listed_therapist(
        [place],
        name="Maria Lopez",
        slug="maria-lopez",
        languages="en,es",
        mobile_service=True,
        travel_radius_km=20,
        booking_url="https://book.example/maria",
        npi="1234567893",
    )
    LicenceFactory(therapist=therapist, jurisdiction="NY", number="031234", status="expired")
    return therapist


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_therapist_profile_shows_licences_hours_services_booking_and_map(client, profile):
    response = client.get("/find-a-therapist/maria-lopez/")
    html = response.content.decode()
    assert response.status_code == 200
    licence = profile.licences.get(jurisdiction="FL")
    assert licence.number in html
    assert "031234" in html and "Expired" in html  # shown, but not counted as current
    assert "09:00–17:00" in html
    assert "Swedish massage" in html and "$95" in html and "$120–140" in html
    assert 'href="https://book.example/maria"' in html
    assert "openstreetmap.org/?mlat=25.760120&amp;mlon=-80.192590" in html
    assert "style=" not in html and "<script>" not in html


def test_therapist_profile_jsonld(client, profile):
    html = client.get("/find-a-therapist/maria-lopez/").content.decode()
    graph = next(d for d in jsonld(html) if "@graph" in d)["@graph"]
    person = next(n for n in graph if n["@type"] == "Person")
    business = next(n for n in graph if n["@type"] != "Person")
    assert business["@type"] == ["HealthAndBeautyBusiness", "MedicalBusiness"]
    assert business["address"]["postalCode"] == "33131"
    assert business["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 25.76012,
        "longitude": -80.19259,
    }
    assert business["telephone"] == "+13055550123"
    assert business["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"
    assert business["priceRange"] == "$95–140"
    assert business["areaServed"]["geoRadius"] == 20000
    assert business["knowsLanguage"] == ["en", "es"]
    assert len(business["makesOffer"]) == 2
    numbers = {c["identifier"]: c for c in person["hasCredential"]}
    assert set(numbers) == {profile.licences.get(jurisdiction="FL").number, "031234"}
    assert numbers["031234"]["additionalProperty"]["value"] == "expired"
    assert person["url"].endswith("/find-a-therapist/maria-lopez/")


def test_profile_page_query_budget(client, profile, django_assert_max_num_queries):
    client.get("/find-a-therapist/maria-lopez/")  # warm the site-root cache
    with django_assert_max_num_queries(10):
        assert client.get("/find-a-therapist/maria-lopez/").status_code == 200


def test_clinic_page_lists_public_therapists_only(client, profile):
    hidden = listed_therapist(list(profile.locations.all()), licence=False, name="Hidden Person")
    LicenceFactory(therapist=hidden, verified_at=None)
    response = client.get("/clinics/harbor/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Maria Lopez" in html and "Hidden Person" not in html
    graph = next(d for d in jsonld(html) if "@graph" in d)["@graph"]
    assert graph[0]["name"] == "Harbor Bodywork"
    assert graph[0]["sameAs"] == ["https://harbor.example"]
    api = client.get("/api/v1/directory/clinics/harbor").json()
    assert [t["name"] for t in api["therapists"]] == ["Maria Lopez"]
    assert api["locations"][0]["services"][1]["price_max"] == "140.00"


def test_clinic_without_public_therapist_or_licence_is_404(client, home_page):
    ClinicFactory(slug="empty")
    assert client.get("/clinics/empty/").status_code == 404
    assert client.get("/api/v1/directory/clinics/empty").status_code == 404


def test_sitemap_lists_public_profiles(client, profile):
    hidden = listed_therapist(licence=False, slug="nobody")
    LicenceFactory(therapist=hidden, expires_on=timezone.localdate())
    xml = client.get("/sitemap.xml").content.decode()
    assert "/find-a-therapist/maria-lopez/" in xml
    assert "/clinics/harbor/" in xml
    assert "nobody" not in xml


def test_admin_listing_filters(admin_client, profile):
    soon = timezone.localdate() + dt.timedelta(days=10)
    other = listed_therapist(licence=False, name="Expiring Soon")
    LicenceFactory(therapist=other, expires_on=soon)
    base = "/admin/snippets/directory/therapist/"
    assert admin_client.get(base).status_code == 200
    html = admin_client.get(base, {"expiring": "true"}).content.decode()
    assert "Expiring Soon" in html and "Maria Lopez" not in html
    html = admin_client.get(base, {"licence_status": "expired"}).content.decode()
    assert "Maria Lopez" in html and "Expiring Soon" not in html
    html = admin_client.get(base, {"jurisdiction": "NY"}).content.decode()
    assert "Maria Lopez" in html and "Expiring Soon" not in html
    for path in ("/admin/snippets/directory/clinic/", "/admin/snippets/directory/location/"):
        assert admin_client.get(path).status_code == 200
    edit = admin_client.get(f"{base}edit/{profile.pk}/")
    assert edit.status_code == 200


def test_admin_form_errors_for_bad_npi_and_expiry(admin_client, profile):
    therapist = Therapist.objects.get()
    base = f"/admin/snippets/directory/therapist/edit/{therapist.pk}/"
    form = admin_client.get(base).context["form"]
    data = {k: v for k, v in form.initial.items() if isinstance(v, str | int | bool)}
    data.update(
        {
            "name": "Maria Lopez",
            "slug": "maria-lopez",
            "languages": "en",
            "npi": "1234567890",
            "mobile_service": "",
            "licences-TOTAL_FORMS": "1",
            "licences-INITIAL_FORMS": "0",
            "licences-MIN_NUM_FORMS": "1",
            "licences-MAX_NUM_FORMS": "1000",
            "licences-0-jurisdiction": "FL",
            "licences-0-number": "MA1",
            "licences-0-credential_type": "licence",
            "licences-0-status": "active",
            "licences-0-issued_on": "2025-01-01",
            "licences-0-expires_on": "2024-01-01",
        }
    )
    response = admin_client.post(base, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "npi" in errors
    licence_errors = response.context["form"].formsets["licences"].errors[0]
    assert "expires_on" in licence_errors


def test_demo_seed_is_idempotent(db):
    from directory import demo

    demo.seed(lambda message: None)
    counts = (Therapist.objects.count(), Clinic.objects.count(), Therapist.objects.public().count())
    demo.seed(lambda message: None)
    assert counts == (
        Therapist.objects.count(),
        Clinic.objects.count(),
        Therapist.objects.public().count(),
    )
    assert counts[0] >= 20 and counts[2] < counts[0]


def test_preview_renders_a_draft_without_publishing_it(rf, profile):
    """Editors preview unpublished changes: the preview shows them, the public page does not."""
    therapist = Therapist.objects.get(pk=profile.pk)
    therapist.name = "Maria Lopez-Draft"
    request = rf.get("/")
    response = therapist.serve_preview(request, "")
    response.render()
    html = response.content.decode()
    assert "Maria Lopez-Draft" in html
    assert 'name="robots" content="noindex"' in html
