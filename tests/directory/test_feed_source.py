"""directory/feed.py: the directory's feed items (JSON Feed 1.1 items with the `_fascia`
extension), the reason a listing is hidden, when it expires, its filter terms, and the number of
queries whatever the number of listings."""

import datetime as dt
import json
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from directory.feed import DirectoryFeedSource, summary
from directory.models import Licence, LicenceStatus, Therapist
from feeds.items import REASONS, FeedItem, Hidden
from tests.education import factories as education

from .factories import ClinicFactory, LicenceFactory, add_service, listed_therapist, location_at

pytestmark = pytest.mark.django_db

ROOT = "https://listings.example.org"
MIAMI = (25.76168, -80.19179)
source = DirectoryFeedSource()


@pytest.fixture
def site_root(home_page):
    """The default Site on another host than the test client's ("testserver")."""
    Site.objects.filter(is_default_site=True).update(hostname="listings.example.org", port=443)
    cache.clear()  # the site cache (home/site_cache.py)
    return ROOT


@pytest.fixture
def modality_page(home_page):
    index = education.sections(home_page)["modalities"]
    return education.modality(index, title="Swedish massage", slug="swedish-massage")


@pytest.fixture
def full_listing(site_root, modality_page):
    """A public therapist with everything an item can show."""
    clinic = ClinicFactory(name="Harbor Bodywork", slug="harbor-bodywork")
    place = location_at(*MIAMI, clinic=clinic, postal_code="33 131", phone="+13055550188")
    place.hours = [("interval", {"weekday": "0", "opens": "09:00", "closes": "17:00"})]
    place.save()
    service = add_service(place, price="95.00", price_max="120.00")
    service.modality = modality_page
    service.save()
    therapist = listed_therapist(
        locations=[place],
        name="Maria Lopez",
        pronouns="she/her",
        bio="Deep tissue for desk workers. Twenty years in Miami. Speaks Spanish.",
        languages="en,es",
        booking_url="https://book.example.com/maria",
        mobile_service=True,
        travel_radius_km=15,
        photo=Image.objects.create(title="Maria", file=get_test_image_file("maria.png")),
    )
    condition = education.ConditionFactory(name="Neck pain", icd10cm_codes="M54.2, M54.50")
    therapist.modalities.set([modality_page])
    therapist.conditions.set([condition])
    therapist.save()
    return therapist


def build_one(therapist_id):
    return source.build("therapist", [therapist_id])[therapist_id]


def rfc3339(moment):
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def test_a_public_therapist_is_a_json_feed_item_with_site_root_urls(full_listing):
    found = build_one(full_listing.pk)
    assert isinstance(found, FeedItem)
    item = json.loads(json.dumps(found.item))  # only JSON types
    assert item["url"] == f"{ROOT}/find-a-therapist/{full_listing.slug}/"
    assert item["image"].startswith(f"{ROOT}/")
    assert item["title"] == "Maria Lopez"
    assert item["summary"] == "Deep tissue for desk workers. Twenty years in Miami. Speaks Spanish."
    assert item["content_text"] == full_listing.bio
    # RFC 3339 in UTC with milliseconds, as education items and tombstones write their dates.
    assert item["date_modified"] == rfc3339(full_listing.updated_at)
    assert item["language"] == found.language == "en"
    assert item["tags"] == ["swedish-massage"]
    assert "id" not in item


def test_the_fascia_extension_carries_the_listing(full_listing):
    fascia = build_one(full_listing.pk).item["_fascia"]
    licence = full_listing.licences.get()
    assert fascia["type"] == "therapist"
    assert (fascia["name"], fascia["pronouns"]) == ("Maria Lopez", "she/her")
    assert fascia["licences"] == [
        {
            "jurisdiction": "FL",
            "number": licence.number,
            "credential_type": "licence",
            "status": "active",
            "current": True,
            "verified_at": rfc3339(licence.verified_at),
            "expires_on": licence.expires_on.isoformat(),
            "board_name": "Florida Board of Massage Therapy",
            "board_lookup_url": None,
        }
    ]
    assert fascia["modalities"] == [{"slug": "swedish-massage", "title": "Swedish massage"}]
    assert fascia["conditions"] == [
        {"slug": "neck-pain", "name": "Neck pain", "icd10cm": ["M54.2", "M54.50"]}
    ]
    assert fascia["languages"] == ["en", "es"]
    assert (fascia["mobile_service"], fascia["travel_radius_km"]) == (True, 15)
    assert fascia["booking_url"] == "https://book.example.com/maria"
    assert fascia["jsonld"]["@graph"][0]["url"] == f"{ROOT}/find-a-therapist/{full_listing.slug}/"


def test_each_location_has_clinic_address_geo_hours_and_services(full_listing):
    [place] = build_one(full_listing.pk).item["_fascia"]["locations"]
    assert place["clinic"] == {"slug": "harbor-bodywork", "name": "Harbor Bodywork"}
    assert place["address"]["postal_code"] == "33 131"
    assert place["geo"] == {"latitude": MIAMI[0], "longitude": MIAMI[1]}
    assert place["phone"] == "+13055550188"
    assert place["hours"] == [{"weekday": 0, "day": "Monday", "opens": "09:00", "closes": "17:00"}]
    assert place["accessibility"] == {"wheelchair": False, "parking": False, "transit": False}
    assert place["services"] == [
        {
            "name": "Swedish massage",
            "modality": "swedish-massage",
            "duration_minutes": 60,
            "price_min": "95.00",
            "price_max": "120.00",
            "currency": "USD",
            "booking_url": None,
        }
    ]


def test_terms_and_points(full_listing):
    found = build_one(full_listing.pk)
    assert sorted(found.terms) == sorted(
        [
            "type:therapist",
            "modality:swedish-massage",
            "condition:neck-pain",
            "icd:m54.2",
            "icd:m54.50",
            "lang:en",
            "lang:es",
            "jurisdiction:fl",
            "postcode:33131",
            "clinic:harbor-bodywork",
        ]
    )
    assert found.points == [MIAMI]


def test_a_hidden_modality_page_is_in_neither_item_nor_terms(full_listing, modality_page):
    education.put_in_state(modality_page, "draft")
    found = build_one(full_listing.pk)
    assert found.item["tags"] == []
    assert found.item["_fascia"]["modalities"] == []
    assert found.item["_fascia"]["locations"][0]["services"][0]["modality"] is None
    assert not [term for term in found.terms if term.startswith("modality:")]


def test_an_unpublished_place_is_left_out(full_listing):
    full_listing.locations.update(live=False)
    found = build_one(full_listing.pk)
    assert found.item["_fascia"]["locations"] == []
    assert found.points == []


def test_summary_keeps_whole_sentences_within_the_limit():
    assert summary("") is None
    assert summary("<p>One.</p> Two!") == "One. Two!"
    long = "A" * 150 + ". " + "B" * 100 + "."
    assert summary(long) == "A" * 150 + "."
    assert len(summary("word " * 100)) <= 200


def hide(therapist, **licence):
    Licence.objects.filter(therapist=therapist).update(**licence)


@pytest.mark.parametrize(
    ("licence", "reason"),
    [
        ({"status": LicenceStatus.REVOKED}, "licence_revoked"),
        ({"status": LicenceStatus.SUSPENDED}, "licence_suspended"),
        ({"status": LicenceStatus.EXPIRED}, "licence_expired"),
        ({"expires_on": dt.date(2020, 1, 1)}, "licence_expired"),
        ({"verified_at": None}, "verification_withdrawn"),
    ],
)
def test_a_listing_without_a_valid_licence_is_hidden_with_the_licence_reason(licence, reason):
    therapist = listed_therapist()
    hide(therapist, **licence)
    assert build_one(therapist.pk) == Hidden("therapist", therapist.pk, reason)
    assert reason in REASONS


def test_a_licence_expiring_today_hides_the_listing_today():
    therapist = listed_therapist()
    hide(therapist, expires_on=timezone.localdate())
    assert build_one(therapist.pk).reason == "licence_expired"


def test_the_most_serious_licence_problem_wins():
    therapist = listed_therapist()
    hide(therapist, verified_at=None)
    LicenceFactory(therapist=therapist, jurisdiction="GA", status=LicenceStatus.REVOKED)
    assert build_one(therapist.pk).reason == "licence_revoked"


def test_unpublished_and_deleted():
    unpublished = listed_therapist(live=False)
    hide(unpublished, status=LicenceStatus.REVOKED)
    gone = listed_therapist()
    gone_id = gone.pk
    gone.delete()
    found = source.build("therapist", [unpublished.pk, gone_id])
    assert found[unpublished.pk].reason == "unpublished"
    assert found[gone_id] == Hidden("therapist", gone_id, "deleted")


def test_valid_until_is_the_start_of_the_day_the_first_valid_licence_expires(settings):
    """The listing stays public past that day on its other licence, but that licence is no
    longer current then: the item changes by the calendar, and feeds/ rebuilds it."""
    settings.TIME_ZONE = "America/New_York"
    therapist = listed_therapist()
    first = timezone.localdate() + dt.timedelta(days=10)
    hide(therapist, expires_on=first + dt.timedelta(days=5))
    LicenceFactory(therapist=therapist, jurisdiction="GA", expires_on=first)
    LicenceFactory(therapist=therapist, jurisdiction="NY", expires_on=first - dt.timedelta(days=9))
    Licence.objects.filter(jurisdiction="NY").update(status=LicenceStatus.SUSPENDED)
    found = build_one(therapist.pk)
    assert found.valid_until == dt.datetime(
        first.year, first.month, first.day, tzinfo=timezone.get_default_timezone()
    )
    assert found.valid_until.utcoffset() in (dt.timedelta(hours=-5), dt.timedelta(hours=-4))
    assert found.expiry_reason == "licence_expired"
    assert sorted(t for t in found.terms if t.startswith("jurisdiction:")) == [
        "jurisdiction:fl",
        "jurisdiction:ga",
    ]


def test_on_that_day_the_other_licence_keeps_the_listing_and_the_item_says_so():
    therapist = listed_therapist()
    first = timezone.localdate() + dt.timedelta(days=10)
    LicenceFactory(therapist=therapist, jurisdiction="GA", expires_on=first)
    that_day = dt.datetime.combine(first, dt.time(0, 0, 1), tzinfo=dt.UTC)  # TIME_ZONE is UTC
    with mock.patch("django.utils.timezone.now", return_value=that_day):
        found = build_one(therapist.pk)
    current = {lic["jurisdiction"]: lic["current"] for lic in found.item["_fascia"]["licences"]}
    assert current == {"FL": True, "GA": False}
    assert "jurisdiction:ga" not in found.terms
    assert found.valid_until.date() == therapist.licences.get(jurisdiction="FL").expires_on


def test_a_licence_without_expiry_means_no_valid_until():
    therapist = listed_therapist()
    hide(therapist, expires_on=None)
    assert build_one(therapist.pk).valid_until is None


def test_public_ids_are_the_public_rule():
    public = listed_therapist()
    listed_therapist(live=False)
    hide(listed_therapist(), status=LicenceStatus.REVOKED)
    assert source.public_ids("therapist") == [public.pk]
    assert list(Therapist.objects.public().values_list("pk", flat=True)) == [public.pk]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="routine"):
        source.build("routine", [1])


def listings(count, modality_page):
    """`count` public therapists, each with a photo (and its rendition made), two places at a
    clinic with hours and two services, a modality and a condition."""
    condition = education.ConditionFactory(name="Back pain", icd10cm_codes="M54.50")
    photo = Image.objects.create(title="Photo", file=get_test_image_file("photo.png"))
    photo.get_rendition("fill-320x320")
    clinic = ClinicFactory()
    made = []
    for n in range(count):
        places = [location_at(25.7 + n / 1000, -80.19, clinic=clinic) for _ in range(2)]
        for place in places:
            place.hours = [("interval", {"weekday": "1", "opens": "10:00", "closes": "18:00"})]
            place.save()
            add_service(place)
            add_service(place, name="Deep tissue", price="120.00")
        therapist = listed_therapist(locations=places, photo=photo)
        therapist.modalities.set([modality_page])
        therapist.conditions.set([condition])
        therapist.save()
        made.append(therapist.pk)
    hidden = listed_therapist()
    hide(hidden, status=LicenceStatus.REVOKED)
    return [*made, hidden.pk]


@pytest.mark.parametrize("count", [1, 50])
def test_build_costs_the_same_queries_for_one_or_fifty(
    count, site_root, modality_page, django_assert_max_num_queries
):
    ids = listings(count, modality_page)
    cache.clear()  # cold caches: the site and the public modality pages are read too
    with django_assert_max_num_queries(11):
        built = source.build("therapist", ids)
    assert sum(isinstance(found, FeedItem) for found in built.values()) == count
    assert all(len(built[pk].item["_fascia"]["locations"]) == 2 for pk in ids[:-1])
    json.dumps([found.item for found in built.values() if isinstance(found, FeedItem)])


def test_a_price_is_a_string_and_coordinates_numbers(site_root):
    place = location_at(*MIAMI)
    add_service(place, price="80.50")
    therapist = listed_therapist(locations=[place])
    service = build_one(therapist.pk).item["_fascia"]["locations"][0]["services"][0]
    assert (service["price_min"], service["price_max"]) == ("80.50", None)
    assert Decimal(service["price_min"]) == Decimal("80.50")
