"""The GeoNames postal-code gazetteer: postcode centroids for geocoding without the network."""

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from directory.models import Postcode

SAMPLE_FILE = Path(__file__).resolve().parent / "data" / "postcodes_sample.txt"
# GeoNames columns: country, postal code, place, admin1 name, admin1 code, admin2 name,
# admin2 code, admin3 name, admin3 code, latitude, longitude, accuracy.
COUNTRY, CODE, PLACE, ADMIN1_CODE, LATITUDE, LONGITUDE = 0, 1, 2, 4, 9, 10


def parse_line(fields):
    if len(fields) < 11:
        return None
    try:
        lat, lng = Decimal(fields[LATITUDE]), Decimal(fields[LONGITUDE])
    except InvalidOperation:
        return None
    if not (fields[COUNTRY] and fields[CODE]) or abs(lat) > 90 or abs(lng) > 180:
        return None
    return Postcode(
        country=fields[COUNTRY].upper()[:2],
        postal_code=fields[CODE][:20],
        place_name=fields[PLACE][:180],
        admin_code=fields[ADMIN1_CODE][:20],
        latitude=lat.quantize(Decimal("0.000001")),
        longitude=lng.quantize(Decimal("0.000001")),
    )


def load_postcodes(path):
    """Insert or update every postcode in the file. Returns (created, updated, skipped)."""
    parsed, skipped = {}, 0
    with open(path, encoding="utf-8", newline="") as handle:
        for fields in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            postcode = parse_line(fields)
            if postcode is None:
                skipped += 1
                continue
            parsed[postcode.country, postcode.postal_code] = postcode
    existing = {
        (country, code): pk
        for pk, country, code in Postcode.objects.values_list("pk", "country", "postal_code")
    }
    new = [p for key, p in parsed.items() if key not in existing]
    changed = []
    for key, postcode in parsed.items():
        if key in existing:
            postcode.pk = existing[key]
            changed.append(postcode)
    Postcode.objects.bulk_create(new, batch_size=2000)
    Postcode.objects.bulk_update(
        changed, ["place_name", "admin_code", "latitude", "longitude"], batch_size=2000
    )
    return len(new), len(changed), skipped
