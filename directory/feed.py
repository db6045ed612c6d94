"""The directory's side of the feed (issue #11): one JSON Feed 1.1 item per public therapist,
or a `Hidden` saying why a listing is not public.

`DirectoryFeedSource` turns therapist ids into `feeds.items.FeedItem`s in a fixed number of
queries, applying the one public rule (`Therapist.objects.public()`). Every URL is absolute
on the default Site's root (home.site_urls), never a request's host, because items are built
outside any request and stored. Only JSON types: dates as ISO 8601 strings, decimals (prices)
as strings, coordinates as numbers.

`licence_record()` and `location_record()` are the licence and place shapes of
directory/api.py's `licence_json` and `location_detail_json`, in JSON types; the API can use
them too.
"""

import datetime as dt
import re

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.text import Truncator
from wagtail.images import get_image_model

from directory import jsonld
from directory.models import Licence, LicenceStatus, Location, Service, Therapist
from directory.models.visibility import public_modality_pages
from feeds.items import FeedItem, FeedSource, Hidden, iso
from home.links import safe_url_or_none
from home.text import plain_text

KIND = "therapist"
# The listing's own text (bio, labels) is in the site's language; the languages a therapist
# speaks are in _fascia.languages and the "lang:" terms.
LANGUAGE = settings.LANGUAGE_CODE.split("-")[0]
SUMMARY_CHARS = 200
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

# Why a live listing with no valid licence is hidden, most serious first: a partner must act
# on a revocation or suspension (a board's decision) before a lapse, and a lapse before a
# verification we can no longer vouch for. With several licences, the most serious wins.
LICENCE_REASONS = (
    "licence_revoked",
    "licence_suspended",
    "licence_expired",
    "verification_withdrawn",
)


class DirectoryFeedSource(FeedSource):
    feed = "directory"
    kinds = (KIND,)

    def build(self, kind, ids, reason_hint=None):
        """{therapist id: FeedItem | Hidden} for these ids, in at most 11 queries whatever
        their number: the public ids, the therapists, their licences, places, services,
        modality pages, conditions, photos and photo renditions, and the Site and the public
        modality pages when their caches are cold (fewer when no listing is public).

        The reason of a `Hidden`, most specific first:
        1. "deleted": no row.
        2. "unpublished": not live (an editor took it down; whatever its licences say, it is
           not coming back until an editor publishes it again).
        3. Live but without a valid licence: the most serious problem among its licences
           (LICENCE_REASONS): "licence_revoked" (status revoked); "licence_suspended"
           (suspended, or conditional: a board restriction); "licence_expired" (status expired
           or inactive, or its expiry date has come: hidden on that day itself);
           "verification_withdrawn" (active and unexpired but no longer verified, as
           `verify_licences --clear-unlisted` leaves it), also when it has no licence at all.
        The rows say why, so `reason_hint` is not needed and is ignored.
        """
        if kind != KIND:
            raise ValueError(f"The directory feed has no kind {kind!r}.")
        ids = sorted(set(ids))
        today = timezone.localdate()
        public = set(
            Therapist.objects.public(today).filter(pk__in=ids).values_list("pk", flat=True)
        )
        therapists = load_therapists(ids, public)
        built = {}
        for pk in ids:
            therapist = therapists.get(pk)
            if pk in public and therapist is not None:
                built[pk] = feed_item(therapist, today)
            else:
                built[pk] = Hidden(KIND, pk, hidden_reason(therapist, today))
        return built

    def public_ids(self, kind):
        if kind != KIND:
            raise ValueError(f"The directory feed has no kind {kind!r}.")
        return list(Therapist.objects.public().order_by("pk").values_list("pk", flat=True))


def load_therapists(ids, public):
    """{id: therapist} with their licences; the public ones also with what an item shows."""
    licences = Prefetch("licences", queryset=Licence.objects.order_by("jurisdiction", "number"))
    therapists = {t.pk: t for t in Therapist.objects.filter(pk__in=ids).prefetch_related(licences)}
    shown = [therapists[pk] for pk in sorted(public) if pk in therapists]
    if shown:
        prefetch_related_objects(shown, *item_prefetches())
    return therapists


def item_prefetches():
    # A public therapist's places are public exactly when published (LocationQuerySet.public:
    # live, with a public therapist), so live=True is the whole rule here.
    places = Location.objects.filter(live=True).select_related("clinic").order_by("pk")
    photos = get_image_model().objects.prefetch_renditions(jsonld.PHOTO_RENDITION)
    return [
        Prefetch("locations", queryset=places),
        Prefetch("locations__services", queryset=Service.objects.select_related("modality")),
        # Public modality pages only: a draft, private or expired page never reaches a feed.
        Prefetch("modalities", queryset=public_modality_pages().order_by("title")),
        "conditions",
        Prefetch("photo", queryset=photos),
    ]


def feed_item(therapist, today):
    locations = list(therapist.locations.all())
    licences = list(therapist.licences.all())
    return FeedItem(
        kind=KIND,
        object_id=therapist.pk,
        item=item_json(therapist, locations),
        language=LANGUAGE,
        terms=terms(therapist, locations, today),
        valid_until=valid_until(licences, today),
        expiry_reason="licence_expired",
        points=[(float(loc.latitude), float(loc.longitude)) for loc in locations],
    )


def item_json(therapist, locations):
    """The JSON Feed 1.1 item, without "id" (feeds/ adds the stable urn:uuid)."""
    modalities = therapist.public_modalities()
    item = {
        "url": therapist.absolute_url(),
        "title": therapist.name,
        "summary": summary(therapist.bio),
        # JSON Feed requires content_html or content_text: the bio is plain text.
        "content_text": therapist.bio or therapist.name,
        "image": jsonld.photo_url(therapist),
        "date_published": iso(therapist.first_published_at),
        "date_modified": iso(therapist.updated_at),
        "language": LANGUAGE,
        "tags": [modality.slug for modality in modalities],
        "_fascia": fascia_extension(therapist, locations, modalities),
    }
    return {key: value for key, value in item.items() if value is not None}


def fascia_extension(therapist, locations, modalities):
    return {
        "type": KIND,
        "name": therapist.name,
        "pronouns": therapist.pronouns or None,
        "licences": [licence_record(licence) for licence in therapist.shown_licences],
        "modalities": [{"slug": m.slug, "title": m.title} for m in modalities],
        "conditions": [
            {"slug": c.slug, "name": c.name, "icd10cm": c.icd10cm_list}
            for c in therapist.conditions.all()
        ],
        "languages": therapist.language_codes,
        "gender": therapist.gender or None,
        "accepting_new_clients": therapist.accepting_new_clients,
        "mobile_service": therapist.mobile_service,
        "travel_radius_km": therapist.travel_radius_km if therapist.mobile_service else None,
        "accepts_insurance": therapist.accepts_insurance,
        "accepts_hsa_fsa": therapist.accepts_hsa_fsa,
        "booking_url": safe_url_or_none(therapist.booking_url),
        "locations": [location_record(location) for location in locations],
        "jsonld": jsonld.therapist_graph(therapist, locations),
    }


def licence_record(licence, today=None):
    """A licence as partners see it (directory/api.py licence_json, in JSON types)."""
    return {
        "jurisdiction": licence.jurisdiction,
        "number": licence.number,
        "credential_type": licence.credential_type,
        "status": licence.status,
        "current": licence.is_valid(today),
        "verified_at": iso(licence.verified_at),
        "expires_on": iso(licence.expires_on),
        "board_name": licence.board_name or None,
        "board_lookup_url": safe_url_or_none(licence.board_lookup_url),
    }


def location_record(location):
    """A place with its clinic, address, position, hours, accessibility and services (the
    fields of directory/api.py location_detail_json, grouped, in JSON types). Upcoming
    closures are left out: they change with the calendar, which a stored item does not."""
    clinic = location.clinic if location.clinic_id else None
    return {
        "id": location.pk,
        "name": location.display_name or None,
        "clinic": {"slug": clinic.slug, "name": clinic.name} if clinic else None,
        "address": location.address_data(),
        "geo": {"latitude": float(location.latitude), "longitude": float(location.longitude)},
        "phone": location.phone or None,
        "hours": [
            {"weekday": day, "day": name, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
            for day, name, opens, closes in location.opening_intervals
        ],
        "accessibility": {
            "wheelchair": location.wheelchair_accessible,
            "parking": location.parking,
            "transit": location.near_transit,
        },
        "services": [service_record(service) for service in location.services.all()],
    }


def service_record(service):
    return {
        "name": service.name,
        "modality": getattr(service.public_modality, "slug", None),
        "duration_minutes": service.duration_minutes,
        "price_min": str(service.price_min),
        "price_max": str(service.price_max) if service.price_max is not None else None,
        "currency": service.currency,
        "booking_url": safe_url_or_none(service.booking_url),
    }


def terms(therapist, locations, today):
    """The filter terms (feeds.items.FeedItem.terms). Jurisdictions are those of the valid
    licences only: a listing is not "licensed in FL" on the strength of a revoked FL licence."""
    found = ["type:therapist"]
    found += [f"modality:{m.slug}" for m in therapist.public_modalities()]
    for condition in therapist.conditions.all():
        found.append(f"condition:{condition.slug}")
        found += [f"icd:{code.lower()}" for code in condition.icd10cm_list]
    found += [f"lang:{code}" for code in therapist.language_codes]
    found += [
        f"jurisdiction:{lic.jurisdiction.lower()}"
        for lic in therapist.licences.all()
        if lic.is_valid(today)
    ]
    for location in locations:
        found.append("postcode:" + "".join(location.postal_code.lower().split()))
        if location.clinic_id:
            found.append(f"clinic:{location.clinic.slug}")
    return list(dict.fromkeys(found))  # without repeats, in order


def valid_until(licences, today):
    """When the item next changes by the calendar alone: the start of the day (in
    settings.TIME_ZONE) the first of its valid licences expires, as valid_licence_q stops
    counting a licence on its expiry day itself; None when a valid licence never expires.

    When it is the last valid licence the listing goes then (expiry_reason
    "licence_expired"); when another valid licence remains the listing stays, but that
    licence is no longer "current" and its jurisdiction leaves the terms, so the change log
    must build it again then too (feeds.changelog.expire_due does, and asks this source)."""
    valid = [licence for licence in licences if licence.is_valid(today)]
    expiries = [licence.expires_on for licence in valid if licence.expires_on is not None]
    if not valid or not expiries:
        return None
    midnight = dt.datetime.combine(min(expiries), dt.time.min)
    return timezone.make_aware(midnight, timezone.get_default_timezone())


def hidden_reason(therapist, today):
    """Why this therapist is not public (see DirectoryFeedSource.build)."""
    if therapist is None:
        return "deleted"
    if not therapist.live:
        return "unpublished"
    problems = {licence_problem(licence, today) for licence in therapist.licences.all()}
    return next((reason for reason in LICENCE_REASONS if reason in problems), LICENCE_REASONS[-1])


def licence_problem(licence, today):
    """Why this licence does not make a listing public, or None if it does."""
    if licence.status == LicenceStatus.REVOKED:
        return "licence_revoked"
    if licence.status in (LicenceStatus.SUSPENDED, LicenceStatus.CONDITIONAL):
        return "licence_suspended"
    expired = licence.expires_on is not None and licence.expires_on <= today
    if expired or licence.status in (LicenceStatus.EXPIRED, LicenceStatus.INACTIVE):
        return "licence_expired"
    if licence.verified_at is None:
        return "verification_withdrawn"
    return None


def summary(bio):
    """The first sentence(s) of the bio as plain text, about SUMMARY_CHARS at most."""
    text = plain_text(bio)
    if not text:
        return None
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if kept and len(candidate) > SUMMARY_CHARS:
            break
        kept = candidate
    return Truncator(kept).chars(SUMMARY_CHARS)
