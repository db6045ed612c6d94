"""Therapist search: text, distance, filters, facets and pages, with one public queryset.

Geographic search first narrows locations with a bounding box on the indexed latitude column
(longitude checked in the same pass), then measures the exact great-circle distance in Python
for the few candidates left. Computing the distance from the stored decimals in Python gives
the same order on SQLite and PostgreSQL.
"""

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, FloatField, OuterRef, Prefetch, Q
from django.db.models.functions import Cast

from directory import search_index
from directory.models import Licence, Location, Therapist
from directory.models.visibility import (
    public_modalities,
    public_modality_pages,
    public_therapist_conditions,
)

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
KM_PER_DEGREE_LAT = 111.32
NEAREST_BEYOND = 10
FLAG_FIELDS = {
    "accepting": "accepting_new_clients",
    "mobile": "mobile_service",
    "insurance": "accepts_insurance",
    "hsa_fsa": "accepts_hsa_fsa",
}
LOCATION_FLAGS = {
    "wheelchair": "wheelchair_accessible",
    "parking": "parking",
    "transit": "near_transit",
}


@dataclass
class Hit:
    therapist: Therapist
    distance_km: float | None = None
    location: Location | None = None
    score: float | None = None

    @property
    def distance_miles(self):
        return None if self.distance_km is None else self.distance_km / KM_PER_MILE


@dataclass
class SearchResults:
    hits: list
    count: int
    page: int
    page_size: int
    facets: dict = field(default_factory=dict)
    origin: tuple | None = None
    radius_km: float | None = None
    nearest_beyond: bool = False

    @property
    def start_index(self):
        return (self.page - 1) * self.page_size + 1

    @property
    def pages(self):
        return max(1, math.ceil(self.count / self.page_size))


def great_circle_km(lat1, lng1, lat2, lng2):
    """Haversine distance on the mean Earth radius."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat, lng, radius_km):
    """(min lat, max lat, min lng, max lng); longitude limits are None where the box would wrap
    the antimeridian or reach a pole, and then only latitude narrows the search."""
    dlat = radius_km / KM_PER_DEGREE_LAT
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    cos_lat = math.cos(math.radians(max(abs(min_lat), abs(max_lat))))
    if cos_lat < 1e-6:
        return min_lat, max_lat, None, None
    dlng = radius_km / (KM_PER_DEGREE_LAT * cos_lat)
    if lng - dlng < -180 or lng + dlng > 180:
        return min_lat, max_lat, None, None
    return min_lat, max_lat, lng - dlng, lng + dlng


def therapist_conditions(data, prefix="", outer="pk"):
    """filter() arguments for every filter on the therapist (not text, distance or location
    features). `prefix`/`outer` let the geo query, which starts from the link table, use them."""
    conditions = []
    for param, field_name in FLAG_FIELDS.items():
        if data.get(param):
            conditions.append(Q(**{prefix + field_name: True}))
    if data.get("gender"):
        conditions.append(Q(**{prefix + "gender": data["gender"]}))
    if data.get("language"):
        code, field_name = data["language"], prefix + "languages"
        conditions.append(
            Q(**{field_name: code})
            | Q(**{field_name + "__startswith": code + ","})
            | Q(**{field_name + "__endswith": "," + code})
            | Q(**{field_name + "__contains": "," + code + ","})
        )
    # Exists rather than joins: no duplicate rows, no DISTINCT.
    if data.get("modality") and has_relation("modalities"):
        # Only a public modality page's slug selects anyone: a draft, private or expired
        # page's slug matches nobody, as an unknown one does.
        public = public_modalities()
        ids = [pk for pk, slug in public.items() if slug == data["modality"]]
        links = Therapist.modalities.through.objects.filter(
            therapist_id=OuterRef(outer), modalitypage_id__in=ids
        )
        conditions.append(Exists(links))
    if data.get("condition") and has_relation("conditions"):
        links = Therapist.conditions.through.objects.filter(
            therapist_id=OuterRef(outer), condition__slug=data["condition"]
        )
        conditions.append(Exists(links))
    return conditions


def filtered_therapists(data):
    """Public therapists narrowed by every filter except text and distance."""
    queryset = Therapist.objects.public().filter(*therapist_conditions(data))
    location_flags = location_filter(data)
    if location_flags:
        # An accessible place to meet: one of their published locations has it.
        places = Therapist.locations.through.objects.filter(
            therapist_id=OuterRef("pk"),
            location__live=True,
            **{f"location__{name}": True for name in location_flags},
        )
        queryset = queryset.filter(Exists(places))
    return queryset


def location_filter(data):
    return {name: True for param, name in LOCATION_FLAGS.items() if data.get(param)}


def has_relation(name):
    return any(f.name == name for f in Therapist._meta.get_fields())


def search(data, origin=None, radius_km=25.0, page=1, page_size=10):
    """Run a search from validated SearchForm data."""
    terms = search_index.query_terms(data.get("q") or "")
    if origin is not None:
        return _geo_search(terms, data, origin, radius_km, page, page_size)
    return _text_search(filtered_therapists(data), terms, page, page_size)


def _text_search(therapists, terms, page, page_size):
    offset = (page - 1) * page_size
    if not terms:
        matched = therapists
        count = matched.count()
        ids = list(matched.order_by("name", "pk").values_list("pk", flat=True)[offset:][:page_size])
        hits = [Hit(therapist=t) for t in load_therapists(ids)]
    else:
        # The full-text index drives the query and the filters are checked per match, with
        # ranking, ORDER BY and LIMIT in the database.
        matched = search_index.with_text_match(therapists, terms)
        count = matched.count()
        page_rows = matched.order_by("-score", "pk").values_list("pk", "score")
        scored = list(page_rows[offset : offset + page_size])
        by_id = {t.pk: t for t in load_therapists([pk for pk, _ in scored])}
        hits = [Hit(therapist=by_id[pk], score=score) for pk, score in scored if pk in by_id]
    facets = compute_facets(matched)
    return SearchResults(hits=hits, count=count, page=page, page_size=page_size, facets=facets)


def _geo_search(terms, data, origin, radius_km, page, page_size):
    within = nearest_locations(data, terms, origin, radius_km)
    nearest_beyond = False
    if not within:
        within = nearest_beyond_radius(data, terms, origin, radius_km)
        nearest_beyond = bool(within)
    order, scores = distance_then_relevance(within, terms)
    count = len(order)
    if nearest_beyond:
        order, count = order[:NEAREST_BEYOND], min(count, NEAREST_BEYOND)
    page_ids = order[(page - 1) * page_size : page * page_size]
    # A geo card shows the nearest location only: load those, not every therapist's locations.
    by_id = {t.pk: t for t in load_therapists(page_ids, with_locations=False)}
    locations = card_locations(within[pk][1] for pk in page_ids)
    hits = [
        Hit(
            therapist=by_id[pk],
            distance_km=within[pk][0],
            location=locations.get(within[pk][1]),
            score=scores.get(pk),
        )
        for pk in page_ids
    ]
    facets = compute_facets(therapists_with_ids(order)) if order else {}
    return SearchResults(
        hits=hits,
        count=count,
        page=page,
        page_size=page_size,
        facets=facets,
        origin=origin,
        radius_km=radius_km,
        nearest_beyond=nearest_beyond,
    )


def therapists_with_ids(ids):
    """Therapist.objects.filter(pk__in=ids) with the ids as one parameter (a PostgreSQL array,
    an SQLite JSON array): hundreds of separate parameters cost more to build than to run."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        where, param = "directory_therapist.id = ANY(%s)", ids
    else:
        where, param = (
            "directory_therapist.id IN (SELECT value FROM json_each(%s))",
            json.dumps(ids),
        )
    return Therapist.objects.extra(where=[where], params=[param])  # noqa: S610 - fixed SQL


def distance_then_relevance(within, terms):
    """Order by distance (to the metre), then relevance. Relevance only decides between
    therapists at the same distance (colleagues at one clinic), so only they are ranked."""
    metres = {pk: round(hit[0] * 1000) for pk, hit in within.items()}
    scores = {}
    if terms:
        by_distance = defaultdict(list)
        for pk, distance in metres.items():
            by_distance[distance].append(pk)
        tied = [pk for group in by_distance.values() if len(group) > 1 for pk in group]
        if tied:
            scores = text_scores(terms, tied)
    order = sorted(within, key=lambda pk: (metres[pk], -scores.get(pk, 0.0), pk))
    return order, scores


def nearest_locations(data, terms, origin, radius_km):
    """{therapist id: (km, location id)}: each matching therapist's nearest published location
    within radius_km, in one query driven by the location index: locations in the box, their
    therapist links, the public rule and the filters checked per link."""
    lat, lng = origin
    min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, radius_km)
    links = Therapist.locations.through.objects.filter(
        *public_therapist_conditions(prefix="therapist__", outer="therapist_id"),
        *therapist_conditions(data, prefix="therapist__", outer="therapist_id"),
        location__live=True,
        location__latitude__range=(min_lat, max_lat),
        **{f"location__{name}": True for name in location_filter(data)},
    )
    if min_lng is not None:
        links = links.filter(location__longitude__range=(min_lng, max_lng))
    rows = raw_rows(
        links.annotate(
            lat=Cast("location__latitude", FloatField()),
            lng=Cast("location__longitude", FloatField()),
        ).values_list("therapist_id", "location_id", "lat", "lng")
    )
    nearest = {}
    for therapist_id, location_id, place_lat, place_lng in rows:
        km = great_circle_km(lat, lng, place_lat, place_lng)
        if km <= radius_km and (therapist_id not in nearest or km < nearest[therapist_id][0]):
            nearest[therapist_id] = (km, location_id)
    if terms and nearest:
        matching = search_index.matching_ids(terms, nearest.keys())
        nearest = {pk: hit for pk, hit in nearest.items() if pk in matching}
    return nearest


def raw_rows(queryset):
    """The queryset's rows as the driver returns them. The SQL is Django's own; skipping its
    per-value converters makes reading a couple of thousand candidate rows ~3x faster."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # Django knows there are none (a filter on a hidden modality)
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def nearest_beyond_radius(data, terms, origin, radius_km):
    """Nothing inside the radius: widen the box until someone turns up, so the page can say
    so and still show who is nearest."""
    radius = radius_km
    while radius < 20_000:
        radius *= 4
        found = nearest_locations(data, terms, origin, radius)
        if found:
            return found
    return {}


def text_scores(terms, ids):
    ids = list(ids)
    scores = {}
    for start in range(0, len(ids), 5000):
        sql, params = search_index.match_sql(terms, ids[start : start + 5000])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            scores.update(cursor.fetchall())
    return scores


CARD_FIELDS = (
    "name", "slug", "pronouns", "languages", "gender", "accepting_new_clients", "mobile_service",
    "accepts_insurance", "accepts_hsa_fsa", "booking_url", "live",
)  # fmt: skip
CARD_LOCATION_FIELDS = (
    "name", "street_address", "address_line_2", "locality", "region", "postal_code", "country",
    "latitude", "longitude", "phone", "wheelchair_accessible", "parking", "near_transit",
    "clinic__name", "clinic__slug",
)  # fmt: skip


def card_locations(ids):
    """{location id: Location} with what a card shows, for the given published locations."""
    places = Location.objects.filter(pk__in=list(ids), live=True).select_related("clinic")
    return {place.pk: place for place in places.only(*CARD_LOCATION_FIELDS)}


def load_therapists(ids, with_locations=True):
    """The therapists for one page of results, with what a result card shows, in four queries.
    Only the columns a card uses: these are wide rows (revision, locking, stream data)."""
    queryset = (
        Therapist.objects.filter(pk__in=ids)
        .only(*CARD_FIELDS)
        .prefetch_related(Prefetch("licences", queryset=Licence.objects.order_by("jurisdiction")))
    )
    if with_locations:
        places = Location.objects.filter(live=True).select_related("clinic")
        queryset = queryset.prefetch_related(
            Prefetch("locations", queryset=places.only(*CARD_LOCATION_FIELDS))
        )
    if has_relation("modalities"):
        # Public modality pages only: a card never names a draft, private or expired one.
        modalities = public_modality_pages().only("title", "slug", "url_path")
        queryset = queryset.prefetch_related(Prefetch("modalities", queryset=modalities))
    by_id = {t.pk: t for t in queryset}
    return [by_id[pk] for pk in ids if pk in by_id]


def compute_facets(matched):
    """Counts for each filter value among the matched therapists, in at most three queries."""
    combos = matched.order_by().values(
        "gender",
        "languages",
        "accepting_new_clients",
        "mobile_service",
        "accepts_insurance",
        "accepts_hsa_fsa",
    )
    combos = combos.annotate(n=Count("pk", distinct=True))
    gender, language, flags = Counter(), Counter(), Counter()
    for row in combos:
        n = row["n"]
        if row["gender"]:
            gender[row["gender"]] += n
        for code in row["languages"].split(","):
            if code:
                language[code] += n
        for param, field_name in FLAG_FIELDS.items():
            if row[field_name]:
                flags[param] += n
    facets = {"gender": dict(gender), "language": dict(language.most_common())}
    facets.update({param: flags.get(param, 0) for param in FLAG_FIELDS})
    if has_relation("modalities"):
        facets["modality"] = relation_facet("modalities", "slug", "title", matched)
    if has_relation("conditions"):
        facets["condition"] = relation_facet("conditions", "slug", "name", matched)
    return facets


def relation_facet(relation, slug_field, label_field, matched):
    # Joined from the matched queryset itself (not a subquery), so the full-text join's
    # table names stay as written.
    slug, label = f"{relation}__{slug_field}", f"{relation}__{label_field}"
    # A modality facet counts public modality pages only (a hidden one is no filter to offer).
    linked = (
        {f"{relation}__in": list(public_modalities())}
        if relation == "modalities"
        else {f"{relation}__isnull": False}
    )
    rows = (
        matched.order_by()
        .filter(**linked)
        .values(slug, label)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", label)
    )
    return [{"value": row[slug], "label": row[label], "count": row["n"]} for row in rows]
