"""The directory API's parameters and JSON shapes (directory/api.py), as the OpenAPI document
shows them. The search parameters are typed here for the document and for a first check of each
value; SearchForm (directory/forms.py) stays the one validator of record, shared with the HTML
page (radius range, both coordinates, a known postcode and language)."""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from directory.forms import MAX_PAGE, MAX_QUERY_LENGTH, MAX_RADIUS
from directory.models import Gender
from directory.models.therapists import CredentialType, LicenceStatus
from home.params import QueryParams, Slug, Text, Whole

FLAG = "Any of 1, true, on or yes filters; false, 0, off or no does not."


class DirectorySearchQuery(QueryParams):
    q: (
        Text(MAX_QUERY_LENGTH, "Words to find in name, bio, modality, condition or clinic.") | None
    ) = None
    postcode: Text(12, "A postcode to search around (with country, default US).") | None = None
    country: Text(2, "ISO 3166 country code of the postcode (default US).") | None = None
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude of the search centre.")
    lng: float | None = Field(
        None, ge=-180, le=180, description="Longitude of the search centre (with lat)."
    )
    radius: float | None = Field(
        None, gt=0, le=MAX_RADIUS, description="Search radius in unit (default 25)."
    )
    unit: Literal["km", "mi"] | None = Field(None, description="km (default) or mi.")
    modality: Slug(120, "Modality page slug.") | None = None
    condition: Slug(120, "Condition slug.") | None = None
    language: Text(3, "ISO 639-1 language code, such as es.") | None = None
    gender: Literal[tuple(Gender.values)] | None = Field(None, description="Gender.")
    accepting: bool | None = Field(None, description=f"Accepting new clients. {FLAG}")
    mobile: bool | None = Field(None, description=f"Mobile / outcall. {FLAG}")
    insurance: bool | None = Field(None, description=f"Takes insurance. {FLAG}")
    hsa_fsa: bool | None = Field(None, description=f"Takes HSA/FSA. {FLAG}")
    wheelchair: bool | None = Field(None, description=f"A wheelchair-accessible location. {FLAG}")
    parking: bool | None = Field(None, description=f"A location with parking. {FLAG}")
    transit: bool | None = Field(None, description=f"A location near public transit. {FLAG}")
    page: Whole(1, MAX_PAGE, "Page number, from 1.") | None = None
    page_size: Whole(1, 50, "Results per page, 1..50 (default 20).") | None = None


class LicenceOut(Schema):
    jurisdiction: str = Field(description="The state or province that issued it, such as FL.")
    number: str
    credential_type: Literal[tuple(CredentialType.values)]
    status: Literal[tuple(LicenceStatus.values)]
    current: bool = Field(description="Active or conditional, verified and not expired.")
    board_name: str | None
    board_lookup_url: str | None
    expires_on: datetime.date | None
    verified_at: datetime.datetime | None


class AddressOut(Schema):
    street_address: str
    address_line_2: str | None
    locality: str
    region: str
    postal_code: str
    country: str


class AccessibilityOut(Schema):
    wheelchair: bool
    parking: bool
    transit: bool


class LocationOut(Schema):
    id: int
    name: str | None
    clinic: str | None = Field(description="The clinic's slug, if the location is a clinic's.")
    address: AddressOut
    latitude: float
    longitude: float
    phone: str | None = Field(description="E.164, such as +13055550100.")
    accessibility: AccessibilityOut


class HoursOut(Schema):
    weekday: int = Field(ge=0, le=6, description="0 is Monday.")
    day: str
    opens: str = Field(description="HH:MM, local time.")
    closes: str


class ClosureOut(Schema):
    starts_on: datetime.date
    ends_on: datetime.date
    reason: str


class ServiceOut(Schema):
    name: str
    modality: str | None = Field(description="The public modality page's slug.")
    duration_minutes: int
    price_min: str = Field(description="A decimal amount, such as 95.00.")
    price_max: str | None
    currency: str = Field(description="ISO 4217, such as USD.")
    booking_url: str | None


class LocationDetailOut(LocationOut):
    hours: list[HoursOut]
    closures: list[ClosureOut] = Field(description="Closures that have not ended yet.")
    services: list[ServiceOut]


class TherapistSummaryOut(Schema):
    slug: str
    name: str
    pronouns: str
    url: str
    licences: list[LicenceOut]
    languages: list[str] = Field(description="ISO 639-1 codes.")
    gender: Literal[tuple(Gender.values)] | None
    accepting_new_clients: bool
    mobile_service: bool
    accepts_insurance: bool
    accepts_hsa_fsa: bool
    modalities: list[str] = Field(description="Public modality page slugs.")
    booking_url: str | None


class TherapistHitOut(TherapistSummaryOut):
    distance_km: float | None = Field(description="From the search centre, when there is one.")
    location: LocationOut | None = Field(description="The nearest location, in a geo search.")


class OriginOut(Schema):
    lat: float
    lng: float


class FacetValueOut(Schema):
    value: str = Field(description="The slug to filter on.")
    label: str
    count: int


class FacetsOut(Schema):
    """Counts among all matches. Empty (no members) when a geo search matches nothing."""

    gender: dict[str, int] = None
    language: dict[str, int] = None
    accepting: int = None
    mobile: int = None
    insurance: int = None
    hsa_fsa: int = None
    modality: list[FacetValueOut] = None
    condition: list[FacetValueOut] = None


class DirectorySearchOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    origin: OriginOut | None
    radius_km: float | None
    nearest_beyond_radius: bool = Field(
        description="Nothing matched within the radius: these are the nearest beyond it."
    )
    facets: FacetsOut
    results: list[TherapistHitOut]


class TherapistOut(TherapistSummaryOut):
    bio: str
    npi: str | None = Field(description="US National Provider Identifier.")
    conditions: list[str] = Field(description="Condition slugs.")
    travel_radius_km: int | None = Field(description="For a mobile therapist.")
    locations: list[LocationDetailOut]


class ClinicTherapistOut(Schema):
    slug: str
    name: str
    url: str


class ClinicOut(Schema):
    slug: str
    name: str
    url: str
    website: str | None
    phone: str | None
    email: str | None
    booking_url: str | None
    description: str
    locations: list[LocationDetailOut]
    therapists: list[ClinicTherapistOut]
