import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from directory.models import Clinic, Licence, Location, Service, Therapist

MIAMI = (Decimal("25.761680"), Decimal("-80.191790"))


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")
    phone = "+13055550123"
    live = True


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    street_address = factory.Sequence(lambda n: f"{n} Brickell Ave")
    locality = "Miami"
    region = "FL"
    postal_code = "33131"
    latitude = MIAMI[0]
    longitude = MIAMI[1]
    live = True


class TherapistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Therapist

    name = factory.Sequence(lambda n: f"Therapist {n}")
    slug = factory.Sequence(lambda n: f"therapist-{n}")
    bio = "Swedish and deep tissue massage for desk workers."
    languages = "en"
    live = True


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Licence

    therapist = factory.SubFactory(TherapistFactory)
    jurisdiction = "FL"
    number = factory.Sequence(lambda n: f"MA{10000 + n}")
    status = "active"
    board_name = "Florida Board of Massage Therapy"
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=700))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=300))
    verified_at = factory.LazyFunction(timezone.now)


def listed_therapist(locations=(), licence=True, **fields):
    """A therapist at the given locations, with a current licence unless licence=False."""
    therapist = TherapistFactory(**fields)
    if licence:
        LicenceFactory(therapist=therapist)
    if locations:
        therapist.locations.set(locations)
        therapist.save()
    return therapist


def location_at(lat, lng, **fields):
    return LocationFactory(
        latitude=Decimal(f"{lat:.6f}"), longitude=Decimal(f"{lng:.6f}"), **fields
    )


def add_service(location, name="Swedish massage", minutes=60, price="95.00", price_max=None):
    return Service.objects.create(
        location=location,
        name=name,
        duration_minutes=minutes,
        price_min=Decimal(price),
        price_max=Decimal(price_max) if price_max else None,
    )
