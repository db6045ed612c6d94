"""schema.org data for therapist and clinic profiles (rendered by home.jsonld.script)."""

from directory.validators import jurisdiction_name
from home.links import safe_href
from home.site_urls import absolute_url

BUSINESS_TYPES = ["HealthAndBeautyBusiness", "MedicalBusiness"]


def _compact(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def postal_address(location):
    return _compact(
        {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(
                part for part in (location.street_address, location.address_line_2) if part
            ),
            "addressLocality": location.locality,
            "addressRegion": location.region,
            "postalCode": location.postal_code,
            "addressCountry": location.country,
        }
    )


def opening_hours(location):
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{day}",
            "opens": opens.strftime("%H:%M"),
            "closes": closes.strftime("%H:%M"),
        }
        for _, day, opens, closes in location.opening_intervals
    ]


def price_range(services):
    prices = [p for s in services for p in (s.price_min, s.price_max) if p is not None]
    if not prices:
        return None
    symbol = services[0].currency_symbol
    low, high = min(prices), max(prices)
    return f"{symbol}{low:.0f}–{high:.0f}" if high != low else f"{symbol}{low:.0f}"


def offers(services, url):
    return [
        _compact(
            {
                "@type": "Offer",
                "itemOffered": _compact(
                    {
                        "@type": "Service",
                        "name": service.name,
                        "serviceType": getattr(service.public_modality, "title", None),
                    }
                ),
                "priceSpecification": _compact(
                    {
                        "@type": "PriceSpecification",
                        "price": f"{service.price_min:.2f}" if not service.price_max else None,
                        "minPrice": f"{service.price_min:.2f}" if service.price_max else None,
                        "maxPrice": f"{service.price_max:.2f}" if service.price_max else None,
                        "priceCurrency": service.currency,
                    }
                ),
                "url": safe_href(service.booking_url, relative=False) or url,
            }
        )
        for service in services
    ]


def credential(licence):
    return _compact(
        {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": licence.get_credential_type_display().lower(),
            "name": f"{jurisdiction_name(licence.jurisdiction)} massage therapy "
            f"{licence.get_credential_type_display().lower()} {licence.number}",
            "identifier": licence.number,
            "validUntil": licence.expires_on.isoformat() if licence.expires_on else None,
            "recognizedBy": _compact(
                {
                    "@type": "Organization",
                    "name": licence.board_name or jurisdiction_name(licence.jurisdiction),
                    "url": safe_href(licence.board_lookup_url, relative=False),
                    "areaServed": licence.jurisdiction,
                }
            ),
            # schema.org has no licence-status property; additionalProperty carries it.
            "additionalProperty": {
                "@type": "PropertyValue",
                "name": "status",
                "value": licence.status,
            },
        }
    )


def person(therapist, url, image_url=None):
    return _compact(
        {
            "@type": "Person",
            "@id": f"{url}#person",
            "name": therapist.name,
            "url": url,
            "image": image_url,
            "jobTitle": "Massage therapist",
            "knowsLanguage": therapist.language_codes,
            "hasCredential": [credential(lic) for lic in therapist.shown_licences],
            "identifier": _compact(
                {"@type": "PropertyValue", "propertyID": "NPI", "value": therapist.npi}
            )
            if therapist.npi
            else None,
        }
    )


def business(location, *, name, url, telephone, languages, mobile_radius_km=None):
    services = list(location.services.all())
    data = {
        "@type": BUSINESS_TYPES,
        "@id": f"{url}#location-{location.pk}",
        "name": name,
        "url": url,
        "telephone": location.phone or telephone,
        "address": postal_address(location),
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": float(location.latitude),
            "longitude": float(location.longitude),
        },
        "hasMap": location.osm_url,
        "openingHoursSpecification": opening_hours(location),
        "priceRange": price_range(services),
        "makesOffer": offers(services, url),
        "knowsLanguage": languages,
    }
    if mobile_radius_km:
        data["areaServed"] = {
            "@type": "GeoCircle",
            "geoMidpoint": data["geo"],
            "geoRadius": mobile_radius_km * 1000,
        }
    return _compact(data)


# The profile photo's rendition (page, JSON-LD and feed alike).
PHOTO_RENDITION = "fill-320x320"


def photo_url(therapist):
    """The photo's rendition on the Site root (home.site_urls), or None."""
    if not therapist.photo_id:
        return None
    return absolute_url(therapist.photo.get_rendition(PHOTO_RENDITION).url)


def therapist_graph(therapist, locations, request=None):
    """A Person with a credential per licence, and a local business for each place they work.

    Every URL is on the default Site's root, not the request's host (`request` is ignored), so
    the profile page and the feed carry the same graph."""
    url = therapist.absolute_url()
    people = person(therapist, url, photo_url(therapist))
    businesses = []
    for location in locations:
        clinic = location.clinic
        entry = business(
            location,
            name=clinic.name if clinic else therapist.name,
            url=url,
            telephone=clinic.phone if clinic else None,
            languages=therapist.language_codes,
            mobile_radius_km=therapist.travel_radius_km if therapist.mobile_service else None,
        )
        entry["employee"] = {"@id": people["@id"]}
        businesses.append(entry)
    if businesses:
        people["workLocation"] = [{"@id": b["@id"]} for b in businesses]
    return {"@context": "https://schema.org", "@graph": [people, *businesses]}


def clinic_graph(clinic, locations, therapists, request=None):
    """A local business for each of the clinic's places, and a Person for each therapist there
    (URLs on the Site root; `request` is ignored)."""
    url = clinic.absolute_url()
    staff = [person(t, t.absolute_url()) for t in therapists]
    languages = sorted({code for t in therapists for code in t.language_codes})
    businesses = []
    for location in locations:
        entry = business(
            location, name=clinic.name, url=url, telephone=clinic.phone, languages=languages
        )
        entry["email"] = clinic.email or None
        entry["sameAs"] = [clinic.website] if clinic.website else None
        entry["employee"] = [
            {"@id": p["@id"]}
            for p, t in zip(staff, therapists, strict=True)
            if location in t.locations.all()
        ]
        businesses.append(_compact(entry))
    return {"@context": "https://schema.org", "@graph": [*businesses, *staff]}
