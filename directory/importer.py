"""CSV import of therapists, licences, clinics and locations.

One row = one therapist at one location. Rows sharing a licence (jurisdiction + number)
describe the same therapist at several places. Every row is checked before anything is
written; invalid rows are reported (row, field, reason) and stored nowhere, valid rows are
stored in bulk inside one transaction, and a re-import updates the therapist keyed by licence
rather than adding a duplicate.
"""

import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify

from directory import validators
from directory.audit import log_changes
from directory.audit import state as audit_state
from directory.blocks import interval
from directory.models import (
    Clinic,
    CredentialType,
    Gender,
    Licence,
    LicenceStatus,
    Location,
    Postcode,
    Service,
    Therapist,
)
from directory.search_index import PG_TABLE, reindex_therapists
from education.models import Condition, ModalityPage
from home import links
from home.sanitize import clean_instances

REQUIRED = [
    "name",
    "licence_jurisdiction",
    "licence_number",
    "licence_status",
    "street_address",
    "locality",
    "region",
    "postal_code",
]
COLUMNS = REQUIRED + [
    "pronouns", "gender", "bio", "languages", "npi", "booking_url", "accepting_new_clients",
    "mobile_service", "travel_radius_km", "travel_fee", "accepts_insurance", "accepts_hsa_fsa",
    "licence_type", "board_name", "board_lookup_url", "licence_issued_on", "licence_expires_on",
    "licence_verified_at", "verification_source", "clinic_name", "clinic_phone", "clinic_website",
    "clinic_email", "location_name", "address_line_2", "country", "latitude", "longitude", "phone",
    "wheelchair_accessible", "parking", "near_transit", "hours", "services", "modalities",
    "conditions",
]  # fmt: skip
BOOLEANS = {"1": True, "yes": True, "y": True, "true": True, "0": False, "no": False,
            "n": False, "false": False, "": None}  # fmt: skip
DAYS = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}
HOURS_PART = re.compile(r"^(\w\w)(?:-(\w\w))?\s+(\d\d?:\d\d)-(\d\d?:\d\d)$")
BATCH = 2000
# Django's bulk_update writes one CASE WHEN per field over the whole batch, so its cost grows
# with the square of the batch size: small batches, and only rows that really changed.
UPDATE_BATCH = 100


class RowInvalid(Exception):
    def __init__(self, field_name, reason):
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


@dataclass
class RowError:
    row: int
    field: str
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    valid_rows: int = 0
    therapists_created: int = 0
    therapists_updated: int = 0
    locations_created: int = 0
    clinics_created: int = 0
    dry_run: bool = False
    errors: list = field(default_factory=list)

    def summary(self):
        verb = "Would store" if self.dry_run else "Stored"
        return (
            f"{self.rows} rows: {self.valid_rows} valid, {len(self.errors)} with errors. "
            f"{verb} {self.therapists_created} new and {self.therapists_updated} updated "
            f"therapists, {self.locations_created} new locations, "
            f"{self.clinics_created} new clinics."
        )


@dataclass
class ParsedRow:
    number: int
    therapist: dict
    licence: dict
    location: dict
    clinic: dict | None
    hours: list | None
    services: list | None
    modalities: list | None
    conditions: list | None

    @property
    def licence_key(self):
        return self.licence["jurisdiction"], self.licence["number"]

    @property
    def location_key(self):
        loc = self.location
        clinic = self.clinic["name"].lower() if self.clinic else ""
        return (clinic, loc["street_address"].lower(), loc["postal_code"], loc["country"])


# ---------------------------------------------------------------------------- parsing one row


class RowParser:
    def __init__(self):
        self.modalities = dict(ModalityPage.objects.values_list("slug", "pk"))
        self.conditions = dict(Condition.objects.values_list("slug", "pk"))
        self.email = EmailValidator()

    def parse(self, number, raw):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        for name in REQUIRED:
            if not row.get(name):
                raise RowInvalid(name, "This column is required.")
        return ParsedRow(
            number=number,
            therapist=self.therapist(row),
            licence=self.licence(row),
            location=self.location(row),
            clinic=self.clinic(row),
            hours=self.hours(row.get("hours", "")),
            services=self.services(row.get("services", "")),
            modalities=self.slug_list(row, "modalities", self.modalities),
            conditions=self.slug_list(row, "conditions", self.conditions),
        )

    def therapist(self, row):
        if len(row["name"]) > 200:
            raise RowInvalid("name", "At most 200 characters.")
        gender = row.get("gender", "").lower()
        if gender and gender not in Gender.values:
            raise RowInvalid("gender", f"Use one of {', '.join(Gender.values)} or leave empty.")
        npi = row.get("npi", "")
        if npi and not validators.npi_is_valid(npi):
            raise RowInvalid("npi", f"{npi} is not a valid NPI (check digit).")
        try:
            languages = validators.parse_languages(row.get("languages") or "en")
        except ValidationError as error:
            raise RowInvalid("languages", error.messages[0]) from None
        data = {
            "name": row["name"],
            "pronouns": row.get("pronouns", "")[:40],
            "gender": gender,
            "bio": row.get("bio", "")[:4000],
            "languages": ",".join(languages),
            "npi": npi,
            "booking_url": self.checked_url(row, "booking_url"),
            "accepting_new_clients": self.boolean(row, "accepting_new_clients", True),
            "mobile_service": self.boolean(row, "mobile_service", False),
            "accepts_insurance": self.boolean(row, "accepts_insurance", False),
            "accepts_hsa_fsa": self.boolean(row, "accepts_hsa_fsa", False),
            "travel_radius_km": self.integer(row, "travel_radius_km"),
            "travel_fee": self.decimal(row, "travel_fee"),
        }
        if data["mobile_service"] and not data["travel_radius_km"]:
            raise RowInvalid("travel_radius_km", "Required for a mobile service.")
        return data

    def licence(self, row):
        jurisdiction = row["licence_jurisdiction"].upper()
        self.validated("licence_jurisdiction", validators.validate_jurisdiction, jurisdiction)
        status = row["licence_status"].lower()
        if status not in LicenceStatus.values:
            raise RowInvalid("licence_status", f"Use one of {', '.join(LicenceStatus.values)}.")
        credential = (row.get("licence_type") or "licence").lower()
        if credential == "license":
            credential = "licence"
        if credential not in CredentialType.values:
            raise RowInvalid("licence_type", f"Use one of {', '.join(CredentialType.values)}.")
        issued = self.date(row, "licence_issued_on")
        expires = self.date(row, "licence_expires_on")
        if issued and expires and expires < issued:
            raise RowInvalid("licence_expires_on", "The expiry date is before the issue date.")
        verified = self.date(row, "licence_verified_at")
        return {
            "jurisdiction": jurisdiction,
            "number": row["licence_number"].upper()[:40],
            "status": status,
            "credential_type": credential,
            "board_name": row.get("board_name", "")[:200],
            "board_lookup_url": self.checked_url(row, "board_lookup_url"),
            "issued_on": issued,
            "expires_on": expires,
            "verified_at": (
                timezone.make_aware(dt.datetime.combine(verified, dt.time(12)))
                if verified
                else None
            ),
            "verification_source": row.get("verification_source", "")[:300],
            "verified_by": "import" if verified else "",
        }

    def location(self, row):
        region = row["region"].upper()
        self.validated("region", validators.validate_jurisdiction, region)
        country = (row.get("country") or "US").upper()
        if len(country) != 2 or not country.isalpha():
            raise RowInvalid("country", "Use a two-letter ISO 3166 country code.")
        lat, lng = row.get("latitude", ""), row.get("longitude", "")
        if lat or lng:
            self.validated("latitude", validators.validate_latitude, lat)
            self.validated("longitude", validators.validate_longitude, lng)
        phone = row.get("phone", "")
        return {
            "name": row.get("location_name", "")[:200],
            "street_address": row["street_address"][:200],
            "address_line_2": row.get("address_line_2", "")[:200],
            "locality": row["locality"][:100],
            "region": region,
            "postal_code": row["postal_code"][:20],
            "country": country,
            "latitude": Decimal(lat).quantize(Decimal("0.000001")) if lat else None,
            "longitude": Decimal(lng).quantize(Decimal("0.000001")) if lng else None,
            "phone": self.phone(phone, "phone", country) if phone else "",
            "wheelchair_accessible": self.boolean(row, "wheelchair_accessible", False),
            "parking": self.boolean(row, "parking", False),
            "near_transit": self.boolean(row, "near_transit", False),
        }

    def clinic(self, row):
        name = row.get("clinic_name", "")
        if not name:
            return None
        phone = row.get("clinic_phone", "")
        email = row.get("clinic_email", "")
        if email:
            self.validated("clinic_email", self.email, email)
        return {
            "name": name[:200],
            "phone": self.phone(phone, "clinic_phone", row.get("country") or "US") if phone else "",
            "website": self.checked_url(row, "clinic_website"),
            "email": email,
        }

    def hours(self, text):
        """'Mo-Fr 09:00-17:00; Sa 10:00-14:00' -> [(weekday, opens, closes), ...]"""
        if not text:
            return None
        intervals = []
        for part in filter(None, (p.strip() for p in text.split(";"))):
            match = HOURS_PART.match(part)
            if (
                not match
                or match[1].lower() not in DAYS
                or (match[2] and match[2].lower() not in DAYS)
            ):
                raise RowInvalid("hours", f"Can't read “{part}”: use e.g. Mo-Fr 09:00-17:00.")
            first = DAYS[match[1].lower()]
            last = DAYS[match[2].lower()] if match[2] else first
            try:
                opens = dt.time.fromisoformat(match[3].zfill(5))
                closes = dt.time.fromisoformat(match[4].zfill(5))
            except ValueError:
                raise RowInvalid("hours", f"Bad time in “{part}”.") from None
            if closes <= opens or last < first:
                raise RowInvalid("hours", f"“{part}” closes before it opens.")
            intervals.extend((day, opens, closes) for day in range(first, last + 1))
        return intervals

    def services(self, text):
        """'Swedish massage|60|95; Deep tissue|90|120-140' -> [(name, minutes, low, high)]"""
        if not text:
            return None
        services = []
        for part in filter(None, (p.strip() for p in text.split(";"))):
            bits = [b.strip() for b in part.split("|")]
            if len(bits) != 3 or not bits[0] or not bits[1].isdigit():
                raise RowInvalid("services", f"Can't read “{part}”: use name|minutes|price.")
            low, _, high = bits[2].lstrip("$").partition("-")
            try:
                low, high = Decimal(low), Decimal(high) if high else None
            except InvalidOperation:
                raise RowInvalid("services", f"Bad price in “{part}”.") from None
            if high is not None and high < low:
                raise RowInvalid("services", f"Price range upside down in “{part}”.")
            services.append((bits[0][:120], int(bits[1]), low, high))
        return services

    def slug_list(self, row, name, known):
        text = row.get(name, "")
        if not text:
            return None
        slugs = [s.strip() for s in text.replace(",", ";").split(";") if s.strip()]
        unknown = [s for s in slugs if s not in known]
        if unknown:
            raise RowInvalid(name, f"Unknown {name}: {', '.join(unknown)}.")
        return [known[s] for s in slugs]

    # helpers

    @staticmethod
    def validated(name, validator, value):
        try:
            validator(value)
        except ValidationError as error:
            raise RowInvalid(name, error.messages[0]) from None

    def checked_url(self, row, name):
        """The models' own rule (http or https only), so a URL the admin would refuse is
        refused here too; too long is an error rather than a cut-off, broken link."""
        value = row.get(name, "")
        if value:
            self.validated(name, links.validate_http_url, value)
            if len(value) > 200:
                raise RowInvalid(name, "At most 200 characters.")
        return value

    @staticmethod
    def phone(value, name, country):
        try:
            return validators.normalise_phone(value, country)
        except ValidationError as error:
            raise RowInvalid(name, error.messages[0]) from None

    @staticmethod
    def boolean(row, name, default):
        value = row.get(name, "").lower()
        if value not in BOOLEANS:
            raise RowInvalid(name, "Use yes or no.")
        return default if BOOLEANS[value] is None else BOOLEANS[value]

    @staticmethod
    def integer(row, name):
        value = row.get(name, "")
        if not value:
            return None
        if not value.isdigit() or int(value) < 1:
            raise RowInvalid(name, "Use a whole number above 0.")
        return int(value)

    @staticmethod
    def decimal(row, name):
        value = row.get(name, "").lstrip("$")
        if not value:
            return None
        try:
            return Decimal(value)
        except InvalidOperation:
            raise RowInvalid(name, "Use a number.") from None

    @staticmethod
    def date(row, name):
        value = row.get(name, "")
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            raise RowInvalid(name, "Use a date such as 2027-03-31.") from None


# ---------------------------------------------------------------------------- the whole file


def read_csv(file):
    """A csv.DictReader from a path, a text stream or an uploaded (binary) file."""
    if isinstance(file, str):
        file = open(file, newline="", encoding="utf-8-sig")  # noqa: SIM115
    elif not isinstance(file, io.TextIOBase):
        file = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    return csv.DictReader(file)


def import_directory(rows, dry_run=False, progress=None):
    """Check every row, then store the valid ones. `rows` is an iterable of dicts (DictReader)."""
    report = ImportReport(dry_run=dry_run)
    parser = RowParser()
    parsed = []
    for number, raw in enumerate(progress(rows) if progress else rows, start=2):
        report.rows += 1
        try:
            parsed.append(parser.parse(number, raw))
        except RowInvalid as error:
            report.errors.append(RowError(number, error.field, error.reason))
    parsed = geocode(parsed, report)
    parsed = check_licence_owners(parsed, report)
    report.valid_rows = len(parsed)
    report.errors.sort(key=lambda e: e.row)
    if dry_run:
        count_changes(parsed, report)
        return report
    with transaction.atomic():
        Writer(parsed, report).write()
    if len(parsed) >= ANALYZE_AFTER_ROWS:
        refresh_planner_statistics()
    return report


ANALYZE_AFTER_ROWS = 5000
ANALYZED_TABLES = (
    "directory_therapist",
    "directory_licence",
    "directory_location",
    "directory_therapist_locations",
)


def refresh_planner_statistics():
    """After a bulk load the query planners still see the tables as they were (empty, on a
    first import) until autovacuum catches up, and pick slow plans for search meanwhile."""
    with connection.cursor() as cursor:
        for table in ANALYZED_TABLES:
            cursor.execute(f"ANALYZE {table}")  # constant table names
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {PG_TABLE}")
            # New search vectors wait in the GIN index's pending list, which every text search
            # scans until autovacuum merges it: merge it now.
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [f"{PG_TABLE}_gin"])


def geocode(parsed, report):
    """Rows without coordinates get their postcode's centroid; unknown postcodes are errors."""
    missing = [p for p in parsed if p.location["latitude"] is None]
    if not missing:
        return parsed
    codes = {p.location["postal_code"] for p in missing}
    centroids = {}
    code_list = list(codes)
    for start in range(0, len(code_list), 5000):
        found = Postcode.objects.filter(postal_code__in=code_list[start : start + 5000])
        for country, code, lat, lng in found.values_list(
            "country", "postal_code", "latitude", "longitude"
        ):
            centroids[country, code] = (lat, lng)
    kept = []
    for row in parsed:
        loc = row.location
        if loc["latitude"] is None:
            centroid = centroids.get((loc["country"], loc["postal_code"]))
            if centroid is None:
                report.errors.append(
                    RowError(
                        row.number,
                        "latitude",
                        f"No coordinates, and postcode {loc['postal_code']} is not in the "
                        "gazetteer (manage.py load_postcodes).",
                    )
                )
                continue
            loc["latitude"], loc["longitude"] = centroid
        kept.append(row)
    return kept


def check_licence_owners(parsed, report):
    """One licence number per jurisdiction: a second person on the same licence is an error."""
    owners = {}
    kept = []
    for row in parsed:
        owner = owners.setdefault(row.licence_key, row.therapist["name"])
        if owner.casefold() != row.therapist["name"].casefold():
            report.errors.append(
                RowError(
                    row.number,
                    "licence_number",
                    f"Licence {row.licence_key[0]} {row.licence_key[1]} is already listed for "
                    f"{owner} in this file.",
                )
            )
            continue
        kept.append(row)
    return kept


def existing_licences(keys):
    """{(jurisdiction, number): (licence id, therapist id)} for licences already stored."""
    found = {}
    by_jurisdiction = {}
    for jurisdiction, number in keys:
        by_jurisdiction.setdefault(jurisdiction, []).append(number)
    for jurisdiction, numbers in by_jurisdiction.items():
        for start in range(0, len(numbers), 5000):
            rows = Licence.objects.filter(
                jurisdiction=jurisdiction, number__in=numbers[start : start + 5000]
            ).values_list("number", "pk", "therapist_id")
            for number, pk, therapist_id in rows:
                found[jurisdiction, number] = (pk, therapist_id)
    return found


def count_changes(parsed, report):
    keys = {row.licence_key for row in parsed}
    existing = existing_licences(keys)
    report.therapists_updated = len(keys & existing.keys())
    report.therapists_created = len(keys - existing.keys())


class Writer:
    """Stores parsed rows with bulk queries: a few per thousand rows, not a few per row.

    bulk_create and bulk_update never call save() or send pre_save, so every object passes
    through home.sanitize.clean_instances() first: the rich text any of these models holds (or
    will hold) gets the editor's whitelist exactly as a save would give it.
    """

    def __init__(self, parsed, report):
        self.parsed = parsed
        self.report = report

    def write(self):
        if not self.parsed:
            return
        clinics = self.save_clinics()
        locations = self.save_locations(clinics)
        therapists = self.save_therapists()
        self.save_licences(therapists)
        self.link_locations(therapists, locations)
        self.save_relations(therapists)
        # Everyone in the file, and everyone else working at a place the file wrote (its
        # address, hours or services may have changed): their documents and listings.
        written = {locations[row.location_key] for row in self.parsed}
        ids = set(therapists.values()) | therapists_at(sorted(written))
        reindex_therapists(sorted(ids), reason="import")

    def save_clinics(self):
        wanted = {}
        for row in self.parsed:
            if row.clinic:
                wanted[row.clinic["name"].lower()] = row.clinic
        existing = {}
        for clinic in Clinic.objects.all().only("pk", "name", "slug"):
            existing.setdefault(clinic.name.lower(), clinic)
        slugs = set(Clinic.objects.values_list("slug", flat=True))
        new = []
        for key, data in wanted.items():
            if key in existing:
                continue
            clinic = Clinic(
                name=data["name"],
                slug=unique_slug(data["name"], slugs),
                phone=data["phone"],
                website=data["website"],
                email=data["email"],
                live=True,
            )
            new.append(clinic)
        Clinic.objects.bulk_create(clean_instances(new), batch_size=BATCH)
        self.report.clinics_created = len(new)
        for clinic in new:
            existing[clinic.name.lower()] = clinic
        return {key: existing[key].pk for key in wanted}

    def save_locations(self, clinics):
        existing = {}
        for pk, clinic_name, street, code, country in Location.objects.values_list(
            "pk", "clinic__name", "street_address", "postal_code", "country"
        ):
            existing[((clinic_name or "").lower(), street.lower(), code, country)] = pk
        new, changed, keys = [], [], []
        seen = set()
        for row in self.parsed:
            key = row.location_key
            if key in seen:
                continue
            seen.add(key)
            fields = dict(row.location)
            fields["clinic_id"] = clinics.get(key[0]) if key[0] else None
            if key in existing:
                changed.append(Location(pk=existing[key], **fields))
            else:
                hours = [interval(*h) for h in row.hours or []]
                new.append(Location(live=True, hours=hours, **fields))
                keys.append(key)
        Location.objects.bulk_create(clean_instances(new), batch_size=BATCH)
        if changed:
            fields = [f for f in self.parsed[0].location if f != "name"] + ["clinic_id"]
            update_changed(Location, changed, fields)
        self.report.locations_created = len(new)
        existing.update({key: loc.pk for key, loc in zip(keys, new, strict=True)})
        self.replace_children(existing, set(keys))
        return existing

    def replace_children(self, locations, created):
        """Hours and services given in the file replace those stored for that location
        (new locations got their hours when they were created)."""
        hours, services = {}, {}
        stored = defaultdict(list)
        wanted_ids = {
            locations[row.location_key] for row in self.parsed if row.services is not None
        }
        ids = sorted(wanted_ids - {locations[key] for key in created})
        for start in range(0, len(ids), 5000):
            rows = Service.objects.filter(location_id__in=ids[start : start + 5000]).order_by(
                "location_id", "sort_order", "pk"
            )
            for pk, *service in rows.values_list(
                "location_id", "name", "duration_minutes", "price_min", "price_max"
            ):
                stored[pk].append(tuple(service))
        stored_services = stored.__getitem__
        for row in self.parsed:
            pk = locations[row.location_key]
            if row.hours is not None and row.location_key not in created:
                hours[pk] = row.hours
            if row.services is not None:
                services[pk] = row.services
        stored_hours = stored_intervals(sorted(hours))
        changed = [
            Location(pk=pk, hours=[interval(*h) for h in wanted])
            for pk, wanted in hours.items()
            if [interval_key(*h) for h in wanted] != stored_hours.get(pk, [])
        ]
        Location.objects.bulk_update(clean_instances(changed), ["hours"], batch_size=UPDATE_BATCH)
        services = {pk: wanted for pk, wanted in services.items() if wanted != stored_services(pk)}
        replace(Service, services, new_service)

    def save_therapists(self):
        """{licence key: therapist id}, creating or updating one therapist per licence."""
        keys = {row.licence_key for row in self.parsed}
        existing = existing_licences(keys)
        slugs = set(Therapist.objects.values_list("slug", flat=True))
        first_rows = {}
        for row in self.parsed:
            first_rows.setdefault(row.licence_key, row)
        new, new_keys, changed = [], [], []
        for key, row in first_rows.items():
            if key in existing:
                changed.append(Therapist(pk=existing[key][1], **row.therapist))
            else:
                slug = unique_slug(f"{row.therapist['name']} {key[0]} {key[1]}", slugs)
                new.append(Therapist(slug=slug, live=True, **row.therapist))
                new_keys.append(key)
        Therapist.objects.bulk_create(clean_instances(new), batch_size=BATCH)
        if changed:
            update_changed(Therapist, changed, list(THERAPIST_FIELDS))
        self.report.therapists_created = len(new)
        self.report.therapists_updated = len(changed)
        result = {key: pk for key, (_, pk) in existing.items()}
        result.update({key: t.pk for key, t in zip(new_keys, new, strict=True)})
        self.existing_licences = existing
        return result

    def save_licences(self, therapists):
        new, changed = [], []
        done = set()
        for row in self.parsed:
            key = row.licence_key
            if key in done:
                continue
            done.add(key)
            fields = dict(row.licence, therapist_id=therapists[key])
            if key in self.existing_licences:
                changed.append(Licence(pk=self.existing_licences[key][0], **fields))
            else:
                new.append(Licence(**fields))
        stored = stored_states([lic.pk for lic in changed])
        Licence.objects.bulk_create(clean_instances(new), batch_size=BATCH)
        update = [f for f in LICENCE_FIELDS if f not in {"jurisdiction", "number"}]
        # A file without a verification date must not wipe one verify_licences recorded.
        keep = {"verified_at", "verified_by", "verification_source"}
        verified = [lic for lic in changed if lic.verified_at]
        unverified = [lic for lic in changed if not lic.verified_at]
        if verified:
            update_changed(Licence, verified, update)
        if unverified:
            fields = [f for f in update if f not in keep]
            update_changed(Licence, unverified, fields)
            for lic in unverified:  # what the row keeps: the file did not clear it
                lic.verified_at = stored[lic.pk]["verified_at"]
        log_changes(
            [(lic, None) for lic in new]
            + [(lic, audit_state(**stored[lic.pk])) for lic in changed],
            by="import_directory",
        )

    def link_locations(self, therapists, locations):
        """The file lists every place a therapist works: links not in it are removed."""
        through = Therapist.locations.through
        pairs = {(therapists[r.licence_key], locations[r.location_key]) for r in self.parsed}
        ids = sorted({t for t, _ in pairs})
        stored = set()
        for start in range(0, len(ids), BATCH):
            stored.update(
                through.objects.filter(therapist_id__in=ids[start : start + BATCH]).values_list(
                    "therapist_id", "location_id"
                )
            )
        stale = stored - pairs
        stale_by_therapist = {}
        for therapist_id, location_id in stale:
            stale_by_therapist.setdefault(therapist_id, []).append(location_id)
        for therapist_id, location_ids in stale_by_therapist.items():
            through.objects.filter(therapist_id=therapist_id, location_id__in=location_ids).delete()
        through.objects.bulk_create(
            [through(therapist_id=t, location_id=loc) for t, loc in sorted(pairs - stored)],
            batch_size=BATCH,
        )

    def save_relations(self, therapists):
        for name, target in (("modalities", "modalitypage_id"), ("conditions", "condition_id")):
            through = getattr(Therapist, name).through
            wanted = {}
            for row in self.parsed:
                values = getattr(row, name)
                if values is not None:
                    wanted.setdefault(therapists[row.licence_key], set()).update(values)
            ids = sorted(wanted)
            for start in range(0, len(ids), BATCH):
                through.objects.filter(therapist_id__in=ids[start : start + BATCH]).delete()
            through.objects.bulk_create(
                [through(therapist_id=t, **{target: v}) for t in ids for v in sorted(wanted[t])],
                batch_size=BATCH,
            )


THERAPIST_FIELDS = (
    "name", "pronouns", "gender", "bio", "languages", "npi", "booking_url",
    "accepting_new_clients", "mobile_service", "accepts_insurance", "accepts_hsa_fsa",
    "travel_radius_km", "travel_fee",
)  # fmt: skip
LICENCE_FIELDS = (
    "jurisdiction", "number", "status", "credential_type", "board_name", "board_lookup_url",
    "issued_on", "expires_on", "verified_at", "verification_source", "verified_by",
)  # fmt: skip


def therapists_at(location_ids):
    """The ids of the therapists linked to any of these locations."""
    through = Therapist.locations.through
    found = set()
    for start in range(0, len(location_ids), BATCH):
        links = through.objects.filter(location_id__in=location_ids[start : start + BATCH])
        found.update(links.values_list("therapist_id", flat=True))
    return found


def interval_key(weekday, opens, closes):
    return (str(weekday), opens.isoformat(), closes.isoformat())


def stored_intervals(location_ids):
    """{location id: [(weekday, opens, closes)]} read as plain JSON: building StreamValues for
    tens of thousands of locations just to compare them would dominate a re-import."""
    stored = {}
    for start in range(0, len(location_ids), 5000):
        rows = (
            Location.objects.filter(pk__in=location_ids[start : start + 5000])
            .annotate(raw=Cast("hours", TextField()))
            .values_list("pk", "raw")
        )
        for pk, raw in rows:
            blocks = json.loads(raw) if raw else []
            stored[pk] = [
                (b["value"]["weekday"], b["value"]["opens"], b["value"]["closes"])
                for b in blocks
                if b.get("type") == "interval"
            ]
    return stored


def stored_states(pks):
    """{licence id: {"status", "verified_at"}} as stored, before the import writes."""
    found = {}
    for start in range(0, len(pks), 5000):
        rows = Licence.objects.filter(pk__in=pks[start : start + 5000])
        found.update({row.pop("pk"): row for row in rows.values("pk", "status", "verified_at")})
    return found


def update_changed(model, objects, fields):
    """bulk_update only the objects whose stored values differ: a re-import of an unchanged
    file then costs a few reads instead of thousands of writes."""
    clean_instances(objects)  # first, so what is compared with the stored row is the clean value
    by_pk = {obj.pk: obj for obj in objects}
    pks = list(by_pk)
    changed = []
    for start in range(0, len(pks), 5000):
        stored = model.objects.filter(pk__in=pks[start : start + 5000]).values_list("pk", *fields)
        for pk, *values in stored:
            obj = by_pk[pk]
            if any(
                _comparable(value) != _comparable(getattr(obj, f))
                for f, value in zip(fields, values, strict=True)
            ):
                changed.append(obj)
    model.objects.bulk_update(changed, fields, batch_size=UPDATE_BATCH)
    return len(changed)


def _comparable(value):
    """Stream data compares by content (without block ids); decimals by value."""
    if hasattr(value, "raw_data"):
        value = [(b["type"], b["value"]) for b in value.raw_data]
    elif isinstance(value, list):
        value = [(b["type"], b["value"]) for b in value]
    return value


def new_service(location_id, service):
    name, minutes, low, high = service
    return Service(
        location_id=location_id, name=name, duration_minutes=minutes, price_min=low, price_max=high
    )


def replace(model, wanted, build):
    ids = sorted(wanted)
    for start in range(0, len(ids), BATCH):
        model.objects.filter(location_id__in=ids[start : start + BATCH]).delete()
    model.objects.bulk_create(
        clean_instances([build(pk, item) for pk in ids for item in wanted[pk]]), batch_size=BATCH
    )


def unique_slug(text, taken, max_length=100):
    base = slugify(text)[:max_length].strip("-") or "listing"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
