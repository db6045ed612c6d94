"""A synthetic directory CSV for the benchmarks: therapists around real US city centres."""

import csv
import random

from directory.demo import FIRST, LAST  # the same names as the demo listings
from directory.importer import COLUMNS

CITIES = [
    ("FL", "Miami", 25.7617, -80.1918),
    ("FL", "Orlando", 28.5383, -81.3792),
    ("FL", "Tampa", 27.9506, -82.4572),
    ("NY", "New York", 40.7128, -74.0060),
    ("NY", "Buffalo", 42.8864, -78.8784),
    ("CA", "Los Angeles", 34.0522, -118.2437),
    ("CA", "San Francisco", 37.7749, -122.4194),
    ("CA", "San Diego", 32.7157, -117.1611),
    ("TX", "Austin", 30.2672, -97.7431),
    ("TX", "Houston", 29.7604, -95.3698),
    ("TX", "Dallas", 32.7767, -96.7970),
    ("WA", "Seattle", 47.6062, -122.3321),
    ("IL", "Chicago", 41.8781, -87.6298),
    ("CO", "Denver", 39.7392, -104.9903),
    ("MA", "Boston", 42.3601, -71.0589),
    ("OR", "Portland", 45.5152, -122.6784),
    ("GA", "Atlanta", 33.7490, -84.3880),
    ("AZ", "Phoenix", 33.4484, -112.0740),
    ("PA", "Philadelphia", 39.9526, -75.1652),
    ("MN", "Minneapolis", 44.9778, -93.2650),
]
FOCUS = [
    "deep tissue work for runners",
    "Swedish relaxation massage",
    "sports recovery",
    "myofascial release for desk workers",
    "trigger point therapy for headaches",
    "prenatal massage",
    "lymphatic drainage",
    "shiatsu and stretching",
]
SERVICES = ["Swedish massage|60|95", "Deep tissue massage|90|120-140", "Sports massage|60|105"]


def write_csv(path, therapists, seed=7):
    """therapists with 1-3 locations each; returns the number of rows written."""
    rng = random.Random(seed)
    rows = 0
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(therapists):
            base = therapist_fields(n, rng)
            for k in range(rng.choice((1, 1, 2, 2, 3))):
                writer.writerow({**base, **location_fields(n, k, rng)})
                rows += 1
    return rows


def therapist_fields(n, rng):
    state, *_ = CITIES[n % len(CITIES)]
    focus = rng.sample(FOCUS, 2)
    return {
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
        "bio": f"Licensed therapist offering {focus[0]} and {focus[1]}.",
        "languages": rng.choice(["en", "en", "en,es", "en,zh", "es", "en,vi"]),
        "gender": rng.choice(["woman", "man", "non-binary", ""]),
        "accepting_new_clients": rng.choice(["yes", "yes", "no"]),
        "accepts_insurance": rng.choice(["yes", "no"]),
        "accepts_hsa_fsa": rng.choice(["yes", "no"]),
        "licence_jurisdiction": state,
        "licence_number": f"MT{n:07d}",
        "licence_status": "active" if n % 10 else rng.choice(["expired", "inactive"]),
        "licence_issued_on": "2021-03-01",
        "licence_expires_on": "2099-03-01",
        "licence_verified_at": "" if n % 13 == 0 else "2026-06-01",
        "booking_url": f"https://book.example.com/t{n}",
    }


def location_fields(n, k, rng):
    state, city, lat, lng = CITIES[(n + k * 7) % len(CITIES)] if k else CITIES[n % len(CITIES)]
    return {
        "street_address": f"{rng.randint(1, 9999)} Main St #{n}-{k}",
        "locality": city,
        "region": state,
        "postal_code": f"{rng.randint(10000, 99999)}",
        "latitude": f"{lat + rng.gauss(0, 0.25):.6f}",
        "longitude": f"{lng + rng.gauss(0, 0.3):.6f}",
        "wheelchair_accessible": rng.choice(["yes", "no"]),
        "parking": rng.choice(["yes", "no"]),
        "hours": "Mo-Fr 09:00-17:00; Sa 10:00-14:00",
        "services": SERVICES[n % 3] if k == 0 else "",
        "phone": f"+1212555{n % 10000:04d}" if n % 4 == 0 else "",
    }
