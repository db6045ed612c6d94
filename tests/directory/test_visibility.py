"""Nothing non-public is ever visible: pages, search, API and sitemap all agree."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import Clinic, LicenceStatus, Location, Therapist

from .factories import (
    ClinicFactory,
    LicenceFactory,
    TherapistFactory,
    listed_therapist,
    location_at,
)

pytestmark = pytest.mark.django_db


def test_published_therapist_with_current_licence_is_public():
    therapist = listed_therapist()
    assert list(Therapist.objects.public()) == [therapist]


@pytest.mark.parametrize(
    "licence",
    [
        {"status": "expired"},
        {"status": "suspended"},
        {"verified_at": None},
        {"expires_on": dt.date(2020, 1, 1)},
    ],
)
def test_licence_problems_hide_the_listing(licence):
    therapist = TherapistFactory()
    LicenceFactory(therapist=therapist, **licence)
    assert not Therapist.objects.public().exists()


def test_expiry_hides_on_the_day_itself_without_any_job(client, home_page):
    therapist = TherapistFactory()
    LicenceFactory(therapist=therapist, expires_on=timezone.localdate())
    assert not Therapist.objects.public().exists()
    assert client.get(therapist.get_absolute_url()).status_code == 404
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert Therapist.objects.public(today=tomorrow - dt.timedelta(days=2)).exists()


def test_unpublished_therapist_hidden_even_with_valid_licence():
    listed_therapist(live=False)
    assert not Therapist.objects.public().exists()


def test_one_valid_licence_among_bad_ones_is_enough():
    therapist = TherapistFactory()
    LicenceFactory(therapist=therapist, status="revoked")
    LicenceFactory(therapist=therapist, jurisdiction="NY", number="012345")
    assert list(Therapist.objects.public()) == [therapist]


def test_location_and_clinic_public_only_through_public_therapist_or_establishment_licence():
    clinic = ClinicFactory()
    place = location_at(25.76168, -80.19179, clinic=clinic)
    hidden = listed_therapist([place], licence=False)
    LicenceFactory(therapist=hidden, status="expired")
    assert not Location.objects.public().exists()
    assert not Clinic.objects.public().exists()

    clinic.establishment_licence_jurisdiction = "FL"
    clinic.establishment_licence_number = "MM12345"
    clinic.establishment_licence_status = "active"
    clinic.establishment_licence_verified_at = timezone.now()
    clinic.save()
    assert list(Location.objects.public()) == [place]
    assert list(Clinic.objects.public()) == [clinic]


licence_strategy = st.fixed_dictionaries(
    {
        "status": st.sampled_from(LicenceStatus.values),
        "verified": st.booleans(),
        "expires_in": st.one_of(st.none(), st.integers(min_value=-3, max_value=3)),
    }
)
therapist_strategy = st.fixed_dictionaries(
    {"live": st.booleans(), "licences": st.lists(licence_strategy, max_size=3)}
)


def expected_public(spec):
    return spec["live"] and any(
        lic["status"] == "active"
        and lic["verified"]
        and (lic["expires_in"] is None or lic["expires_in"] > 0)
        for lic in spec["licences"]
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(therapist_strategy, min_size=1, max_size=4))
def test_nothing_non_public_is_ever_visible(client, home_page, specs):
    with transaction.atomic():
        place = location_at(25.76168, -80.19179)
        today = timezone.localdate()
        public, hidden = set(), set()
        for n, spec in enumerate(specs):
            therapist = TherapistFactory(live=spec["live"], bio="Swedish massage")
            for k, lic in enumerate(spec["licences"]):
                expires = lic["expires_in"]
                LicenceFactory(
                    therapist=therapist,
                    number=f"P{n}X{k}",
                    status=lic["status"],
                    verified_at=timezone.now() if lic["verified"] else None,
                    expires_on=None if expires is None else today + dt.timedelta(days=expires),
                )
            therapist.locations.set([place])
            therapist.save()
            (public if expected_public(spec) else hidden).add(therapist.slug)

        assert set(Therapist.objects.public().values_list("slug", flat=True)) == public
        for query in ("", "q=swedish", "lat=25.76&lng=-80.19&radius=10", "q=massage&postcode="):
            body = client.get(f"/api/v1/directory/search?{query}&page_size=50").json()
            assert {hit["slug"] for hit in body["results"]} == public, query
        page = client.get("/find-a-therapist/?q=swedish").content.decode()
        sitemap = client.get("/sitemap.xml").content.decode()
        for slug in public:
            assert client.get(f"/find-a-therapist/{slug}/").status_code == 200
            assert f"/find-a-therapist/{slug}/" in sitemap
        for slug in hidden:
            assert client.get(f"/find-a-therapist/{slug}/").status_code == 404
            assert client.get(f"/api/v1/directory/therapists/{slug}").status_code == 404
            assert slug not in page
            assert slug not in sitemap
        transaction.set_rollback(True)
