"""Demo directory: a few dozen therapists and clinics in six states, some deliberately hidden
(expired, unverified, suspended licences). Goes through the real CSV importer, so running it
again updates the same listings instead of adding more."""

import csv
import datetime as dt
import io
import random

from django.utils import timezone

from directory.geonames import SAMPLE_FILE, load_postcodes
from directory.importer import COLUMNS, import_directory
from directory.models import Clinic, Therapist
from education.models import Condition, ModalityPage

FIRST = [
    "Maria",
    "James",
    "Aiko",
    "Daniel",
    "Priya",
    "Sam",
    "Lena",
    "Marcus",
    "Rosa",
    "Tom",
    "Nadia",
    "Luis",
    "Grace",
    "Omar",
    "Hannah",
    "Wei",
    "Carmen",
    "Eli",
    "Fatima",
    "Noah",
]
LAST = [
    "Lopez",
    "Carter",
    "Tanaka",
    "Okafor",
    "Shah",
    "Rivera",
    "Novak",
    "Bell",
    "Nguyen",
    "Haddad",
    "Kim",
    "Brennan",
    "Silva",
    "Weiss",
    "Park",
    "Moreau",
    "Diaz",
    "Cohen",
]
# (state, board, city, street, ZIP, lat, lng)
PLACES = [
    (
        "FL",
        "Florida Board of Massage Therapy",
        "Miami",
        "1450 Brickell Ave",
        "33131",
        25.76012,
        -80.19259,
    ),
    (
        "FL",
        "Florida Board of Massage Therapy",
        "Orlando",
        "220 N Orange Ave",
        "32801",
        28.54411,
        -81.37893,
    ),
    (
        "FL",
        "Florida Board of Massage Therapy",
        "Tampa",
        "905 E Twiggs St",
        "33602",
        27.95124,
        -82.45309,
    ),
    (
        "NY",
        "NYS Education Department, Office of the Professions",
        "New York",
        "145 W 57th St",
        "10019",
        40.76476,
        -73.97852,
    ),
    (
        "NY",
        "NYS Education Department, Office of the Professions",
        "Brooklyn",
        "311 Atlantic Ave",
        "11201",
        40.68812,
        -73.98796,
    ),
    (
        "CA",
        "California Massage Therapy Council",
        "San Francisco",
        "870 Market St",
        "94102",
        37.78516,
        -122.40706,
    ),
    (
        "CA",
        "California Massage Therapy Council",
        "Los Angeles",
        "6255 Sunset Blvd",
        "90028",
        34.09793,
        -118.32548,
    ),
    (
        "TX",
        "Texas Department of Licensing and Regulation",
        "Austin",
        "1100 S Lamar Blvd",
        "78704",
        30.25391,
        -97.76369,
    ),
    (
        "TX",
        "Texas Department of Licensing and Regulation",
        "Houston",
        "2400 Westheimer Rd",
        "77098",
        29.74275,
        -95.41277,
    ),
    (
        "WA",
        "Washington State Department of Health",
        "Seattle",
        "1521 2nd Ave",
        "98101",
        47.61018,
        -122.34066,
    ),
    (
        "CO",
        "Colorado Office of Massage Therapy Licensure",
        "Denver",
        "1600 Champa St",
        "80202",
        39.74688,
        -104.99268,
    ),
]
PREFIX = {"FL": "MA", "NY": "", "CA": "CAMTC", "TX": "MT", "WA": "MA", "CO": "MT"}
CLINICS = [
    "Harbor Bodywork",
    "Tidewater Massage Clinic",
    "Riverside Therapeutic Massage",
    "Northside Recovery Studio",
    "Cedar & Stone Massage",
    "Union Square Soft Tissue",
]
SERVICES = [
    "Swedish massage|60|95",
    "Deep tissue massage|60|110",
    "Deep tissue massage|90|140-160",
    "Sports massage|60|105",
    "Myofascial release|75|125",
    "Trigger point therapy|45|80",
]
HOURS = ["Mo-Fr 09:00-18:00; Sa 10:00-14:00", "Tu-Sa 10:00-19:00", "Mo-Th 08:00-16:00"]
BIOS = [
    "Works with desk workers on neck and shoulder tension; teaches stretches to do at home.",
    "Focuses on runners and cyclists: recovery after long efforts, tight calves and hips.",
    "Gentle, slow sessions for people living with long-term low back pain.",
    "Trained in myofascial release and trigger point work; explains what each technique does.",
]
COUNT = 36


def seed(log):
    created, updated, _ = load_postcodes(SAMPLE_FILE)
    log(f"Postcodes: {created} added, {updated} updated.")
    report = import_directory(csv.DictReader(io.StringIO(build_csv())))
    for error in report.errors:
        log(f"row {error.row}, {error.field}: {error.reason}")
    public = Therapist.objects.public().count()
    log(
        f"Directory: {Therapist.objects.count()} therapists ({public} public), "
        f"{Clinic.objects.count()} clinics."
    )


def build_csv():
    rng = random.Random(5)
    today = timezone.localdate()
    modalities, conditions = education_slugs()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for n in range(COUNT):
        state, board, city, street, zipcode, lat, lng = PLACES[n % len(PLACES)]
        row = {
            "name": f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}",
            "pronouns": rng.choice(["she/her", "he/him", "they/them", ""]),
            "gender": rng.choice(["woman", "man", "non-binary", ""]),
            "bio": BIOS[n % len(BIOS)],
            "languages": rng.choice(["en", "en,es", "en", "en,zh", "en,vi", "en,fr"]),
            "accepting_new_clients": "yes" if n % 4 else "no",
            "mobile_service": "yes" if n % 5 == 0 else "no",
            "travel_radius_km": "25" if n % 5 == 0 else "",
            "travel_fee": "20" if n % 5 == 0 else "",
            "accepts_insurance": "yes" if n % 3 == 0 else "no",
            "accepts_hsa_fsa": "yes" if n % 2 == 0 else "no",
            "booking_url": f"https://book.example.com/therapist-{n + 1}",
            "licence_jurisdiction": state,
            "licence_number": f"{PREFIX[state]}{20000 + n * 37}",
            "licence_type": "licence" if state != "CA" else "certification",
            "board_name": board,
            "licence_issued_on": (today - dt.timedelta(days=900 + n * 11)).isoformat(),
            **licence_state(n, today),
            "street_address": street if n % 3 else f"{100 + n} {street.split(' ', 1)[1]}",
            "locality": city,
            "region": state,
            "postal_code": zipcode,
            "latitude": f"{lat + (n % 3) * 0.00731:.5f}",
            "longitude": f"{lng - (n % 3) * 0.00517:.5f}",
            "wheelchair_accessible": "yes" if n % 2 else "no",
            "parking": "yes" if n % 3 else "no",
            "near_transit": "yes" if n % 4 else "no",
            "hours": HOURS[n % len(HOURS)],
            "services": "; ".join(rng.sample(SERVICES, 3)),
            "modalities": ";".join(rng.sample(modalities, min(2, len(modalities)))),
            "conditions": ";".join(rng.sample(conditions, min(2, len(conditions)))),
        }
        if n % 3 == 0:
            # Clinics sit at the first address of each city; others are independent rooms.
            row["clinic_name"] = CLINICS[n % len(CLINICS)] + f" {city}"
            row["clinic_phone"] = f"+1{PHONE_AREAS[state]}555{n:04d}"
            row["clinic_website"] = f"https://clinic-{n}.example.com"
        writer.writerow(row)
    return out.getvalue()


PHONE_AREAS = {"FL": "305", "NY": "212", "CA": "415", "TX": "512", "WA": "206", "CO": "303"}


def licence_state(n, today):
    """Mostly current licences; every seventh expired, every eleventh unverified, one suspended."""
    verified = (today - dt.timedelta(days=20 + n)).isoformat()
    expires = (today + dt.timedelta(days=200 + n * 9)).isoformat()
    if n % 7 == 6:
        return {"licence_status": "active", "licence_expires_on": today.isoformat(),
                "licence_verified_at": verified}  # fmt: skip
    if n % 11 == 10:
        return {"licence_status": "active", "licence_expires_on": expires}
    if n == 17:
        return {"licence_status": "suspended", "licence_expires_on": expires,
                "licence_verified_at": verified}  # fmt: skip
    if n % 9 == 4:
        # Expiring soon, so the admin's "expiring within 30 days" filter has something to show.
        expires = (today + dt.timedelta(days=12 + n)).isoformat()
    return {
        "licence_status": "active",
        "licence_expires_on": expires,
        "licence_verified_at": verified,
    }


def education_slugs():
    modalities = list(ModalityPage.objects.live().values_list("slug", flat=True))
    conditions = list(Condition.objects.values_list("slug", flat=True))
    return modalities, conditions
